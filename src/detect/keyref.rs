//! The per-file half of the repository key inventory: the names a file's
//! sinks take their key from when the file does not bind them (references),
//! and the key-like names the file binds to literals (definitions). The
//! finish step (`repo::crossfile`) joins the two across files, as a reviewer
//! follows `jwt.sign(p, CONST.SECRET)` to `constants.js`.
//!
//! Cost: references exist only where a sink's key did not resolve;
//! definitions are collected only in code files that name a key word at all
//! (`secret`, `jwt`, `signing`, `hmac`, `token_key`), and kept only for
//! key-like names.

use std::sync::OnceLock;

use regex::bytes::Regex;

use super::resolve::{FileCtx, Reference, Resolved};
use super::strength::Alg;
use crate::finding::Finding;
use crate::rules::schema::Family;

/// A sink whose key is a name bound in another file.
#[derive(Debug, Clone)]
pub(crate) struct KeyRef {
    pub sink: usize,
    /// The last segment: the name looked up.
    pub name: String,
    /// The segment before it (`CONST` in `CONST.SECRET`).
    pub qualifier: Option<String>,
    /// The class that holds the name: a capitalised qualifier
    /// (`JwtParams.SECRET`), or the declared type of a lowercase one
    /// (`SpJwtProperties properties` for `properties.getSecret()`).
    pub class: Option<String>,
    /// Matched whatever its case (a getter's field).
    pub any_case: bool,
    /// What the file imports the name (or its qualifier) from, as path
    /// stems relative to the repository: `server/constants`,
    /// `app/core/env_config`; or, for a package alias, `*/config/tokens`.
    pub modules: Vec<Module>,
    pub alg: Option<Alg>,
    /// 1-based line of the sink.
    pub line: usize,
    /// Language group (`javascript`, `python`, `jvm` ...).
    pub group: &'static str,
}

/// Where an import points, as a path without extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Module {
    /// Relative to the repository root.
    Exact(String),
    /// Any path ending in this (an aliased or absolute import).
    Suffix(String),
}

/// A key-like name bound in a file.
#[derive(Debug, Clone)]
pub(crate) struct KeyDef {
    pub name: String,
    /// The binding resolves to a literal; when it is bound to something
    /// else (an env read, a call), a reference matched by name alone is
    /// ambiguous.
    pub literal: bool,
    /// The JWT201 finding at the literal (its secret the value), waiting
    /// for a use elsewhere; `None` when suppressed inline or not literal.
    pub finding: Option<Finding>,
    pub group: &'static str,
}

/// The language group references and definitions match within: Java,
/// Kotlin and Scala call one another.
pub(crate) fn group(language: &str) -> &'static str {
    match language {
        "javascript" => "javascript",
        "python" => "python",
        "go" => "go",
        "java" | "kotlin" => "jvm",
        "csharp" => "csharp",
        "ruby" => "ruby",
        "php" => "php",
        "rust" => "rust",
        "elixir" => "elixir",
        _ => "",
    }
}

/// The words, in any case, a name that can hold a JWT key contains; the
/// scout reports files holding one (`prefilter::Found::named`).
pub(crate) const NAME_WORDS: [&str; 6] =
    ["secret", "jwt", "signing", "hmac", "tokenkey", "token_key"];

/// [`NAME_WORDS`] as one search.
fn words() -> &'static Regex {
    static WORDS: OnceLock<Regex> = OnceLock::new();
    WORDS.get_or_init(|| {
        Regex::new(&format!("(?i){}", NAME_WORDS.join("|"))).expect("the name words are literals")
    })
}

/// Whether a name can hold a JWT key: the inventory's filter.
pub(crate) fn key_like(name: &str) -> bool {
    words().is_match(name.as_bytes())
}

/// Definitions kept per file: a generated file with thousands of
/// `secret:` keys must not cost more than a few.
const MAX_DEFINITIONS: usize = 64;

