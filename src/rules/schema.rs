//! The on-disk shape of `rules/*.yaml`, exactly as written by rule authors.
//!
//! These structs are deserialised and then compiled into [`super::RuleSet`];
//! nothing else in the crate reads them. `deny_unknown_fields` everywhere, so a
//! misspelt key is an error that names the file and line instead of a rule
//! that silently never fires.

use serde::Deserialize;

/// One YAML file: rule metadata, language definitions and sinks, in any mix.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    #[serde(default)]
    pub languages: Vec<LanguageDef>,
    #[serde(default)]
    pub sinks: Vec<SinkDef>,
    #[serde(default)]
    pub words: Option<WordsDef>,
}

/// Word lists the detectors share across languages (`words:`); each
/// file's lists are added to the others'. What each means is said in
/// `rules/languages.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WordsDef {
    #[serde(default)]
    pub placeholders: Vec<String>,
    #[serde(default)]
    pub placeholder_prefixes: Vec<String>,
    #[serde(default)]
    pub placeholder_suffixes: Vec<String>,
    #[serde(default)]
    pub placeholder_vocabulary: Vec<String>,
    #[serde(default)]
    pub token_names: Vec<String>,
    #[serde(default)]
    pub test_only_markers: Vec<String>,
    #[serde(default)]
    pub template_file_parts: Vec<String>,
    #[serde(default)]
    pub env_files: Vec<String>,
    #[serde(default)]
    pub secret_env_words: Vec<String>,
    #[serde(default)]
    pub public_env_prefixes: Vec<String>,
}

/// A rule of the catalog (`docs/RULES.md`): what `rules` and `explain` print.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleDef {
    pub id: String,
    pub slug: String,
    pub severity: Severity,
    pub practice: u8,
    /// `file` (default): found in one file's text, with examples that the
    /// tests run; `repository`: found from git, tested in `tests/cli/git.rs`.
    #[serde(default)]
    pub scope: Scope,
    /// One line: what a finding of this rule means.
    pub message: String,
    /// Why it matters, a paragraph.
    pub description: String,
    /// How to fix it, a paragraph.
    pub fix: String,
    /// The fix in one short line, printed under each finding.
    pub hint: String,
    /// A bad and a good snippet for `jwtscan explain`.
    pub bad: String,
    pub good: String,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub negative_examples: Vec<Example>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    File,
    Repository,
}

pub use crate::finding::Severity;

/// How a language writes strings and comments (source families), or how a
/// data format nests its keys (config families).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Family {
    /// `"..."`, `'...'`, back-ticks (JS templates, Go raw strings), `"""` blocks,
    /// `//` and `/* */` comments: JavaScript, TypeScript, Go, Java, Kotlin,
    /// Scala, C#.
    C,
    /// Prefixed and triple-quoted strings, `#` comments.
    Python,
    /// `#` comments and multi-line strings: Ruby, Elixir.
    Ruby,
    /// C comments plus `#`, multi-line strings.
    Php,
    /// Byte, raw (`r#"..."#`) and char literals; lifetimes are not strings.
    Rust,
    /// `KEY=value` lines, `#` comments.
    Dotenv,
    /// Config formats: values are found by their key path, not by a regex.
    Yaml,
    Json,
    /// TOML and INI: `[section]` headers and `key = value`.
    Toml,
    /// Java `.properties`: `key=value` or `key: value`.
    Properties,
    /// HOCON (`application.conf`): `a.b { }` blocks and `a.b = value`.
    Hocon,
    /// `ENV` and `ARG` instructions.
    Dockerfile,
    /// Element paths and `<add key=".." value=".."/>`.
    Xml,
}

impl Family {
    /// Whether values are found by key path (config formats).
    pub(crate) fn is_config(self) -> bool {
        matches!(
            self,
            Family::Yaml
                | Family::Json
                | Family::Toml
                | Family::Properties
                | Family::Hocon
                | Family::Dockerfile
                | Family::Xml
        )
    }
}

