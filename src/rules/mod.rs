//! The rule set: the catalog's metadata, the languages and the sinks, compiled
//! from `rules/*.yaml` once per run.
//!
//! Regexes are compiled on first use, so a scan that never meets a Go file
//! never pays for the Go patterns and start-up stays in milliseconds.
//!
//! Rules layer: data only. It imports the core types and nothing of the
//! engine; what runs the rules (`detect/`) and their example tests
//! (`commands/examples.rs`) sit above it.

pub(crate) mod error;
pub(crate) mod lazy;
pub(crate) mod loader;
pub(crate) mod schema;
pub(crate) mod words;

use globset::{Glob, GlobSet, GlobSetBuilder};

pub use error::RuleError;
use lazy::{glob_set, lazy_all};
pub(crate) use lazy::{LazyGlobSet, LazyRegex};
pub use schema::Severity;
use schema::{ArgDef, Decode, Example, Family, RuleFile};
pub(crate) use words::Words;

/// The eight practices, by number, as `explain` and `rules` name them.
pub const PRACTICES: [&str; 8] = [
    "strong, long, random keys",
    "never hardcode the key",
    ".env files in .gitignore, never committed",
    "a different key per environment",
    "rotate keys",
    "the right algorithm, always verified",
    "every token expires",
    "the key meets its algorithm's minimum length",
];

/// The name of practice `practice` (1 to 8), empty for any other number.
pub(crate) fn practice_name(practice: u8) -> &'static str {
    PRACTICES
        .get(usize::from(practice).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

impl<'a> From<&'a Rule> for crate::finding::RuleInfo<'a> {
    fn from(rule: &'a Rule) -> Self {
        crate::finding::RuleInfo {
            id: &rule.id,
            slug: &rule.slug,
            severity: rule.severity,
            hint: &rule.hint,
        }
    }
}

/// Catalog metadata of one rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub slug: String,
    pub severity: Severity,
    pub practice: u8,
    pub scope: schema::Scope,
    pub message: String,
    pub description: String,
    pub fix: String,
    pub hint: String,
    pub bad: String,
    pub good: String,
    pub references: Vec<String>,
    // Run by `commands/examples.rs` (the tests and `jwtscan rules --test`).
    pub(crate) examples: Vec<Example>,
    pub(crate) negative_examples: Vec<Example>,
    /// The rule file that defines it.
    pub(crate) file: String,
}

/// A call or method to look through while resolving a value.
#[derive(Debug)]
pub(crate) enum CallPattern {
    /// `^callee\s*\(` with the value in argument `arg` or keyword `kwarg`.
    Call {
        callee: LazyRegex,
        arg: usize,
        kwarg: Option<String>,
    },
    /// `receiver.method(...)`: the value is the receiver.
    Method { name: LazyRegex },
    /// `receiver.method(value)`: the value is the first argument.
    MethodArg { name: LazyRegex },
}

#[derive(Debug)]
pub(crate) struct Language {
    pub name: String,
    pub family: Family,
    #[cfg_attr(not(test), allow(dead_code))]
    pub example_file: String,
    pub bindings: Vec<LazyRegex>,
    pub env_reads: Vec<LazyRegex>,
    pub wrappers: Vec<CallPattern>,
    pub fallbacks: Vec<CallPattern>,
    pub fallback_operators: Vec<String>,
    pub template_markers: Vec<LazyRegex>,
    pub anchors: Vec<String>,
    pub receivers: Vec<String>,
    pub max_severity: Option<Severity>,
    pub exclude_files: Option<LazyGlobSet>,
}

impl Language {
    /// Whether a literal's value is an interpolation template in this language.
    pub(crate) fn is_template(&self, value: &str) -> bool {
        self.template_markers
            .iter()
            .any(|r| r.get().is_some_and(|r| r.is_match(value.as_bytes())))
    }
}

/// Which argument of a sink call holds the key.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ArgSel {
    Index(usize),
    Any,
}