/// The definitions in a file: key-like names its bindings give a value,
/// with what the value resolves to.
pub(crate) fn definitions(ctx: &FileCtx<'_>) -> Vec<(String, Option<Resolved>)> {
    super::identifier::collect_named(ctx.buf, ctx.lang, words(), MAX_DEFINITIONS)
        .into_iter()
        // Every name holds one of the words; `$x` and `1x` are no names.
        .filter(|(name, _)| name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
        .map(|(name, b)| {
            // A value with no string in it is no literal here, and
            // resolving a name would build the whole file's bindings.
            let quoted = ctx.buf[b.value.clone()]
                .iter()
                .any(|c| matches!(c, b'"' | b'\'' | b'`'));
            (name, quoted.then(|| ctx.resolve(b.value)).flatten())
        })
        .collect()
}

/// Whether a name says what it holds well enough to be matched by name
/// alone across a repository: `JWT_SECRET`, `SECRET_KEY`, `jwtSecret`, not
/// a bare `secret` or `key`, which every helper's parameter is called.
pub(crate) fn distinctive(name: &str) -> bool {
    let plain: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    !matches!(plain.as_str(), "secret" | "key" | "jwt" | "token")
}

/// The inventory's reference for a sink's unresolved key expression `r`,
/// with where the file imports it from and the class that holds it.
pub(crate) fn reference(
    ctx: &FileCtx<'_>,
    path: &str,
    r: Reference,
    sink: usize,
    alg: Option<Alg>,
    line: usize,
) -> Option<KeyRef> {
    let name = r.segments.last()?.clone();
    if !key_like(&name) {
        return None;
    }
    let qualifier = (r.segments.len() >= 2)
        .then(|| r.segments[r.segments.len() - 2].clone())
        .filter(|q| !ctx.lang.receivers.iter().any(|x| x == q));
    // The import of the chain's root (`CONST` of `CONST.SECRET`), or of the
    // name itself (`const { SECRET } = require(..)`).
    let root = if qualifier.is_some() {
        r.segments.first()?.clone()
    } else {
        name.clone()
    };
    let modules = imports(ctx.buf, ctx.family(), &ctx.lang.name, &root)
        .into_iter()
        .filter_map(|m| module_path(&ctx.lang.name, path, &m))
        .collect();
    let class = qualifier.as_deref().and_then(|q| {
        if q.starts_with(|c: char| c.is_ascii_uppercase()) {
            Some(q.to_string())
        } else {
            declared_type(ctx.buf, q)
        }
    });
    Some(KeyRef {
        sink,
        name,
        qualifier,
        class,
        any_case: r.getter,
        modules,
        alg,
        line,
        group: group(&ctx.lang.name),
    })
}

/// The type a field or parameter is declared with: Java and C#
/// `SpJwtProperties properties`, Kotlin and Scala `props: JwtProps`.
fn declared_type(buf: &[u8], name: &str) -> Option<String> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    for at in memchr::memmem::find_iter(buf, name.as_bytes()) {
        let end = at + name.len();
        if (at > 0 && is_word(buf[at - 1])) || buf.get(end).is_some_and(|&b| is_word(b)) {
            continue;
        }
        // Kotlin: `name: Type`.
        let after = &buf[end..];
        let ws = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if after.get(ws) == Some(&b':') {
            let rest = &after[ws + 1..];
            let ws2 = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let ty: Vec<u8> = rest[ws2..]
                .iter()
                .copied()
                .take_while(|&b| is_word(b))
                .collect();
            if ty.first().is_some_and(u8::is_ascii_uppercase) {
                return Some(String::from_utf8_lossy(&ty).into_owned());
            }
        }
        // Java: `Type name` followed by `;`, `,`, `)` or `=`.
        let next = after.get(ws).copied();
        if !matches!(next, Some(b';' | b',' | b')' | b'=')) {
            continue;
        }
        let before = &buf[..at];
        let trimmed = before.trim_ascii_end();
        if trimmed.len() == before.len() {
            continue;
        }
        let mut k = trimmed.len();
        // Past generics: `List<X> name`.
        if trimmed.last() == Some(&b'>') {
            let mut depth = 0usize;
            while k > 0 {
                k -= 1;
                match trimmed[k] {
                    b'>' => depth += 1,
                    b'<' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        let word_end = k;
        while k > 0 && is_word(trimmed[k - 1]) {
            k -= 1;
        }
        let ty = &trimmed[k..word_end];
        if ty.first().is_some_and(u8::is_ascii_uppercase) {
            return Some(String::from_utf8_lossy(ty).into_owned());
        }
    }
    None
}

/// Import statements: (pattern, group of the imported names or alias,
/// group of the module, whether the names are a list).
struct ImportForm {
    regex: Regex,
    names: usize,
    module: usize,
    list: bool,
}

fn import_forms(family: Family, language: &str) -> &'static [ImportForm] {
    static JS: OnceLock<Vec<ImportForm>> = OnceLock::new();
    static PY: OnceLock<Vec<ImportForm>> = OnceLock::new();
    let form = |p: &str, names, module, list| ImportForm {
        regex: Regex::new(p).expect("valid import pattern"),
        names,
        module,
        list,
    };
    if language == "javascript" {
        JS.get_or_init(|| {
            vec![
                form(
                    r#"\b([\w$]+)\s*=\s*require\s*\(\s*['"`]([^'"`]+)"#,
                    1,
                    2,
                    false,
                ),
                form(
                    r#"\{([^}]*)\}\s*=\s*require\s*\(\s*['"`]([^'"`]+)"#,
                    1,
                    2,
                    true,
                ),
                form(r#"\bimport\s+([\w$]+)\s+from\s*['"]([^'"]+)"#, 1, 2, false),
                form(
                    r#"\bimport\s*\*\s*as\s+([\w$]+)\s+from\s*['"]([^'"]+)"#,
                    1,
                    2,
                    false,
                ),
                form(
                    r#"\bimport\s+(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*['"]([^'"]+)"#,
                    1,
                    2,
                    true,
                ),
            ]
        })
    } else if family == Family::Python {
        PY.get_or_init(|| {
            vec![
                form(
                    r"(?m)^[ \t]*from\s+([\w.]+)\s+import\s+\(([^)]*)\)",
                    2,
                    1,
                    true,
                ),
                form(
                    r"(?m)^[ \t]*from\s+([\w.]+)\s+import[ \t]+([^\n(]+)",
                    2,
                    1,
                    true,
                ),
                form(r"(?m)^[ \t]*import\s+([\w.]+)\s+as\s+(\w+)", 2, 1, false),
                form(r"(?m)^[ \t]*import\s+([\w.]+)[ \t]*$", 1, 1, false),
            ]
        })
    } else {
        &[]
    }
}

/// The module strings the file imports `name` from. Python's `from pkg
/// import config` then `config.X` gives `pkg.config` too.
fn imports(buf: &[u8], family: Family, language: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for form in import_forms(family, language) {
        for caps in form.regex.captures_iter(buf) {
            let (Some(names), Some(module)) = (caps.get(form.names), caps.get(form.module)) else {
                continue;
            };
            let module = String::from_utf8_lossy(module.as_bytes()).into_owned();
            let names = String::from_utf8_lossy(names.as_bytes());
            let hit = if form.list {
                // `A, B as C`, `{ A, B: C }`: the local names.
                names.split(',').any(|item| {
                    let local = item
                        .rsplit([' ', ':'])
                        .find(|w| !w.trim().is_empty())
                        .unwrap_or("")
                        .trim();
                    local == name
                })
            } else if family == Family::Python && form.names == form.module {
                // `import a.b.config`: used as `a.b.config.X`; its last part.
                names.rsplit('.').next() == Some(name)
            } else {
                names.trim() == name
            };
            if !hit {
                continue;
            }
            let submodule = (family == Family::Python && form.list).then(|| {
                let sep = if module.ends_with('.') { "" } else { "." };
                format!("{module}{sep}{name}")
            });
            out.push(module);
            out.extend(submodule);
        }
    }
    out
}

/// A module string as a path stem: relative imports against the importing
/// file's directory, others as suffixes. `None` for a package (`jsonwebtoken`).
fn module_path(language: &str, path: &str, module: &str) -> Option<Module> {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    match language {
        "javascript" => {
            let stem = strip_ext(module);
            if stem.starts_with('.') {
                return Some(Module::Exact(normalize(&format!("{dir}/{stem}"))?));
            }
            // `~config/x`, `@/config/x`, `src/config/x`: project aliases
            // name a folder with a slash; bare names are packages.
            let rest = stem
                .trim_start_matches(['~', '@', '#'])
                .trim_start_matches('/');
            (rest.contains('/') || stem.starts_with('~') || stem.starts_with("@/"))
                .then(|| Module::Suffix(rest.to_string()))
        }
        "python" => {
            let dots = module.bytes().take_while(|&b| b == b'.').count();
            let rest = module[dots..].replace('.', "/");
            if dots > 0 {
                let mut base: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
                for _ in 1..dots {
                    base.pop()?;
                }
                let joined = if rest.is_empty() {
                    base.join("/")
                } else if base.is_empty() {
                    rest
                } else {
                    format!("{}/{rest}", base.join("/"))
                };
                Some(Module::Exact(joined))
            } else {
                Some(Module::Suffix(rest))
            }
        }
        _ => None,
    }
}

fn strip_ext(module: &str) -> &str {
    for ext in [".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx"] {
        if let Some(s) = module.strip_suffix(ext) {
            return s;
        }
    }
    module
}

/// `a/./b/../c` as `a/c`; `None` when it climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Whether `def_path` is the file `module` names.
pub(crate) fn is_module(def_path: &str, module: &Module) -> bool {
    let stem = def_path
        .rsplit_once('.')
        .filter(|(_, ext)| !ext.contains('/'))
        .map_or(def_path, |(s, _)| s);
    let stem_pkg = stem
        .strip_suffix("/index")
        .or_else(|| stem.strip_suffix("/__init__"))
        .unwrap_or(stem);
    match module {
        Module::Exact(m) => stem == m || stem_pkg == m,
        Module::Suffix(m) => [stem, stem_pkg]
            .iter()
            .any(|s| *s == m || s.ends_with(&format!("/{m}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths() {
        assert_eq!(
            module_path(
                "javascript",
                "server/graphql/mutation.js",
                "../../constants"
            ),
            Some(Module::Exact("constants".into()))
        );
        assert_eq!(
            module_path("javascript", "a/b.js", "~config/tokens.js"),
            Some(Module::Suffix("config/tokens".into()))
        );
        assert_eq!(module_path("javascript", "a/b.js", "jsonwebtoken"), None);
        assert_eq!(module_path("javascript", "a.js", "../x"), None);
        assert_eq!(
            module_path("python", "backend/app/core/security.py", ".config"),
            Some(Module::Exact("backend/app/core/config".into()))
        );
        assert_eq!(
            module_path("python", "backend/app/api/x.py", "..core.config"),
            Some(Module::Exact("backend/app/core/config".into()))
        );
        assert_eq!(
            module_path("python", "app/utils/auth.py", "app.core.env_config"),
            Some(Module::Suffix("app/core/env_config".into()))
        );
    }

    #[test]
    fn modules_match_files() {
        assert!(is_module(
            "constants.js",
            &Module::Exact("constants".into())
        ));
        assert!(is_module(
            "config/index.ts",
            &Module::Exact("config".into())
        ));
        assert!(is_module(
            "server/config/tokens.js",
            &Module::Suffix("config/tokens".into())
        ));
        assert!(!is_module(
            "server/myconfig/tokens.js",
            &Module::Suffix("config/tokens".into())
        ));
        assert!(is_module(
            "src/app/core/__init__.py",
            &Module::Suffix("app/core".into())
        ));
    }

    #[test]
    fn imports_found() {
        let js = b"const { A, SECRET } = require('./c');\nimport * as K from \"../k\";\n";
        assert_eq!(imports(js, Family::C, "javascript", "SECRET"), vec!["./c"]);
        assert_eq!(imports(js, Family::C, "javascript", "K"), vec!["../k"]);
        let py = b"from app.core.env_config import SECRET_KEY, ALGORITHM\nfrom .x import (\n  A,\n  KEY,\n)\n";
        assert_eq!(
            imports(py, Family::Python, "python", "SECRET_KEY")[0],
            "app.core.env_config"
        );
        assert_eq!(imports(py, Family::Python, "python", "KEY")[0], ".x");
    }

    #[test]
    fn key_like_names() {
        for n in [
            "SECRET",
            "ACCESS_TOKEN_KEY",
            "jwtSecret",
            "secret",
            "SIGNING_KEY",
        ] {
            assert!(key_like(n), "{n}");
        }
        for n in ["HOST", "token", "user", "keys", "monkey", "key", "apiKey"] {
            assert!(!key_like(n), "{n}");
        }
    }
}
