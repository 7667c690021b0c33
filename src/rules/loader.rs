//! The built-in rule files, embedded with an explicit list.
//!
//! `include_dir!`-style embedding misses new files in incremental builds; an
//! explicit list does not, and a test checks it against `rules/`.

use super::error::RuleError;
use super::schema::RuleFile;

/// Every file under `rules/`, by name and content: the tests read the YAML
/// (example lines, the README table); the binary loads `BUILTIN_JSON`.
#[cfg(test)]
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/catalog.yaml",
        include_str!("../../rules/catalog.yaml"),
    ),
    (
        "rules/languages.yaml",
        include_str!("../../rules/languages.yaml"),
    ),
    (
        "rules/javascript.yaml",
        include_str!("../../rules/javascript.yaml"),
    ),
    ("rules/python.yaml", include_str!("../../rules/python.yaml")),
    ("rules/go.yaml", include_str!("../../rules/go.yaml")),
    ("rules/java.yaml", include_str!("../../rules/java.yaml")),
    ("rules/dotenv.yaml", include_str!("../../rules/dotenv.yaml")),
    ("rules/csharp.yaml", include_str!("../../rules/csharp.yaml")),
    ("rules/ruby.yaml", include_str!("../../rules/ruby.yaml")),
    ("rules/php.yaml", include_str!("../../rules/php.yaml")),
    ("rules/rust.yaml", include_str!("../../rules/rust.yaml")),
    ("rules/elixir.yaml", include_str!("../../rules/elixir.yaml")),
    ("rules/config.yaml", include_str!("../../rules/config.yaml")),
    ("rules/misuse.yaml", include_str!("../../rules/misuse.yaml")),
];

/// The same files as JSON, converted by `build.rs`: what the binary loads
/// (several times faster to parse than YAML, for start-up).
const BUILTIN_JSON: &[(&str, &str)] = &[
    (
        "rules/catalog.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/catalog.json")),
    ),
    (
        "rules/languages.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/languages.json")),
    ),
    (
        "rules/javascript.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/javascript.json")),
    ),
    (
        "rules/python.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/python.json")),
    ),
    (
        "rules/go.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/go.json")),
    ),
    (
        "rules/java.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/java.json")),
    ),
    (
        "rules/dotenv.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/dotenv.json")),
    ),
    (
        "rules/csharp.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/csharp.json")),
    ),
    (
        "rules/ruby.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/ruby.json")),
    ),
    (
        "rules/php.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/php.json")),
    ),
    (
        "rules/rust.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/rust.json")),
    ),
    (
        "rules/elixir.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/elixir.json")),
    ),
    (
        "rules/config.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/config.json")),
    ),
    (
        "rules/misuse.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/rules/misuse.json")),
    ),
];

/// Parses the embedded files. The binary reads their JSON form, which
/// `build.rs` writes without the examples (a scan never runs them, and they
/// were half of the text parsed at start-up); the tests read the YAML,
/// examples included.
pub(crate) fn builtin_files() -> Result<Vec<(String, RuleFile)>, RuleError> {
    #[cfg(test)]
    return BUILTIN
        .iter()
        .map(|(name, yaml)| parse_file(name, yaml).map(|f| (name.to_string(), f)))
        .collect();
    #[cfg(not(test))]
    BUILTIN_JSON
        .iter()
        .map(|(name, json)| {
            serde_json::from_str(json)
                .map(|f| (name.to_string(), f))
                .map_err(|e| RuleError::Invalid {
                    file: name.to_string(),
                    id: "(built-in)".to_string(),
                    message: e.to_string(),
                })
        })
        .collect()
}

/// Parses one rule file; errors name the file and the YAML line.
pub(crate) fn parse_file(name: &str, text: &str) -> Result<RuleFile, RuleError> {
    crate::yaml::parse(text).map_err(|source| RuleError::Yaml {
        file: name.to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_matches_rules_directory() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("rules/ exists in the source tree")
            .filter_map(|e| e.ok())
            .map(|e| format!("rules/{}", e.file_name().to_string_lossy()))
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "rules/ and loader::BUILTIN disagree");
        let json: Vec<&str> = BUILTIN_JSON.iter().map(|(n, _)| *n).collect();
        let yaml: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(json, yaml, "BUILTIN_JSON lists other files than BUILTIN");
    }

    #[test]
    fn json_and_yaml_forms_load_the_same_rules_but_the_examples() {
        for ((name, yaml), (_, json)) in BUILTIN.iter().zip(BUILTIN_JSON) {
            // The JSON form leaves the examples out.
            let mut yaml = parse_file(name, yaml).expect("YAML");
            for rule in &mut yaml.rules {
                rule.examples.clear();
                rule.negative_examples.clear();
            }
            for sink in &mut yaml.sinks {
                sink.examples.clear();
                sink.negative_examples.clear();
            }
            let from_yaml = format!("{yaml:?}");
            let from_json = format!(
                "{:?}",
                serde_json::from_str::<RuleFile>(json).expect("JSON")
            );
            assert_eq!(from_yaml, from_json, "{name}");
        }
    }

    #[test]
    fn readme_rules_table_matches_the_rules() {
        let readme = include_str!("../../README.md");
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules load");
        for rule in &rules.rules {
            let row = format!(
                "| {} | {} | {} |",
                rule.id,
                rule.slug,
                rule.severity.as_str()
            );
            assert!(readme.contains(&row), "README.md lacks the row {row}");
        }
        let rows = readme.lines().filter(|l| l.starts_with("| JWT")).count();
        assert_eq!(
            rows,
            rules.rules.len(),
            "README.md lists rules that do not exist"
        );
    }

    #[test]
    fn malformed_yaml_names_file_and_line() {
        let err = parse_file("rules/bad.yaml", "rules:\n  - id: JWT999\n    slug: [\n")
            .expect_err("unterminated flow sequence");
        let text = err.to_string();
        assert!(text.starts_with("rules/bad.yaml:"), "{text}");
        assert!(text.contains(":3:") || text.contains(":4:"), "{text}");
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err = parse_file("rules/x.yaml", "sinks:\n  - name: a\n    langauges: [go]\n")
            .expect_err("misspelt key");
        assert!(err.to_string().contains("langauges"), "{err}");
    }
}
