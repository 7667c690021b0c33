//! Is a key random? A heuristic for JWT103, over the key's characters.
//!
//! Shannon entropy alone misleads (a sentence scores higher than a hex key), so
//! this marks each character that a guesser would get for free: runs of one
//! character, keyboard and alphabet walks, a repeated unit, and pronounceable
//! words (or a few common key words). A key where most characters are free,
//! or whose entropy per character is very low, is not random.
//!
//! Limits: a random key that happens to be made of real words (a diceware
//! passphrase) is flagged, and leetspeak variants of words are not. Both are
//! acceptable for a check whose fix is "generate 32 random bytes".

/// Why a key is not random, or `None` if it looks random.
pub(crate) fn weakness(value: &str) -> Option<&'static str> {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    if n < 8 {
        return None;
    }
    let distinct = {
        let mut c = chars.clone();
        c.sort_unstable();
        c.dedup();
        c.len()
    };
    // Few distinct characters; hex keys have 16, so the bar stays below that.
    if distinct <= 4 || (distinct < 8 && n >= 24) {
        return Some("it repeats a few characters");
    }
    if let Some(period) = smallest_period(&chars) {
        if period * 2 <= n {
            return Some("it repeats a short pattern");
        }
    }
    let mut free = vec![false; n];
    let walks = mark_walks(&chars, &mut free);
    let runs = mark_runs(&chars, &mut free);
    let words = mark_words(&chars, &mut free);
    // Separators between predictable parts are predictable too.
    for i in 0..n {
        if matches!(
            chars[i],
            '-' | '_' | ' ' | '.' | ',' | '!' | '@' | '/' | ':'
        ) && (i == 0 || free[i - 1] || i + 1 == n || free[i + 1])
        {
            free[i] = true;
        }
    }
    let covered = free.iter().filter(|&&f| f).count();
    if covered * 10 >= n * 6 {
        return Some(if words >= walks && words >= runs {
            "it is made of words"
        } else if walks >= runs {
            "it is a keyboard or alphabet sequence"
        } else {
            "it repeats characters"
        });
    }
    if n >= 16 && shannon(&chars) < 3.0 {
        return Some("its characters are too predictable (low entropy)");
    }
    None
}

/// Shannon entropy in bits per character.
pub(crate) fn shannon(chars: &[char]) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for c in chars {
        *counts.entry(*c).or_insert(0usize) += 1;
    }
    let n = chars.len() as f64;
    counts
        .values()
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// The smallest p such that the text repeats its first p characters (the
/// last repetition may be cut short), if any p <= n/2 does.
fn smallest_period(chars: &[char]) -> Option<usize> {
    let n = chars.len();
    (1..=n / 2).find(|&p| (p..n).all(|i| chars[i] == chars[i - p]))
}

/// Keyboard rows and the alphabet/digit sequences, forwards and backwards.
const WALKS: &[&str] = &[
    "1234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "azertyuiop",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "zaqxswcdevfrbgtnhymjukilop",
];

/// Marks characters in walks of four or more steps; returns how many.
fn mark_walks(chars: &[char], free: &mut [bool]) -> usize {
    let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    let step = |a: char, b: char| {
        WALKS.iter().any(|w| {
            let w = w.as_bytes();
            w.windows(2).any(|p| {
                (p[0] as char == a && p[1] as char == b) || (p[1] as char == a && p[0] as char == b)
            })
        })
    };
    let mut marked = 0;
    let mut start = 0;
    for i in 1..=lower.len() {
        if i < lower.len() && step(lower[i - 1], lower[i]) {
            continue;
        }
        if i - start >= 4 {
            for f in &mut free[start..i] {
                if !*f {
                    *f = true;
                    marked += 1;
                }
            }
        }
        start = i;
    }
    marked
}

