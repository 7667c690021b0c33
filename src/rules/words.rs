//! The word lists every language shares (`words:` in the rule files):
//! placeholders, template-file name parts, env-file names, and the words
//! that make an env variable a secret or a published setting. Users' rule
//! files add to each list.

use super::lazy::{glob_set, LazyGlobSet};
use super::schema::{self, RuleFile};
use super::RuleError;

/// The word lists of `words:` in the rule files, merged.
#[derive(Debug)]
pub(crate) struct Words {
    placeholders: Vec<String>,
    placeholder_prefixes: Vec<String>,
    placeholder_suffixes: Vec<String>,
    placeholder_vocabulary: Vec<String>,
    token_names: Vec<String>,
    test_only_markers: Vec<String>,
    template_file_parts: Vec<String>,
    env_files: Option<LazyGlobSet>,
    secret_env_words: Vec<String>,
    public_env_prefixes: Vec<String>,
}

impl Words {
    pub(super) fn of(files: &[(String, RuleFile)]) -> Result<Words, RuleError> {
        // Each file's lists are added to the others', in the case they are
        // compared in.
        let add = |into: &mut Vec<String>, from: &[String], upper: bool| {
            into.extend(from.iter().map(|w| {
                if upper {
                    w.to_ascii_uppercase()
                } else {
                    w.to_ascii_lowercase()
                }
            }));
        };
        let mut w = schema::WordsDef::default();
        let mut first_file = "rules";
        for (file, content) in files {
            let Some(def) = &content.words else { continue };
            if w.env_files.is_empty() {
                first_file = file;
            }
            add(&mut w.placeholders, &def.placeholders, false);
            add(
                &mut w.placeholder_prefixes,
                &def.placeholder_prefixes,
                false,
            );
            add(
                &mut w.placeholder_suffixes,
                &def.placeholder_suffixes,
                false,
            );
            add(
                &mut w.placeholder_vocabulary,
                &def.placeholder_vocabulary,
                false,
            );
            add(&mut w.token_names, &def.token_names, false);
            add(&mut w.test_only_markers, &def.test_only_markers, false);
            add(&mut w.template_file_parts, &def.template_file_parts, false);
            w.env_files.extend(def.env_files.iter().cloned());
            add(&mut w.secret_env_words, &def.secret_env_words, true);
            add(&mut w.public_env_prefixes, &def.public_env_prefixes, true);
        }
        Ok(Words {
            placeholders: w.placeholders,
            placeholder_prefixes: w.placeholder_prefixes,
            placeholder_suffixes: w.placeholder_suffixes,
            placeholder_vocabulary: w.placeholder_vocabulary,
            token_names: w.token_names,
            test_only_markers: w.test_only_markers,
            template_file_parts: w.template_file_parts,
            env_files: glob_set(first_file, "words.env_files", &w.env_files)?,
            secret_env_words: w.secret_env_words,
            public_env_prefixes: w.public_env_prefixes,
        })
    }

    /// Whether `squashed` (a value's letters and digits, lowered) is a
    /// placeholder word.
    pub(crate) fn is_placeholder_word(&self, squashed: &str) -> bool {
        self.placeholders.iter().any(|w| w == squashed)
            || self
                .placeholder_prefixes
                .iter()
                .any(|w| squashed.starts_with(w.as_str()))
            || self
                .placeholder_suffixes
                .iter()
                .any(|w| squashed.ends_with(w.as_str()))
    }

    /// Whether `value` is made only of the words a template uses to say
    /// what goes there (`my_JWT_key`, `jwt secret key xyz`, `secret`):
    /// split at non-alphanumerics and lower-to-upper case changes.
    pub(crate) fn is_placeholder_phrase(&self, value: &str) -> bool {
        let mut words: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut previous_lower = false;
        for c in value.chars() {
            if !c.is_ascii_alphanumeric() {
                previous_lower = false;
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                continue;
            }
            if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            current.push(c.to_ascii_lowercase());
        }
        if !current.is_empty() {
            words.push(current);
        }
        !words.is_empty()
            && words
                .iter()
                .all(|w| self.placeholder_vocabulary.iter().any(|v| v == w))
    }

    /// Whether a config value whose key `path` does not say `secret` is the
    /// name of the header, cookie or storage slot a token travels in
    /// (`token_key = "token"`, `jwt.header: Authorization`), not a key.
    pub(crate) fn is_token_name(&self, path: &str, value: &str) -> bool {
        let last = path.rsplit(['.', ':']).next().unwrap_or(path);
        !last.to_ascii_lowercase().contains("secret")
            && self
                .token_names
                .iter()
                .any(|n| n.eq_ignore_ascii_case(value.trim()))
    }

    /// Whether `squashed` (a value's letters and digits, lowered) says it
    /// is for tests only.
    pub(crate) fn is_test_only(&self, squashed: &str) -> bool {
        self.test_only_markers
            .iter()
            .any(|w| squashed.contains(w.as_str()))
    }

    /// Whether file `name` holds placeholders on purpose (`.env.example`).
    pub(crate) fn is_template_file(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        lower
            .split('.')
            .any(|part| self.template_file_parts.iter().any(|t| t == part))
    }

    /// Whether `path` is an env file of real values (`.env`, `.env.local`,
    /// `app.env`; not `.env.example`).
    pub(crate) fn is_env_file(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.env_files.as_ref().is_some_and(|g| g.is_match(name)) && !self.is_template_file(name)
    }

    /// Whether env variable `key` (upper case) names a secret rather than
    /// a setting published on purpose.
    pub(crate) fn is_secret_env_name(&self, key: &str) -> bool {
        self.secret_env_words
            .iter()
            .any(|w| key.contains(w.as_str()))
            && !self
                .public_env_prefixes
                .iter()
                .any(|p| key.starts_with(p.as_str()))
    }
}