#[derive(Debug)]
pub(crate) struct Sink {
    /// The rule file that defines it.
    pub file: String,
    pub name: String,
    /// Index into [`RuleSet::rules`]; `None` for strength-only sinks.
    pub rule: Option<usize>,
    /// Bit set of language indexes.
    pub languages: u64,
    pub paths: Option<LazyGlobSet>,
    pub exclude_paths: Option<LazyGlobSet>,
    /// Keyword indexes: one must occur (`requires`), none may (`excludes`).
    /// Known from the scout's pass.
    pub requires: Vec<usize>,
    pub excludes: Vec<usize>,
    /// Source languages: the sink regex over the whole file.
    pub pattern: Option<LazyRegex>,
    /// Config formats: the regex over key paths.
    pub key: Option<LazyRegex>,
    pub kind: Option<String>,
    pub decode: Option<Decode>,
    pub arg: Option<ArgSel>,
    pub kwarg: Option<String>,
    pub field: Option<String>,
    pub value_pattern: Option<LazyRegex>,
    /// The match itself is the finding (see [`schema::SinkDef::flag`]).
    pub flag: bool,
    /// See [`schema::SinkDef::unless`].
    pub unless: Option<LazyRegex>,
    pub visible_args: Vec<usize>,
    /// See [`schema::SinkDef::fixed_in`]: package and major version.
    pub fixed_in: Option<(String, u64)>,
    /// See [`schema::SinkDef::hint`].
    pub hint: Option<String>,
    /// See [`schema::SinkDef::bare`].
    pub bare: bool,
    // Run by `commands/examples.rs`.
    pub(crate) examples: Vec<Example>,
    pub(crate) negative_examples: Vec<Example>,
}

/// Everything the scanner needs, compiled.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub(crate) languages: Vec<Language>,
    pub(crate) sinks: Vec<Sink>,
    language_globs: GlobSet,
    /// Glob index in `language_globs` to language index.
    glob_language: Vec<usize>,
    /// Every sink keyword and condition word, for the scouts.
    pub(crate) keywords: Vec<String>,
    /// Keyword index to the sinks it enables.
    pub(crate) keyword_sinks: Vec<Vec<usize>>,
    /// Per language: (keyword, sink) for each of its sinks' keywords, so
    /// that choosing a file's sinks does not pass other languages' sinks.
    language_keyword_sinks: Vec<Vec<(usize, usize)>>,
    /// The word lists every language shares.
    pub(crate) words: Words,
}

impl RuleSet {
    /// A rule set of one file, `rules/test.yaml`, for unit tests.
    #[cfg(test)]
    pub(crate) fn from_test_yaml(yaml: &str) -> Result<RuleSet, RuleError> {
        let file = loader::parse_file("rules/test.yaml", yaml)?;
        RuleSet::compile(vec![("rules/test.yaml".to_string(), file)], true)
    }