/// Marks runs of three or more of one character; returns how many.
fn mark_runs(chars: &[char], free: &mut [bool]) -> usize {
    let mut marked = 0;
    let mut start = 0;
    for i in 1..=chars.len() {
        if i < chars.len() && chars[i] == chars[i - 1] {
            continue;
        }
        if i - start >= 3 {
            for f in &mut free[start..i] {
                if !*f {
                    *f = true;
                    marked += 1;
                }
            }
        }
        start = i;
    }
    marked
}

/// Words people put in keys: too short or too vowel-less for the
/// pronounceability test below.
const KEY_WORDS: &[&str] = &[
    "jwt", "key", "api", "app", "my", "the", "is", "dev", "prod", "auth", "sso", "id", "to", "of",
    "for", "and", "by", "in", "on", "it", "do", "no", "not", "use", "web", "www", "http", "https",
    "sha", "hmac", "rsa", "hs", "pwd", "pass", "env", "qa", "uat", "test", "cms", "crm", "db",
];

/// Marks letters in word-like tokens (split at non-letters and case changes)
/// and digit groups of up to four (years, counters) next to them; returns how
/// many letters were marked as words.
fn mark_words(chars: &[char], free: &mut [bool]) -> usize {
    let n = chars.len();
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if !chars[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        // `camelCase` splits before an upper-case letter; `ALLCAPS` stays whole.
        while i < n
            && chars[i].is_ascii_alphabetic()
            && !(chars[i].is_ascii_uppercase() && chars[i - 1].is_ascii_lowercase())
        {
            i += 1;
        }
        tokens.push((start, i));
    }
    let mut marked = 0;
    let mut word_tokens = 0;
    for &(s, e) in &tokens {
        // Words are written in one case (`secret`, `Secret`, `SECRET`); a
        // mixed-case run (`UARfx`) is what random base62 looks like.
        let token = &chars[s..e];
        let rest_lower = token[1..].iter().all(|c| c.is_ascii_lowercase());
        let all_upper = token.iter().all(|c| c.is_ascii_uppercase());
        if !(rest_lower || all_upper) {
            continue;
        }
        let word: String = token.iter().map(|c| c.to_ascii_lowercase()).collect();
        if KEY_WORDS.contains(&word.as_str()) || pronounceable(&word) {
            word_tokens += 1;
            for f in &mut free[s..e] {
                *f = true;
            }
            marked += e - s;
        } else if word.len() >= 8 {
            // Words run together (`thisismysupersecretkey`): cover the token
            // greedily with known words.
            let covered = segment(&word);
            let count = covered.iter().filter(|&&c| c).count();
            if count * 10 >= word.len() * 7 {
                word_tokens += 1;
                for (f, c) in free[s..e].iter_mut().zip(covered) {
                    *f |= c;
                }
                marked += count;
            }
        }
    }
    if word_tokens == 0 {
        return 0;
    }
    // Short digit groups (2024, 123) standing alone between separators.
    let mut i = 0;
    while i < n {
        if chars[i].is_ascii_digit() {
            let s = i;
            while i < n && chars[i].is_ascii_digit() {
                i += 1;
            }
            let alone = (s == 0 || !chars[s - 1].is_ascii_alphanumeric() || free[s - 1])
                && (i == n || !chars[i].is_ascii_alphanumeric() || free[i]);
            if i - s <= 4 && alone {
                for f in &mut free[s..i] {
                    *f = true;
                }
            }
        } else {
            i += 1;
        }
    }
    marked
}

