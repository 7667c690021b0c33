//! Detection: pure functions from one file's bytes to findings.
//!
//! The pipeline per file (see `../shared/DESIGN.md`): the language by path;
//! one Aho-Corasick pass for the rules' keywords (most files stop there);
//! each candidate sink's regex over the whole buffer; argument extraction and
//! value resolution; template and placeholder filters; then one strength
//! verdict per secret. Nothing here touches the filesystem.
//!
//! Detection layer: it may use the rules and the core types (`finding`,
//! `text`); it never imports a source (`scan/`), git or a reporter.

pub(crate) mod config;
pub(crate) mod entropy;
pub(crate) mod flags;
pub(crate) mod fnv;
pub(crate) mod identifier;
pub(crate) mod jwk;
pub(crate) mod keyref;
pub(crate) mod known;
pub(crate) mod literal;
pub(crate) mod manifest;
pub(crate) mod matcher;
pub(crate) mod prefilter;
pub(crate) mod privkey;
pub(crate) mod repo;
pub(crate) mod resolve;
pub(crate) mod strength;
pub(crate) mod suppress;
pub(crate) mod syntax;
pub(crate) mod token;
pub(crate) mod values;

use crate::finding::fingerprint;

use crate::finding::Finding;
use crate::rules::schema::Family;
use crate::rules::{RuleSet, Severity};
use matcher::Candidate;
use syntax::Span;

/// What a file's scan produced.
#[derive(Debug, Default)]
pub(crate) struct FileResult {
    pub findings: Vec<Finding>,
    pub suppressed: u64,
    /// In `.env` and config files: every JWT key value found, weak or not,
    /// for the rules that compare files (JWT401).
    pub keys: Vec<KeyValue>,
    /// In code: JWT keys read from an environment variable, by the
    /// variable's name, as JWT604 findings waiting for a second service.
    pub env_keys: Vec<(String, Finding)>,
    /// Sinks whose key is a name bound in another file, and the key-like
    /// names this file binds: the repository inventory joins them.
    pub key_refs: Vec<keyref::KeyRef>,
    pub key_defs: Vec<keyref::KeyDef>,
    /// A `package.json`: what it declares of the packages flags name in
    /// `fixed_in` (package, lowest major).
    pub packages: Vec<(String, u64)>,
    /// The file's inline suppressions, each marked when it was used.
    pub markers: suppress::Markers,
    /// Line starts, built on the first finding.
    lines: std::cell::OnceCell<crate::finding::LineIndex>,
    /// Findings not built because their rule reached the per-file cap.
    pub capped: usize,
    cap: usize,
    per_rule: std::collections::HashMap<String, usize>,
}

impl FileResult {
    /// Whether the scan gave the repository rules anything
    /// ([`repo::Inventory::add_file`] takes it).
    pub(crate) fn feeds_inventory(&self) -> bool {
        !(self.keys.is_empty()
            && self.env_keys.is_empty()
            && self.key_refs.is_empty()
            && self.key_defs.is_empty()
            && self.packages.is_empty())
    }

    pub(super) fn lines(&self, bytes: &[u8]) -> &crate::finding::LineIndex {
        self.lines
            .get_or_init(|| crate::finding::LineIndex::new(bytes))
    }

    /// The file's `jwtscan:ignore` markers that suppressed nothing (line),
    /// and warnings for those naming rules that do not exist.
    pub(crate) fn ignore_notes(&self, rules: &RuleSet, path: &str) -> (Vec<usize>, Vec<String>) {
        let mut unused = Vec::new();
        let mut warnings = Vec::new();
        for m in self.markers.all() {
            if !m.used {
                unused.push(m.line);
            }
            if let suppress::Ignore::Rules(ids) = &m.ignore {
                for id in ids.iter().filter(|id| rules.rule(id).is_none()) {
                    warnings.push(format!(
                        "{}:{}: jwtscan:ignore names unknown rule {}",
                        crate::text::escape_control(path),
                        m.line,
                        crate::text::escape_control(id)
                    ));
                }
            }
        }
        (unused, warnings)
    }
}

