//! Errors from loading and compiling rule files; each names its file and,
//! where it can, the YAML line or the rule ID.

use crate::yaml::YamlError;

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}:{}: malformed rule file: {}", .source.position(), .source.message)]
    Yaml {
        file: String,
        // Not `#[source]`: the message already carries it, and error chains
        // would print it twice.
        source: YamlError,
    },
    #[error("{file}: rule {id}: {message}")]
    Invalid {
        file: String,
        id: String,
        message: String,
    },
    #[error("{file}: rule {id}: bad pattern: {source}")]
    Pattern {
        file: String,
        id: String,
        source: Box<regex::Error>,
    },
}
