//! What a `package.json` declares of the npm packages some flags are about
//! (`fixed_in: jsonwebtoken@9`): the lowest major version its range allows.

use serde_json::Value;

/// The sections a dependency is declared in.
const SECTIONS: [&str; 4] = [
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

/// For each of `wanted` that `bytes` (a `package.json`) declares, the
/// lowest major version its range allows; `latest` and `*` install the
/// newest release, given as `u64::MAX`. Ranges with no version (a git URL,
/// a path) are left out: nothing is known of them.
pub(crate) fn declared_majors(bytes: &[u8], wanted: &[&str]) -> Vec<(String, u64)> {
    let Ok(Value::Object(doc)) = serde_json::from_slice::<Value>(bytes) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for name in wanted {
        let declared = SECTIONS.iter().find_map(|s| {
            doc.get(*s)
                .and_then(|deps| deps.get(*name))
                .and_then(Value::as_str)
        });
        if let Some(major) = declared.and_then(lowest_major) {
            out.push((name.to_string(), major));
        }
    }
    out
}

/// `^9.0.2`, `~8.5.1`, `>=9`, `9.x`, `8 || 9` (the lowest alternative):
/// the first number; `latest` and `*`: the newest.
fn lowest_major(range: &str) -> Option<u64> {
    let range = range.trim();
    if range == "latest" || range == "*" || range == "x" {
        return Some(u64::MAX);
    }
    if range.contains(':') || range.contains('/') {
        return None;
    }
    range
        .split("||")
        .filter_map(|alt| {
            let alt = alt
                .trim()
                .trim_start_matches(['^', '~', '>', '=', 'v', ' ']);
            let digits: String = alt.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majors() {
        let doc =
            br#"{"dependencies": {"jsonwebtoken": "^9.0.2"}, "devDependencies": {"other": "1"}}"#;
        assert_eq!(
            declared_majors(doc, &["jsonwebtoken"]),
            vec![("jsonwebtoken".to_string(), 9)]
        );
        assert_eq!(lowest_major("~8.5.1"), Some(8));
        assert_eq!(lowest_major(">=9.0.0"), Some(9));
        assert_eq!(lowest_major("8 || 9"), Some(8));
        assert_eq!(lowest_major("latest"), Some(u64::MAX));
        assert_eq!(lowest_major("github:auth0/node-jsonwebtoken"), None);
        assert!(declared_majors(b"not json", &["jsonwebtoken"]).is_empty());
    }
}