/// Words people put in keys, for splitting run-together phrases. Not a
/// dictionary: the words of secrets, apps and tutorials.
const DICTIONARY: &[&str] = &[
    "secret",
    "secrets",
    "super",
    "key",
    "keys",
    "token",
    "tokens",
    "jwt",
    "json",
    "web",
    "signing",
    "sign",
    "signature",
    "auth",
    "authentication",
    "authorization",
    "access",
    "refresh",
    "private",
    "public",
    "password",
    "passwd",
    "pass",
    "admin",
    "default",
    "dev",
    "develop",
    "development",
    "test",
    "testing",
    "prod",
    "production",
    "staging",
    "stage",
    "local",
    "localhost",
    "app",
    "application",
    "api",
    "server",
    "service",
    "user",
    "users",
    "very",
    "long",
    "strong",
    "random",
    "string",
    "hello",
    "world",
    "this",
    "that",
    "the",
    "and",
    "for",
    "with",
    "from",
    "your",
    "you",
    "our",
    "not",
    "just",
    "only",
    "change",
    "please",
    "insecure",
    "unsafe",
    "safe",
    "secure",
    "security",
    "example",
    "demo",
    "sample",
    "company",
    "project",
    "team",
    "here",
    "there",
    "what",
    "some",
    "thing",
    "something",
    "word",
    "words",
    "phrase",
    "code",
    "hash",
    "salt",
    "pepper",
    "value",
    "data",
    "config",
    "setting",
    "settings",
    "session",
    "cookie",
    "login",
    "logout",
    "customer",
    "account",
    "root",
    "master",
    "main",
    "backend",
    "frontend",
    "client",
    "node",
    "express",
    "django",
    "flask",
    "spring",
    "rails",
    "laravel",
    "react",
    "angular",
    "next",
    "nest",
    "java",
    "python",
    "ruby",
    "golang",
    "rust",
    "kotlin",
    "scala",
    "php",
    "dotnet",
    "new",
    "old",
    "temp",
    "dummy",
    "fake",
    "mock",
    "foo",
    "bar",
    "baz",
    "one",
    "two",
    "three",
    "four",
    "five",
    "first",
    "second",
    "top",
    "hidden",
    "dont",
    "share",
    "tell",
    "anyone",
    "nobody",
    "keep",
    "guard",
    "lock",
    "unlock",
    "open",
    "close",
    "shop",
    "store",
    "blog",
    "news",
    "chat",
    "game",
    "mail",
    "email",
    "pay",
    "payment",
    "order",
    "orders",
    "cart",
    "product",
    "item",
    "panel",
    "dashboard",
    "portal",
    "gateway",
    "identity",
    "encrypt",
    "encryption",
    "decrypt",
    "crypto",
    "cipher",
    "hmac",
    "sha",
    "rsa",
    "signer",
    "verify",
    "verification",
    "issuer",
    "audience",
    "jsonwebtoken",
    "bearer",
    "sso",
    "ultra",
    "mega",
    "awesome",
    "cool",
    "magic",
    "love",
    "sunshine",
    "dragon",
    "monkey",
    "letmein",
    "welcome",
    "qwerty",
    "admin",
    "changeme",
    "ever",
    "best",
    "great",
    "good",
    "really",
    "much",
    "more",
    "most",
    "should",
    "must",
    "never",
    "always",
    "all",
    "any",
    "get",
    "set",
    "use",
    "used",
    "make",
    "made",
    "dev",
    "prd",
    "stg",
    "env",
];

/// Which letters of a lower-case run are covered by dictionary words, taking
/// the longest word at each position (two-letter key words count too).
fn segment(word: &str) -> Vec<bool> {
    let bytes = word.as_bytes();
    let mut covered = vec![false; bytes.len()];
    let mut i = 0;
    while i < bytes.len() {
        let longest = DICTIONARY
            .iter()
            .chain(KEY_WORDS)
            .filter(|w| w.len() >= 2 && bytes[i..].starts_with(w.as_bytes()))
            .map(|w| w.len())
            .max();
        match longest {
            // A two-letter word alone is too likely by chance.
            Some(len) if len >= 3 || (i + len < bytes.len() && covered_next(bytes, i + len)) => {
                for c in &mut covered[i..i + len] {
                    *c = true;
                }
                i += len;
            }
            _ => i += 1,
        }
    }
    covered
}