    /// The built-in rules embedded in the binary.
    /// Their patterns are compiled on first use; `every_pattern_compiles`
    /// checks them all, so start-up stays in milliseconds.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        let files = loader::builtin_files()?;
        RuleSet::compile(files, false)
    }

    /// The built-in rules plus users' rule files (`extra-rules`, `rules
    /// --test`), by name and text, validated in full now.
    pub fn with_extra(extra: &[(String, String)]) -> Result<RuleSet, RuleError> {
        let mut files = loader::builtin_files()?;
        for (name, text) in extra {
            files.push((name.clone(), loader::parse_file(name, text)?));
        }
        RuleSet::compile(files, !extra.is_empty())
    }

    /// Compiles rule files; `validate` compiles every regex now, for files
    /// that no test has seen.
    fn compile(files: Vec<(String, RuleFile)>, validate: bool) -> Result<RuleSet, RuleError> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut languages: Vec<Language> = Vec::new();
        let mut claimed: std::collections::HashMap<String, String> =
            std::collections::HashMap::new();
        let mut globs = GlobSetBuilder::new();
        let mut glob_language = Vec::new();
        let words = Words::of(&files)?;
        // Rules and languages first: sinks refer to both by name.
        for (file, content) in &files {
            for def in &content.rules {
                check_rule_id(file, &def.id)?;
                if rules.iter().any(|r| r.id == def.id || r.slug == def.slug) {
                    return Err(invalid(file, &def.id, "duplicate rule ID or slug"));
                }
                rules.push(Rule {
                    id: def.id.clone(),
                    slug: def.slug.clone(),
                    severity: def.severity,
                    practice: def.practice,
                    scope: def.scope,
                    message: def.message.clone(),
                    description: def.description.clone(),
                    fix: def.fix.clone(),
                    hint: def.hint.clone(),
                    bad: def.bad.clone(),
                    good: def.good.clone(),
                    references: def.references.clone(),
                    examples: def.examples.clone(),
                    negative_examples: def.negative_examples.clone(),
                    file: file.clone(),
                });
            }
            for def in &content.languages {
                let index = languages.len();
                if index >= 64 {
                    return Err(invalid(file, &def.name, "more than 64 languages"));
                }
                // A file goes to the first language whose glob matches: a
                // second definition of a name, or of a glob, could never
                // apply, and silently dead rule data is a bug.
                if languages.iter().any(|l: &Language| l.name == def.name) {
                    return Err(invalid(file, &def.name, "duplicate language name"));
                }
                if let Some(pattern) = def.files.iter().find(|p| claimed.contains_key(p.as_str())) {
                    return Err(invalid(
                        file,
                        &def.name,
                        &format!(
                            "files glob {pattern:?} is already language {}'s: this one would never apply",
                            claimed[pattern.as_str()]
                        ),
                    ));
                }
                for pattern in &def.files {
                    claimed.insert(pattern.clone(), def.name.clone());
                }
                for pattern in &def.files {
                    let glob = Glob::new(pattern)
                        .map_err(|e| invalid(file, &def.name, &format!("bad glob: {e}")))?;
                    globs.add(glob);
                    glob_language.push(index);
                }
                languages.push(Language {
                    name: def.name.clone(),
                    family: def.family,
                    example_file: def.example_file.clone(),
                    bindings: lazy_all(&def.bindings),
                    env_reads: def
                        .env_reads
                        .iter()
                        .map(|p| LazyRegex::new(format!(r"\A(?:{p})\z")))
                        .collect(),
                    wrappers: def.wrappers.iter().map(call_pattern).collect(),
                    fallbacks: def.fallbacks.iter().map(call_pattern).collect(),
                    fallback_operators: def.fallback_operators.clone(),
                    template_markers: lazy_all(&def.template_markers),
                    anchors: def.anchors.clone(),
                    receivers: def.receivers.clone(),
                    max_severity: def.max_severity,
                    exclude_files: glob_set(file, &def.name, &def.exclude_files)?,
                });
            }
        }
        let mut sinks = Vec::new();
        let mut keywords: Vec<String> = Vec::new();
        let mut keyword_sinks: Vec<Vec<usize>> = Vec::new();
        for (file, content) in &files {
            for def in &content.sinks {
                let rule = match &def.rule {
                    Some(id) => Some(
                        rules
                            .iter()
                            .position(|r| &r.id == id)
                            .ok_or_else(|| invalid(file, id, "sink names an unknown rule"))?,
                    ),
                    None => None,
                };
                let mut mask = 0u64;
                for name in &def.languages {
                    let index = languages
                        .iter()
                        .position(|l| &l.name == name)
                        .ok_or_else(|| invalid(file, &def.name, "unknown language"))?;
                    mask |= 1 << index;
                }
                if def.keywords.is_empty() {
                    return Err(invalid(file, &def.name, "a sink needs keywords"));
                }
                let paths = glob_set(file, &def.name, &def.paths)?;
                let exclude_paths = glob_set(file, &def.name, &def.exclude_paths)?;
                if def.pattern.is_some() == def.key.is_some() {
                    return Err(invalid(
                        file,
                        &def.name,
                        "a sink needs exactly one of `pattern` and `key`",
                    ));
                }
                let index = sinks.len();
                for word in &def.keywords {
                    let k = keyword_index(&mut keywords, &mut keyword_sinks, word);
                    keyword_sinks[k].push(index);
                }
                let requires: Vec<usize> = def
                    .requires
                    .iter()
                    .map(|w| keyword_index(&mut keywords, &mut keyword_sinks, w))
                    .collect();
                let excludes: Vec<usize> = def
                    .excludes
                    .iter()
                    .map(|w| keyword_index(&mut keywords, &mut keyword_sinks, w))
                    .collect();
                let fixed_in = match def.fixed_in.as_deref() {
                    None => None,
                    Some(f) => match f.rsplit_once('@').map(|(p, m)| (p, m.parse::<u64>())) {
                        Some((package, Ok(major))) if !package.is_empty() => {
                            Some((package.to_string(), major))
                        }
                        _ => {
                            return Err(invalid(
                                file,
                                &def.name,
                                "fixed_in must be package@major (jsonwebtoken@9)",
                            ))
                        }
                    },
                };
                sinks.push(Sink {
                    file: file.clone(),
                    name: def.name.clone(),
                    rule,
                    languages: mask,
                    paths,
                    exclude_paths,
                    requires,
                    excludes,
                    pattern: def.pattern.clone().map(LazyRegex::new),
                    key: def.key.clone().map(LazyRegex::new),
                    kind: def.kind.clone(),
                    decode: def.decode,
                    arg: def.arg.map(|a| match a {
                        ArgDef::Index(i) => ArgSel::Index(i),
                        ArgDef::Any(_) => ArgSel::Any,
                    }),
                    kwarg: def.kwarg.clone(),
                    field: def.field.clone(),
                    value_pattern: def.value_pattern.clone().map(LazyRegex::new),
                    flag: def.flag,
                    unless: def.unless.clone().map(LazyRegex::new),
                    visible_args: def.visible_args.clone(),
                    fixed_in,
                    bare: def.bare,
                    hint: def.hint.clone(),
                    examples: def.examples.clone(),
                    negative_examples: def.negative_examples.clone(),
                });
            }
        }
        let language_globs = globs
            .build()
            .map_err(|e| invalid("rules", "languages", &e.to_string()))?;
        let language_keyword_sinks = (0..languages.len())
            .map(|language| {
                let mut pairs: Vec<(usize, usize)> = Vec::new();
                for (k, enabled) in keyword_sinks.iter().enumerate() {
                    pairs.extend(
                        enabled
                            .iter()
                            .filter(|&&s| sinks[s].languages & (1 << language) != 0)
                            .map(|&s| (k, s)),
                    );
                }
                pairs
            })
            .collect();
        let set = RuleSet {
            rules,
            languages,
            sinks,
            language_globs,
            glob_language,
            keywords,
            keyword_sinks,
            language_keyword_sinks,
            words,
        };
        if validate {
            set.validate(&files)?;
        }
        Ok(set)
    }

    /// Checks every regex once, so a bad pattern fails the load, not the scan.
    fn validate(&self, files: &[(String, RuleFile)]) -> Result<(), RuleError> {
        let file = files.first().map_or("rules", |(f, _)| f.as_str());
        for sink in &self.sinks {
            for regex in sink
                .pattern
                .iter()
                .chain(&sink.key)
                .chain(&sink.value_pattern)
                .chain(&sink.unless)
            {
                regex
                    .check()
                    .map_err(|e| pattern_error(file, &sink.name, e))?;
            }
        }
        for lang in &self.languages {
            let calls = lang.wrappers.iter().chain(&lang.fallbacks);
            let call_regexes = calls.map(|c| match c {
                CallPattern::Call { callee, .. } => callee,
                CallPattern::Method { name } | CallPattern::MethodArg { name } => name,
            });
            for regex in lang
                .bindings
                .iter()
                .chain(&lang.env_reads)
                .chain(&lang.template_markers)
                .chain(call_regexes)
            {
                regex
                    .check()
                    .map_err(|e| pattern_error(file, &lang.name, e))?;
            }
        }
        Ok(())
    }

    /// The language called `name` in the rule files.
    pub(crate) fn language_named(&self, name: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.name == name)
    }

    /// The language a path belongs to, by file name or path glob; the first
    /// language defined wins. `None`: no rule can apply, the file is not read.
    pub(crate) fn language_of(&self, path: &str) -> Option<usize> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let mut best: Option<usize> = None;
        for candidate in [name, path] {
            for glob in self.language_globs.matches(candidate) {
                let lang = self.glob_language[glob];
                best = Some(best.map_or(lang, |b| b.min(lang)));
            }
        }
        let excluded = |lang: usize| {
            self.languages[lang]
                .exclude_files
                .as_ref()
                .is_some_and(|g| g.is_match(name) || g.is_match(path))
        };
        best.filter(|&lang| !excluded(lang))
    }

    /// The sinks worth running given the keywords a file holds (`hit`, from
    /// the scout (`detect::prefilter`)): their language matches, one of their keywords
    /// occurs, and their `requires`/`excludes` words agree.
    pub(crate) fn candidate_sinks(&self, language: usize, hit: &[bool]) -> Vec<usize> {
        let Some(pairs) = self.language_keyword_sinks.get(language) else {
            return Vec::new();
        };
        let mut sinks: Vec<usize> = pairs
            .iter()
            .filter(|&&(k, _)| hit.get(k) == Some(&true))
            .map(|&(_, s)| s)
            .filter(|&s| {
                let sink = &self.sinks[s];
                (sink.requires.is_empty() || sink.requires.iter().any(|&k| hit[k]))
                    && !sink.excludes.iter().any(|&k| hit[k])
            })
            .collect();
        sinks.sort_unstable();
        sinks.dedup();
        sinks
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(id) || r.slug == id)
    }

    pub(crate) fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }
}

