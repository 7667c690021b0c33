//! One strength verdict per secret (docs/RULES.md): the first of JWT101 (known),
//! JWT102 (short for its algorithm), JWT103 (not random) that applies.

use std::sync::OnceLock;

use regex::bytes::Regex;

use super::{entropy, known};

/// An HMAC algorithm, which sets the minimum key length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alg {
    Hs256,
    Hs384,
    Hs512,
}

impl Alg {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Alg::Hs256 => "HS256",
            Alg::Hs384 => "HS384",
            Alg::Hs512 => "HS512",
        }
    }

    /// The key length RFC 7518 requires: at least the hash output size.
    pub(crate) fn min_bytes(self) -> usize {
        match self {
            Alg::Hs256 => 32,
            Alg::Hs384 => 48,
            Alg::Hs512 => 64,
        }
    }

    fn from_bits(bits: &[u8]) -> Option<Alg> {
        match bits {
            b"256" => Some(Alg::Hs256),
            b"384" => Some(Alg::Hs384),
            b"512" => Some(Alg::Hs512),
            _ => None,
        }
    }

    /// The HMAC algorithm named in `text` (`HS512`, `HMAC384`, `HmacSHA512`,
    /// `SigningMethodHS384`, `JWSAlgorithm.HS512` ...), if exactly one size is
    /// named; several different sizes are ambiguous and give `None`.
    pub(crate) fn find(text: &[u8]) -> Option<Alg> {
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(
                r"(?i)\b(?:HS|HMAC|HmacSHA|SigningMethodHS|HMAC_SHA|HMAC-SHA)[_-]?(256|384|512)\b",
            )
            .expect("a constant, valid pattern")
        });
        let mut found: Option<Alg> = None;
        for caps in re.captures_iter(text) {
            let alg = caps.get(1).and_then(|m| Alg::from_bits(m.as_bytes()))?;
            match found {
                Some(f) if f != alg => return None,
                _ => found = Some(alg),
            }
        }
        found
    }

    /// Reads the algorithm from a regex capture such as `512` or `HS512`.
    pub(crate) fn from_capture(text: &[u8]) -> Option<Alg> {
        let digits: Vec<u8> = text.iter().copied().filter(u8::is_ascii_digit).collect();
        Alg::from_bits(&digits)
    }
}

/// Why a secret is weak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Weakness {
    /// JWT101: a published secret.
    Known,
    /// JWT102: fewer bytes than the algorithm needs.
    Short {
        len: usize,
        alg: Alg,
        alg_known: bool,
    },
    /// JWT103: long enough but not random.
    NotRandom(&'static str),
}

impl Weakness {
    pub(crate) fn rule_id(&self) -> &'static str {
        match self {
            Weakness::Known => "JWT101",
            Weakness::Short { .. } => "JWT102",
            Weakness::NotRandom(_) => "JWT103",
        }
    }

    pub(crate) fn describe(&self) -> String {
        match self {
            Weakness::Known => {
                "this key is in public lists of known JWT secrets: anyone can forge tokens with it"
                    .to_string()
            }
            Weakness::Short {
                len,
                alg,
                alg_known,
            } => format!(
                "the key is {len} bytes; {}{} needs at least {}",
                alg.name(),
                if *alg_known { "" } else { " (assumed)" },
                alg.min_bytes()
            ),
            Weakness::NotRandom(why) => format!("the key is not random: {why}"),
        }
    }
}

/// The strength verdict for a secret used with `alg` (HS256 when unknown).
pub(crate) fn assess(secret: &str, alg: Option<Alg>) -> Option<Weakness> {
    if secret.is_empty() {
        return None;
    }
    if known::is_known(secret.as_bytes()) {
        return Some(Weakness::Known);
    }
    let used = alg.unwrap_or(Alg::Hs256);
    if secret.len() < used.min_bytes() {
        return Some(Weakness::Short {
            len: secret.len(),
            alg: used,
            alg_known: alg.is_some(),
        });
    }
    not_random(secret).map(Weakness::NotRandom)
}

/// [`entropy::weakness`], remembered per thread: one key recurs in every
/// version of its file in history, and in every file of a tree that shares it.
fn not_random(secret: &str) -> Option<&'static str> {
    /// Entries kept before the memo starts over.
    const MEMO: usize = 4096;
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, Option<&'static str>>> =
            std::cell::RefCell::default();
    }
    SEEN.with(|seen| {
        if let Some(why) = seen.borrow().get(secret) {
            return *why;
        }
        let why = entropy::weakness(secret);
        let mut seen = seen.borrow_mut();
        if seen.len() >= MEMO {
            seen.clear();
        }
        seen.insert(secret.to_string(), why);
        why
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_algorithms() {
        assert_eq!(Alg::find(b"Algorithm.HMAC512(key)"), Some(Alg::Hs512));
        assert_eq!(
            Alg::find(b"jwt.SigningMethodHS384, claims"),
            Some(Alg::Hs384)
        );
        assert_eq!(Alg::find(b"algorithm='HS256'"), Some(Alg::Hs256));
        assert_eq!(Alg::find(b"\"HmacSHA512\""), Some(Alg::Hs512));
        assert_eq!(Alg::find(b"HS256 or HS512"), None);
        assert_eq!(Alg::find(b"RS256"), None);
    }

    #[test]
    fn first_verdict_wins() {
        assert_eq!(assess("secret", None), Some(Weakness::Known));
        assert!(matches!(
            assess("k3Y!x", None),
            Some(Weakness::Short { len: 5, .. })
        ));
        let k32 = "kR8vT2qLx9ZmW4pN7sJc1HfY6gBd3uEa";
        assert_eq!(assess(k32, None), None);
        assert!(matches!(
            assess(k32, Some(Alg::Hs512)),
            Some(Weakness::Short { .. })
        ));
        assert!(matches!(
            assess("this-is-my-super-secret-jwt-signing-key-2024", None),
            Some(Weakness::NotRandom(_))
        ));
        assert_eq!(assess("", None), None);
    }
}
