//! The one place that parses YAML.
//!
//! `serde_yaml` is archived upstream; every YAML read in the crate (rule files
//! now, `.jwtscan.yaml` later) goes through [`parse`], so a maintained fork can
//! replace it by changing this file and `Cargo.toml` alone.

use serde::de::DeserializeOwned;

/// A YAML document that did not parse or did not fit the expected shape.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    /// 1-based line of the problem, when the parser knows it.
    pub line: Option<usize>,
}

/// Parses `text` into `T`, keeping the line of the first error.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|err| YamlError {
        line: err.location().map(|loc| loc.line()),
        message: err.to_string(),
    })
}

/// `value` as a YAML document (`jwtscan config --print`).
pub(crate) fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|err| YamlError {
        line: None,
        message: err.to_string(),
    })
}