/// A language: which files it covers and how values are resolved in it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageDef {
    pub name: String,
    pub family: Family,
    /// Globs over the file name or path (`*.js`, `**/settings.py`, `.env.*`).
    pub files: Vec<String>,
    /// Files that match `files` but can hold no key (`package-lock.json`):
    /// never read.
    #[serde(default)]
    pub exclude_files: Vec<String>,
    /// File name used for examples given as a bare string.
    pub example_file: String,
    /// Regexes that capture a bound `name`; the value starts at the `value`
    /// group (or where the match ends).
    #[serde(default)]
    pub bindings: Vec<String>,
    /// Expressions that read the environment or config: never a secret.
    #[serde(default)]
    pub env_reads: Vec<String>,
    /// Calls and methods that turn a literal into key bytes: unwrapped.
    #[serde(default)]
    pub wrappers: Vec<CallSpec>,
    /// Env or config reads whose default argument is a literal: that default is
    /// hardcoded.
    #[serde(default)]
    pub fallbacks: Vec<CallSpec>,
    /// Top-level operators whose right side is a fallback (`||`, `??`, `or`).
    #[serde(default)]
    pub fallback_operators: Vec<String>,
    /// Regexes for string interpolation (Kotlin `"$name"`): a literal value
    /// matching one is a template, not a secret.
    #[serde(default)]
    pub template_markers: Vec<String>,
    /// A few words, one of which every sink keyword of this language
    /// contains (checked at load): searched first, because a handful of
    /// literals runs several times faster than the full keyword set.
    #[serde(default)]
    pub anchors: Vec<String>,
    /// Words that name the object itself (`this`, `self`): a member read
    /// through one is looked up without a binding of the receiver.
    #[serde(default)]
    pub receivers: Vec<String>,
    /// Findings in files of this language are reported at this severity at
    /// most (documentation: `low`), cracked tokens (JWT205) excepted.
    #[serde(default)]
    pub max_severity: Option<Severity>,
}

/// A call (`[]byte(X)`) or a method (`X.getBytes()`) to look through.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CallSpec {
    /// Regex for the callee, anchored at the start of the expression.
    #[serde(default)]
    pub call: Option<String>,
    /// Regex for a method name; the value is the receiver.
    #[serde(default)]
    pub method: Option<String>,
    /// Regex for a method name whose first argument is the value
    /// (`env::var("X").unwrap_or("dev")`).
    #[serde(default)]
    pub method_arg: Option<String>,
    /// Which positional argument holds the value (calls only).
    #[serde(default)]
    pub arg: usize,
    /// A keyword argument that holds it instead, when given by name.
    #[serde(default)]
    pub kwarg: Option<String>,
}

