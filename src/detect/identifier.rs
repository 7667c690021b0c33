//! Same-file bindings: which names are assigned which expressions.
//!
//! Built once per file, only when a sink's key is an identifier. The binding
//! patterns come from the language's YAML (`const X =`, `X :=`, `X: ` object
//! fields, `"X":` dict keys ...); each match ends where the value starts, and
//! the value runs to the end of its expression. Limits: no scopes, so every
//! binding of a name is a candidate (see `resolve`), and bindings inside
//! comments are kept (harmless: they only matter when a sink names them).

use std::collections::HashMap;

use super::syntax::{self, Span};
use crate::rules::Language;

/// One `name = value` in a file.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub name: Span,
    pub value: Span,
}

/// All bindings of a file, by name, in file order.
#[derive(Debug, Default)]
pub(crate) struct Bindings {
    by_name: HashMap<String, Vec<Binding>>,
}

impl Bindings {
    pub(crate) fn get(&self, name: &str) -> &[Binding] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Collects the bindings of `buf` with the language's patterns.
pub(crate) fn collect(buf: &[u8], lang: &Language) -> Bindings {
    let mut by_name: HashMap<String, Vec<Binding>> = HashMap::new();
    for pattern in &lang.bindings {
        let Some(regex) = pattern.get() else { continue };
        for caps in regex.captures_iter(buf) {
            let Some(binding) = binding(buf, 0, &caps, lang) else {
                continue;
            };
            let key = String::from_utf8_lossy(&buf[binding.name.clone()]).into_owned();
            by_name.entry(key).or_default().push(binding);
        }
    }
    for list in by_name.values_mut() {
        list.sort_by_key(|b| b.name.start);
        list.dedup_by_key(|b| b.name.start);
    }
    Bindings { by_name }
}

/// The binding a pattern's match describes, `caps` taken over
/// `buf[offset..]`: the `name` group, and the value from the `value` group
/// (the regex crate has no look-ahead, so patterns capture the value's
/// first byte) or the match's end, to the end of its expression.
fn binding(
    buf: &[u8],
    offset: usize,
    caps: &regex::bytes::Captures<'_>,
    lang: &Language,
) -> Option<Binding> {
    let name = caps.name("name")?;
    let start = offset + caps.name("value").map_or(caps.get(0)?.end(), |m| m.start());
    let end = syntax::expr_end(buf, start, lang.family);
    (end > start).then(|| Binding {
        name: offset + name.start()..offset + name.end(),
        value: start..end,
    })
}

/// How far around a word the binding patterns look: back to the line's
/// start (`var `, `const val `, `@`), forward past a type annotation.
const WINDOW_BEFORE: usize = 80;
const WINDOW_AFTER: usize = 96;

/// The bindings of the names that contain a match of `words`, found without
/// building the whole file's bindings: each identifier around a match is
/// tried against the language's patterns in a small window. At most `max`
/// bindings, from at most `16 * max` words: a file of a million `secret`s
/// that bind nothing costs no more than a few thousand.
pub(crate) fn collect_named(
    buf: &[u8],
    lang: &Language,
    words: &regex::bytes::Regex,
    max: usize,
) -> Vec<(String, Binding)> {
    let mut out: Vec<(String, Binding)> = Vec::new();
    let mut done = 0usize;
    for m in words.find_iter(buf).take(16 * max) {
        if m.start() < done {
            continue;
        }
        let mut start = m.start();
        while start > 0 && syntax::is_ident_byte(buf[start - 1]) {
            start -= 1;
        }
        let mut end = m.end();
        while end < buf.len() && syntax::is_ident_byte(buf[end]) {
            end += 1;
        }
        done = end;
        let line_start = buf[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let from = line_start.max(start.saturating_sub(WINDOW_BEFORE));
        let to = buf.len().min(end + WINDOW_AFTER);
        let window = &buf[from..to];
        let found = lang.bindings.iter().find_map(|pattern| {
            pattern
                .get()?
                .captures_iter(window)
                // The name first: the value's end is walked for it only.
                .filter(|caps| {
                    caps.name("name")
                        .is_some_and(|n| from + n.start() == start && from + n.end() == end)
                })
                .find_map(|caps| binding(buf, from, &caps, lang))
        });
        if let Some(b) = found {
            out.push((String::from_utf8_lossy(&buf[start..end]).into_owned(), b));
        }
        if out.len() >= max {
            break;
        }
    }
    out
}

/// Splits `a.b.c`, `self.KEY`, `Config::KEY` or `obj?.key` into its names;
/// `None` when the text is anything else (a call, a literal, an operator).
pub(crate) fn chain(text: &[u8]) -> Option<Vec<&str>> {
    let text = std::str::from_utf8(text).ok()?.trim();
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        let len = rest
            .bytes()
            .take_while(|&b| syntax::is_ident_byte(b))
            .count();
        if len == 0 || rest.as_bytes()[0].is_ascii_digit() {
            return None;
        }
        segments.push(&rest[..len]);
        rest = rest[len..].trim_start();
        if rest.is_empty() {
            return Some(segments);
        }
        let sep = ["?.", "::", "->", "."]
            .iter()
            .find(|s| rest.starts_with(**s))?;
        rest = rest[sep.len()..].trim_start();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains() {
        assert_eq!(chain(b"a.b.c"), Some(vec!["a", "b", "c"]));
        assert_eq!(chain(b"Config::KEY"), Some(vec!["Config", "KEY"]));
        assert_eq!(chain(b"$secret"), Some(vec!["$secret"]));
        assert_eq!(chain(b"f()"), None);
        assert_eq!(chain(b"'lit'"), None);
        assert_eq!(chain(b"1abc"), None);
        assert_eq!(chain(b"a + b"), None);
    }
}