/// The keyword index of `word` (one keyword for all its spellings), added
/// if new.
fn keyword_index(keywords: &mut Vec<String>, sinks: &mut Vec<Vec<usize>>, word: &str) -> usize {
    keywords
        .iter()
        .position(|k| k.eq_ignore_ascii_case(word))
        .unwrap_or_else(|| {
            keywords.push(word.to_string());
            sinks.push(Vec::new());
            keywords.len() - 1
        })
}

fn call_pattern(spec: &schema::CallSpec) -> CallPattern {
    if let Some(method) = &spec.method_arg {
        return CallPattern::MethodArg {
            name: LazyRegex::new(format!(r"\A(?:{method})\z")),
        };
    }
    match (&spec.call, &spec.method) {
        (Some(call), _) => CallPattern::Call {
            callee: LazyRegex::new(format!(r"\A(?:{call})\s*\(")),
            arg: spec.arg,
            kwarg: spec.kwarg.clone(),
        },
        (None, Some(method)) => CallPattern::Method {
            name: LazyRegex::new(format!(r"\A(?:{method})\z")),
        },
        // A spec with neither never matches anything.
        (None, None) => CallPattern::Method {
            name: LazyRegex::new(r"[^\s\S]".to_string()),
        },
    }
}

fn check_rule_id(file: &str, id: &str) -> Result<(), RuleError> {
    let ok = id.len() == 6 && id.starts_with("JWT") && id[3..].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(invalid(file, id, "rule IDs look like JWT201"))
    }
}