/// A JWT key value in a data file, and where it is.
#[derive(Debug, Clone)]
pub(crate) struct KeyValue {
    pub value: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The key's name or path (`JWT_SECRET`, `jwt.secret`).
    pub name: Option<String>,
}

/// Per-run settings of detection (the rule set holds none).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Options {
    /// `--max-findings-per-file`: findings of one rule kept per file as it
    /// is scanned (0: all), so a file with 100,000 of them never builds
    /// them.
    pub max_findings_per_rule: usize,
    /// Also honour other scanners' inline markers (`--honor-foreign-ignores`).
    pub honor_foreign_ignores: bool,
}

/// A rule set made ready to run: the rules, the per-language scouts built
/// on first use, and the run's settings. Shared by every thread of a scan.
#[derive(Debug)]
pub(crate) struct Detector<'r> {
    pub rules: &'r RuleSet,
    scouts: prefilter::Scouts,
    options: Options,
}

impl<'r> Detector<'r> {
    pub(crate) fn new(rules: &'r RuleSet, options: Options) -> Detector<'r> {
        Detector {
            rules,
            scouts: prefilter::Scouts::new(rules),
            options,
        }
    }

    /// Builds every scout now: users' rules are checked before a scan.
    pub(crate) fn check(&self) -> Result<(), String> {
        self.scouts.check(self.rules)
    }

    /// Whether `path` can hold anything a rule looks for; files that
    /// cannot are never read.
    pub(crate) fn wants(&self, path: &str) -> bool {
        self.rules.language_of(path).is_some()
    }

    /// Scans one file's bytes, as `path` (which picks the language).
    pub(crate) fn scan(&self, path: &str, bytes: &[u8]) -> FileResult {
        match self.rules.language_of(path) {
            Some(lang) => self.scan_as(lang, path, bytes),
            None => FileResult::default(),
        }
    }

    /// Scans one file's bytes in language `lang_index`, already looked up
    /// by the caller (the walk asks before reading the file).
    pub(crate) fn scan_as(&self, lang_index: usize, path: &str, bytes: &[u8]) -> FileResult {
        let mut result = match utf16_to_utf8(bytes) {
            Some(text) => scan_text(self, lang_index, path, &text),
            None => scan_text(self, lang_index, path, bytes),
        };
        // Documentation: reported, but at low severity at most.
        if let Some(cap) = self
            .rules
            .languages
            .get(lang_index)
            .and_then(|l| l.max_severity)
        {
            for f in &mut result.findings {
                f.severity = f.severity.min(cap);
            }
        }
        result
    }
}

/// A UTF-16 file (with its byte-order mark, as Windows tools write
/// `appsettings.json` or `.env`) as UTF-8, so that it is scanned like any
/// other; lines are unchanged, unpaired surrogates become U+FFFD.
fn utf16_to_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let little = match bytes {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Some(text.into_bytes())
}

fn scan_text(detector: &Detector<'_>, lang_index: usize, path: &str, bytes: &[u8]) -> FileResult {
    let rules = detector.rules;
    let options = detector.options;
    // One pass says what the file holds; each step below runs only where
    // it points.
    let found = detector.scouts.look(rules, lang_index, bytes);
    let mut result = FileResult {
        cap: options.max_findings_per_rule,
        ..FileResult::default()
    };
    if found.marker || options.honor_foreign_ignores {
        result.markers = suppress::Markers::parse(bytes, options.honor_foreign_ignores);
    }
    if found.token {
        tokens(rules, path, bytes, &mut result);
    }
    if found.key {
        private_keys(rules, path, bytes, &mut result);
        let bare = matches!(rules.languages[lang_index].family, Family::Yaml);
        jwk::report(rules, path, bytes, bare, &mut result);
    }
    let lang = &rules.languages[lang_index];
    let ctx = resolve::FileCtx::new(bytes, lang);
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "package.json" {
        let wanted: Vec<&str> = rules
            .sinks
            .iter()
            .filter_map(|s| s.fixed_in.as_ref().map(|(p, _)| p.as_str()))
            .collect();
        if !wanted.is_empty() {
            result.packages = manifest::declared_majors(bytes, &wanted);
        }
    }
    let template_file = rules.words.is_template_file(name);
    // Documentation that prints a published demo value (`JWT_SECRET:
    // secret`, `your-256-bit-secret`) illustrates; it holds no one's key.
    let documentation = lang.max_severity.is_some();
    let group = keyref::group(&lang.name);
    if found.named && !group.is_empty() {
        key_definitions(rules, &ctx, path, group, template_file, &mut result);
    }
    let Some(hit) = found.keywords else {
        return result;
    };
    let sinks = rules.candidate_sinks(lang_index, &hit);
    if sinks.is_empty() {
        return result;
    }
    // Comment and string spans, computed once and only if a sink matches.
    let non_code = std::cell::OnceCell::new();
    let mut config_sinks = Vec::new();
    let mut unbound: Vec<matcher::Unbound> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut env_reads: Vec<matcher::EnvKey> = Vec::new();
    for &index in &sinks {
        let sink = &rules.sinks[index];
        if let Some(paths) = &sink.paths {
            if !paths.is_match(path) && !paths.is_match(name) {
                continue;
            }
        }
        if let Some(paths) = &sink.exclude_paths {
            if paths.is_match(path) || paths.is_match(name) {
                continue;
            }
        }
        if sink.key.is_some() {
            config_sinks.push((index, sink));
            continue;
        }
        if sink.flag {
            flags::run(rules, &ctx, sink, &non_code, path, &mut result);
            continue;
        }
        matcher::run(
            &ctx,
            index,
            sink,
            &non_code,
            &mut candidates,
            &mut env_reads,
            &mut unbound,
        );
    }
    env_keys(rules, path, bytes, env_reads, &mut result);
    if !group.is_empty() {
        for u in unbound {
            let (line, _) = result.lines(bytes).line_col(bytes, u.sink_at);
            result.key_refs.extend(keyref::reference(
                &ctx,
                path,
                u.reference,
                u.sink,
                u.alg,
                line,
            ));
        }
    }
    if !config_sinks.is_empty() {
        matcher::run_config(bytes, lang.family, &config_sinks, &mut candidates);
    }
    candidates.retain(|c| {
        let value = &c.resolved.value;
        let fits = rules.sinks[c.sink]
            .value_pattern
            .as_ref()
            .is_none_or(|r| r.get().is_some_and(|r| r.is_match(value.as_bytes())));
        let token_name = lang.family.is_config()
            && c.ident
                .as_deref()
                .is_some_and(|path| rules.words.is_token_name(path, value));
        fits && !token_name
            && values::keep(&rules.words, value, template_file)
            && !lang.is_template(value)
            && !(documentation && known::is_known(value.as_bytes()))
    });
    // One finding per rule per literal, and one strength verdict per literal;
    // the first sink (in rule-file order) names it.
    // A candidate that knows its algorithm gives the strength verdict.
    candidates.sort_by_key(|c| (c.resolved.content.start, c.alg.is_none(), c.sink));
    // Sets, not lists: a file with 100,000 candidates made the lookups
    // quadratic.
    let mut seen_rules: std::collections::HashSet<(usize, usize, usize)> =
        std::collections::HashSet::new();
    let mut seen_strength: std::collections::HashSet<(usize, usize)> =
        std::collections::HashSet::new();
    for c in &candidates {
        let sink = &rules.sinks[c.sink];
        let content = c.resolved.content.clone();
        if let Some(rule) = sink.rule {
            if seen_rules.insert((rule, content.start, content.end)) {
                let message = hardcoded_message(rules, c, bytes, result.lines(bytes));
                push(rules, &mut result, path, bytes, rule, c, message);
            }
        }
        if !seen_strength.insert((content.start, content.end)) {
            continue;
        }
        if lang.family == Family::Dotenv || lang.family.is_config() {
            let (line, column) = result.lines(bytes).line_col(bytes, content.start);
            let (end_line, end_column) = result.lines(bytes).line_col(bytes, content.end);
            result.keys.push(KeyValue {
                value: c.resolved.value.clone(),
                line,
                column,
                end_line,
                end_column,
                name: c.ident.clone(),
            });
        }
        if let Some(weak) = strength::assess(&c.resolved.value, c.alg) {
            if let Some(rule) = rules.rule_index(weak.rule_id()) {
                let what = match &c.ident {
                    Some(ident) => format!("{}: ", String::from_utf8_lossy(ident.as_bytes())),
                    None => String::new(),
                };
                let message = format!("{what}{}", weak.describe());
                push(rules, &mut result, path, bytes, rule, c, message);
            }
        }
    }
    result
}

/// The key-like names `ctx`'s file binds, each with its JWT201 finding
/// when the value is a literal that would be reported at a sink.
fn key_definitions(
    rules: &RuleSet,
    ctx: &resolve::FileCtx<'_>,
    path: &str,
    group: &'static str,
    template_file: bool,
    result: &mut FileResult,
) {
    let Some(rule) = rules.rule("JWT201") else {
        return;
    };
    let bytes = ctx.buf;
    for (name, resolved) in keyref::definitions(ctx) {
        let kept = resolved.filter(|r| {
            values::keep(&rules.words, &r.value, template_file) && !ctx.lang.is_template(&r.value)
        });
        let finding = kept.as_ref().and_then(|r| {
            let (line, _) = result.lines(bytes).line_col(bytes, r.content.start);
            if result.markers.suppresses(line, &rule.id) {
                return None;
            }
            Some(
                Finding::at(rule, path, bytes, result.lines(bytes), r.content.clone())
                    .with_secret(&r.value),
            )
        });
        result.key_defs.push(keyref::KeyDef {
            name,
            literal: kept.is_some(),
            finding,
            group,
        });
    }
}

/// The JWT604 stand-ins for keys that hardcoded-secret sinks read from
/// the environment, one per variable and line.
fn env_keys(
    rules: &RuleSet,
    path: &str,
    bytes: &[u8],
    reads: Vec<matcher::EnvKey>,
    result: &mut FileResult,
) {
    let (Some(rule), Some(hardcoded)) = (rules.rule("JWT604"), rules.rule_index("JWT201")) else {
        return;
    };
    let mut seen: Vec<(String, usize)> = Vec::new();
    for read in reads {
        if rules.sinks[read.sink].rule != Some(hardcoded) {
            continue;
        }
        let Some(mut f) = located(rule, path, bytes, read.span, result) else {
            continue;
        };
        if seen.contains(&(read.name.clone(), f.line)) {
            continue;
        }
        seen.push((read.name.clone(), f.line));
        f.fingerprint = fingerprint(&rule.id, path, &read.name);
        f.secret_in_source = None;
        result.env_keys.push((read.name, f));
    }
}

/// JWT204 for each token literal in the file.
fn tokens(rules: &RuleSet, path: &str, bytes: &[u8], result: &mut FileResult) {
    let Some(rule) = rules.rule("JWT204") else {
        return;
    };
    for t in token::find(bytes) {
        let Some(mut f) = located(rule, path, bytes, t.start..t.end, result) else {
            continue;
        };
        let text = t.text(bytes).to_string();
        f.message = format!("{}: {}", rule.message, token::describe(&t));
        f.fingerprint = fingerprint(&rule.id, path, &text);
        f.secret = Some(text);
        result.findings.push(f);
    }
    for t in token::find_split(bytes) {
        let Some(mut f) = located(rule, path, bytes, t.start..t.end, result) else {
            continue;
        };
        f.message = format!(
            "{}: {} (split over joined string literals)",
            rule.message,
            token::describe(&t.token)
        );
        f.fingerprint = fingerprint(&rule.id, path, &t.text);
        f.secret_in_source = None;
        f.secret = Some(t.text);
        result.findings.push(f);
    }
}

/// JWT203 for each private key in the file; medium when encrypted.
fn private_keys(rules: &RuleSet, path: &str, bytes: &[u8], result: &mut FileResult) {
    let Some(rule) = rules.rule("JWT203") else {
        return;
    };
    for key in privkey::find(bytes) {
        let Some(mut f) = located(rule, path, bytes, key.start..key.end, result) else {
            continue;
        };
        let what = if key.encrypted {
            f.severity = Severity::Medium;
            "an encrypted"
        } else {
            "a"
        };
        // The line up to the BEGIN marker (or `"d"`), never key material.
        let (line_start, _) = result.lines(bytes).bounds(bytes, key.start);
        let shown = String::from_utf8_lossy(&bytes[line_start..key.shown_end]);
        f.source = format!("{} ...", shown.trim_end());
        f.secret_in_source = None;
        f.message = format!(
            "{}: {what} {} private key ({} characters of key material)",
            rule.message,
            key.kind,
            key.body.len()
        );
        f.fingerprint = fingerprint(&rule.id, path, &key.body);
        f.secret = Some(key.body);
        result.findings.push(f);
    }
}

fn hardcoded_message(
    rules: &RuleSet,
    c: &Candidate,
    bytes: &[u8],
    lines: &crate::finding::LineIndex,
) -> String {
    let sink = &rules.sinks[c.sink];
    let rule = sink.rule.map(|r| &rules.rules[r]);
    let base = rule.map_or("", |r| r.message.as_str());
    let mut message = match (&sink.key, &c.ident) {
        (Some(_), Some(path)) => format!("{base} ({path})"),
        _ => format!("{base} ({})", sink.name),
    };
    if c.resolved.via_binding {
        let (line, _) = lines.line_col(bytes, c.sink_at);
        message.push_str(&format!("; used as the key on line {line}"));
    }
    message
}

fn push(
    rules: &RuleSet,
    result: &mut FileResult,
    path: &str,
    bytes: &[u8],
    rule_index: usize,
    c: &Candidate,
    message: String,
) {
    let rule = &rules.rules[rule_index];
    let Some(mut f) = located(rule, path, bytes, c.resolved.content.clone(), result) else {
        return;
    };
    f.message = message;
    f.fingerprint = fingerprint(&rule.id, path, &c.resolved.value);
    f.secret = Some(c.resolved.value.clone());
    f.sink_line = c
        .resolved
        .via_binding
        .then(|| result.lines(bytes).line_col(bytes, c.sink_at).0);
    result.findings.push(f);
}

/// A finding of `rule` over `span`: position, severity, hint, the source
/// line and where `span` sits in it (when it ends on that line). `None`,
/// counted as suppressed, when an inline ignore covers it. Callers add the
/// message, the secret and the fingerprint.
pub(super) fn located(
    rule: &crate::rules::Rule,
    path: &str,
    bytes: &[u8],
    span: Span,
    result: &mut FileResult,
) -> Option<Finding> {
    let (line, _) = result.lines(bytes).line_col(bytes, span.start);
    if result.markers.suppresses(line, &rule.id) {
        result.suppressed += 1;
        return None;
    }
    if result.cap > 0 {
        match result.per_rule.get_mut(&rule.id) {
            Some(n) if *n >= result.cap => {
                result.capped += 1;
                return None;
            }
            Some(n) => *n += 1,
            None => {
                result.per_rule.insert(rule.id.clone(), 1);
            }
        }
    }
    Some(Finding::at(rule, path, bytes, result.lines(bytes), span))
}

/// 1-based line and column (in Unicode code points) of byte `offset`.
#[cfg(test)]
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_files_are_decoded() {
        let mut le = vec![0xff, 0xfe];
        le.extend("JWT_SECRET=x\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(utf16_to_utf8(&le).as_deref(), Some(&b"JWT_SECRET=x\n"[..]));
        let mut be = vec![0xfe, 0xff];
        be.extend("é".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(utf16_to_utf8(&be).as_deref(), Some("é".as_bytes()));
        assert_eq!(utf16_to_utf8(b"plain"), None);
    }

    #[test]
    fn line_and_column_in_code_points() {
        let text = "ab\nçé'x'".as_bytes();
        let offset = text.iter().position(|&b| b == b'x').expect("x is there");
        assert_eq!(line_col(text, offset), (2, 4));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn fingerprint_ignores_line_but_not_path() {
        let a = fingerprint("JWT201", "a.js", "k");
        assert_eq!(a, fingerprint("JWT201", "a.js", "k"));
        assert_ne!(a, fingerprint("JWT201", "b.js", "k"));
        assert_eq!(a.len(), 32);
    }
}