/// Whether a dictionary word of three or more letters starts at `i`.
fn covered_next(bytes: &[u8], i: usize) -> bool {
    DICTIONARY
        .iter()
        .any(|w| w.len() >= 3 && bytes[i..].starts_with(w.as_bytes()))
}

/// A rough test for an English-like word: long enough, vowels in a natural
/// proportion, no long consonant or vowel clusters.
fn pronounceable(word: &str) -> bool {
    let len = word.len();
    if len < 4 {
        return false;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let vowels = word.chars().filter(|&c| is_vowel(c)).count();
    if vowels * 5 < len || vowels * 10 > len * 7 {
        return false;
    }
    let mut consonants = 0;
    let mut vowel_run = 0;
    for c in word.chars() {
        if is_vowel(c) {
            consonants = 0;
            vowel_run += 1;
        } else {
            vowel_run = 0;
            consonants += 1;
        }
        if consonants > 3 || vowel_run > 2 {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_predictable_keys() {
        for weak in [
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "abcabcabcabcabcabcabcabcabcabcabcabc",
            "qwertyuiopasdfghjklzxcvbnm1234567890",
            "01234567890123456789012345678901",
            "this-is-my-super-secret-jwt-signing-key-2024",
            "ThisIsMyVerySecureJwtSigningKeyForProduction",
            "my_jwt_secret_key_for_the_application_2023",
            "password!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
            "secretsecretsecretsecretsecretsecret",
            "thisismysupersecretkeyforjwttokens",
            "qazwsxedcrfvtgbyhnujmikolpqazwsxedc",
        ] {
            assert!(weakness(weak).is_some(), "{weak} should be weak");
        }
    }

    #[test]
    fn passes_random_keys() {
        for strong in [
            "3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a1c3e5b7d9f0a",
            "kR8vT2qLx9ZmW4pN7sJc1HfY6gBd3uEa",
            "Zs3Jd-0Q8b_Vf1xK7tNw2mYc9pLr4hGe6uAo5iBj",
            "mBC5v1sOKVvbdEitdSBenu59nfNfhwkedkJVNabosTw=",
            "x7Fq2L9mPz4Kd8Rw1Tn6Vb3Hj5Gc0Ys",
            "a3F$k9#mP2@nQ8!xZ5&wR7*vT1^yU6%sL4",
            "cEYhUARfxZUdkWNo9KSOImfb9X7RpOUZjmZfiXnV",
            "UDIWTNaE2wX18ZJKPayrJD2qtyqIs6SOCVYMRAON",
            "1KuzgBifQ4ZUUhsZALa45jMRdJGkeHaEt2LGARNo",
            "ROTAHQymHMbGWnyBa0Yzu9xCGiqrDtQXowteAVUH",
        ] {
            assert_eq!(weakness(strong), None, "{strong} should pass");
        }
    }

    /// Random keys from the alphabets people generate them in must pass;
    /// a false JWT103 on a good key teaches users to ignore the rule.
    #[test]
    fn random_keys_almost_never_flagged() {
        const ALPHABETS: [&str; 4] = [
            "0123456789abcdef",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut flagged = Vec::new();
        let mut total = 0;
        for alphabet in ALPHABETS {
            let chars: Vec<char> = alphabet.chars().collect();
            for len in [32usize, 40, 44, 64, 86] {
                for _ in 0..500 {
                    let key: String = (0..len)
                        .map(|_| chars[(next() % chars.len() as u64) as usize])
                        .collect();
                    total += 1;
                    if let Some(why) = weakness(&key) {
                        flagged.push(format!("{key}: {why}"));
                    }
                }
            }
        }
        // At most 1 in 1,000.
        assert!(
            flagged.len() * 1000 <= total,
            "{} of {total}: {flagged:#?}",
            flagged.len()
        );
    }

    #[test]
    fn entropy_of_uniform_text() {
        let chars: Vec<char> = "abcd".chars().collect();
        assert!((shannon(&chars) - 2.0).abs() < 1e-9);
    }
}