fn invalid(file: &str, id: &str, message: &str) -> RuleError {
    RuleError::Invalid {
        file: file.to_string(),
        id: id.to_string(),
        message: message.to_string(),
    }
}

fn pattern_error(file: &str, id: &str, source: regex::Error) -> RuleError {
    RuleError::Pattern {
        file: file.to_string(),
        id: id.to_string(),
        source: Box::new(source),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(yaml: &str) -> Result<RuleSet, RuleError> {
        RuleSet::from_test_yaml(yaml)
    }

    const LANG: &str = "languages:\n  - name: js\n    family: c\n    files: ['*.js']\n    example_file: a.js\n    anchors: [jwt]\n";

    #[test]
    fn a_bad_pattern_names_the_file_and_sink() {
        let bad = format!("{LANG}sinks:\n  - name: broken\n    languages: [js]\n    keywords: [jwt]\n    pattern: '(unclosed'\n");
        let err = compile(&bad).expect_err("bad regex").to_string();
        assert!(
            err.contains("rules/test.yaml") && err.contains("broken"),
            "{err}"
        );
    }

    #[test]
    fn fixed_in_must_name_a_package_and_a_major() {
        let sink = |fixed: &str| {
            format!("{LANG}sinks:\n  - name: old-lib\n    flag: true\n    languages: [js]\n    keywords: [jwt]\n    pattern: 'jwt'\n    fixed_in: '{fixed}'\n")
        };
        let rules = compile(&sink("jsonwebtoken@9")).expect("a valid fixed_in");
        assert_eq!(
            rules.sinks[0].fixed_in,
            Some(("jsonwebtoken".to_string(), 9))
        );
        for bad in ["jsonwebtoken", "jsonwebtoken@nine", "@9"] {
            let err = compile(&sink(bad)).expect_err(bad).to_string();
            assert!(err.contains("old-lib") && err.contains("fixed_in"), "{err}");
        }
    }

    #[test]
    fn every_pattern_compiles() {
        let rules = RuleSet::builtin().expect("built-in rules load");
        for sink in &rules.sinks {
            for regex in sink
                .pattern
                .iter()
                .chain(&sink.key)
                .chain(&sink.value_pattern)
                .chain(&sink.unless)
            {
                assert!(regex.get().is_some(), "{}", sink.name);
            }
        }
        // The languages' patterns too (compiled at first use, where a bad one
        // would fail silently): the full validation users' files get. (The
        // scouts: `detect::prefilter`'s `every_builtin_scout_builds`.)
        let files = loader::builtin_files().expect("built-in rule files");
        if let Err(e) = RuleSet::compile(files, true) {
            panic!("{e}");
        }
    }

    #[test]
    fn a_language_defined_twice_or_a_glob_claimed_twice_is_refused() {
        let twice = "languages:\n  - name: javascript\n    family: c\n    files: [\"*.jsq\"]\n    example_file: a.jsq\n";
        let err = RuleSet::with_extra(&[("x.yaml".to_string(), twice.to_string())]).unwrap_err();
        assert!(err.to_string().contains("duplicate language name"), "{err}");
        let glob = "languages:\n  - name: jsagain\n    family: c\n    files: [\"*.js\"]\n    example_file: a.js\n";
        let err = RuleSet::with_extra(&[("x.yaml".to_string(), glob.to_string())]).unwrap_err();
        assert!(
            err.to_string().contains("already language javascript"),
            "{err}"
        );
    }

    /// Env-file names (`words.env_files`), and the dotenv language reads
    /// each (a subset of its files), so every env file gets its keys judged.
    #[test]
    fn env_files() {
        let rules = RuleSet::builtin().expect("rules");
        let dotenv = rules.language_named("dotenv").expect("dotenv");
        for p in [
            ".env",
            "api/.env.local",
            ".env.production",
            "config/app.env",
        ] {
            assert!(rules.words.is_env_file(p), "{p}");
            assert_eq!(rules.language_of(p), Some(dotenv), "{p}");
        }
        for p in [
            ".env.example",
            "a/.env.sample",
            "env.js",
            ".envrc",
            "environment.ts",
        ] {
            assert!(!rules.words.is_env_file(p), "{p}");
        }
    }
}