/// Which argument of a sink call holds the key.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
pub(crate) enum ArgDef {
    Index(usize),
    /// `any`: the first argument that resolves to a secret (`signWith(alg, key)`
    /// and `signWith(key, alg)` are both in use).
    Any(AnyArg),
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum AnyArg {
    Any,
}

/// A place where a JWT key is used: a call, an assignment or a config setting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SinkDef {
    /// Short human name, shown in messages (`jsonwebtoken sign/verify`).
    pub name: String,
    /// The rule a literal key here raises; none for strength-only sinks
    /// (values in `.env` files).
    #[serde(default)]
    pub rule: Option<String>,
    pub languages: Vec<String>,
    /// Extra path globs the file must match (`**/settings.py`).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Prefilter words: the sink runs only on files containing one of them.
    pub keywords: Vec<String>,
    /// The file must also contain one of these (ASCII case-insensitive).
    #[serde(default)]
    pub requires: Vec<String>,
    /// The file must contain none of these (ASCII case-insensitive).
    #[serde(default)]
    pub excludes: Vec<String>,
    /// The regex (source languages). Without `arg`/`kwarg` the key
    /// expression starts where the `value` group starts (or the match ends),
    /// unless a `secret` group captures the key itself. With them, the
    /// arguments start after the `call` group or the match, which ends with
    /// `(`. Optional groups: `alg`, `ident`.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Config formats: a regex over the value's key path (`jwt.secret`,
    /// `Jwt.Key`, `services.api.environment.JWT_SECRET`).
    #[serde(default)]
    pub key: Option<String>,
    /// Config formats: only documents whose top-level `kind` is this
    /// (Kubernetes `Secret`).
    #[serde(default)]
    pub kind: Option<String>,
    /// How the value is encoded (Kubernetes Secret `data:` is base64).
    #[serde(default)]
    pub decode: Option<Decode>,
    /// Path globs the file must not match (`.env.example` for the `.env`
    /// sink, which has a sink of its own).
    #[serde(default)]
    pub exclude_paths: Vec<String>,
    #[serde(default)]
    pub arg: Option<ArgDef>,
    #[serde(default)]
    pub kwarg: Option<String>,
    /// The key is this field of the object or dict the expression holds.
    #[serde(default)]
    pub field: Option<String>,
    /// A regex the resolved value must match (name-only sinks use `^\S+$`:
    /// a `jwtSecret: 'JWT secret'` UI label is not a key).
    #[serde(default)]
    pub value_pattern: Option<String>,
    /// A misuse, not a key: the pattern's match in code (not in a comment
    /// or string) is the finding (`algorithms: ['none']`, `verify=False`).
    #[serde(default)]
    pub flag: bool,
    /// Flag sinks whose pattern ends with a call's `(`: no finding when this
    /// regex matches the call (its arguments and any chained calls) or the
    /// same-file binding of an identifier passed to it (`jwt.sign(payload,
    /// ...)` with `payload = { exp: ... }`). For absent options: a verify
    /// without `algorithms`, a sign without an expiry.
    #[serde(default)]
    pub unless: Option<String>,
    /// With `unless`: arguments (by index) that must be visible for the
    /// absence to be known: an object, dict or struct literal, or a name
    /// bound to one in the same file. When such an argument is anything
    /// else (a parameter, a call), what it holds is unknown and there is no
    /// finding.
    #[serde(default)]
    pub visible_args: Vec<usize>,
    /// Flags: `package@major`, the release of the npm package that fixed
    /// what the flag is about (`jsonwebtoken@9`). Findings in a package
    /// whose nearest `package.json` declaring it asks for that major or
    /// later are dropped.
    #[serde(default)]
    pub fixed_in: Option<String>,
    /// Flags: the fix line in this library's terms, instead of the rule's.
    #[serde(default)]
    pub hint: Option<String>,
    /// Flags: a match that is itself a member (`app.jwt.sign(`, the
    /// wrapper egg-jwt and @fastify/jwt put on the app, which merges the
    /// configured options) is not this library's call.
    #[serde(default)]
    pub bare: bool,
    #[serde(default)]
    pub examples: Vec<Example>,
    #[serde(default)]
    pub negative_examples: Vec<Example>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Decode {
    Base64,
}

/// A snippet that must (or must not) produce a rule: bare code, or code with
/// the file name to scan it as and the rules it must produce.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Example {
    Code(String),
    File(ExampleFile),
    Files(ExampleFiles),
}

/// Several files scanned as one repository, for rules that compare files
/// (JWT604).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExampleFiles {
    pub files: Vec<ExampleFileEntry>,
    /// Rule IDs the files must produce; defaults to the owner's rule.
    #[serde(default)]
    pub expect: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExampleFileEntry {
    pub file: String,
    pub code: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExampleFile {
    pub file: String,
    pub code: String,
    /// Rule IDs the snippet must produce; defaults to the owner's rule.
    #[serde(default)]
    pub expect: Vec<String>,
}
