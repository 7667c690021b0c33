//! Flag sinks: rules that report a call shape rather than a secret
//! (`verify` without `algorithms`, `sign` without `expiresIn`). Each match
//! in code is reported unless the call has what the sink's `unless` wants:
//! in its arguments, in calls chained after it, or in the same-file binding
//! of an identifier argument. With no secret to fingerprint, a finding is
//! fingerprinted by its normalised line and that line's occurrence.

use sha2::{Digest, Sha256};

use super::syntax::{self, Span};
use super::{located, resolve, FileResult};
use crate::finding::fingerprint_of;
use crate::rules::schema::Family;
use crate::rules::RuleSet;

/// A flag sink's findings: each match that starts in code.
pub(super) fn run(
    rules: &RuleSet,
    ctx: &resolve::FileCtx<'_>,
    sink: &crate::rules::Sink,
    non_code: &std::cell::OnceCell<Vec<Span>>,
    path: &str,
    result: &mut FileResult,
) {
    let (Some(rule), Some(regex)) = (sink.rule, sink.pattern.as_ref().and_then(|p| p.get())) else {
        return;
    };
    let rule = &rules.rules[rule];
    let bytes = ctx.buf;
    // Per distinct line text: the hasher fed it, and its occurrences so far.
    type Count = std::rc::Rc<std::cell::RefCell<(Sha256, usize)>>;
    let mut occurrences: std::collections::HashMap<Vec<u8>, Count> =
        std::collections::HashMap::new();
    // The line of the last match and its counter: matches on one long
    // line neither copy nor hash it again.
    let mut last_line: Option<(usize, Count)> = None;
    for m in regex.find_iter(bytes) {
        let spans = non_code.get_or_init(|| syntax::non_code_spans(bytes, ctx.family()));
        if syntax::inside(spans, m.start()) {
            continue;
        }
        if sink.bare && bytes[..m.start()].trim_ascii_end().ends_with(b".") {
            continue;
        }
        if let Some(unless) = sink.unless.as_ref().and_then(|u| u.get()) {
            if call_has(ctx, m.start(), m.end(), unless, &sink.visible_args) {
                continue;
            }
        }
        let Some(mut f) = located(rule, path, bytes, m.range(), result) else {
            continue;
        };
        // Rules without a secret: the normalised whole line and its
        // occurrence, each line normalised once however many matches it has.
        let (start, end) = result.lines(bytes).bounds(bytes, m.start());
        let count = match &last_line {
            Some((at, count)) if *at == start => std::rc::Rc::clone(count),
            _ => {
                let text = normalise(&String::from_utf8_lossy(&bytes[start..end]));
                let count =
                    std::rc::Rc::clone(occurrences.entry(text).or_insert_with_key(|text| {
                        std::rc::Rc::new(std::cell::RefCell::new((
                            Sha256::new().chain_update(text),
                            0,
                        )))
                    }));
                last_line = Some((start, std::rc::Rc::clone(&count)));
                count
            }
        };
        let hasher = {
            let mut entry = count.borrow_mut();
            entry.1 += 1;
            entry
                .0
                .clone()
                .chain_update(format!("#{}", entry.1).as_bytes())
        };
        f.secret_in_source = None;
        f.message = format!("{} ({})", rule.message, sink.name);
        f.fingerprint = fingerprint_of(&rule.id, path, hasher);
        f.fixed_in = sink.fixed_in.clone();
        if let Some(hint) = &sink.hint {
            hint.clone_into(&mut f.hint);
        }
        result.findings.push(f);
    }
}

/// A function passed where options would go (`verify(t, key, (err, user)
/// => ...)`, `function (err, decoded) {...}`): it holds no options, so the
/// call has none.
fn is_function(text: &[u8]) -> bool {
    let text = text
        .strip_prefix(b"async")
        .map_or(text, |t| t.trim_ascii_start());
    if text.starts_with(b"function") {
        return true;
    }
    // `(a, b) =>` or `a =>`: a parameter list of names, then the arrow.
    let Some(arrow) = memchr::memmem::find(text, b"=>") else {
        return false;
    };
    text[..arrow]
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b"_$,() \t\n:".contains(&b))
}

/// A line with its runs of whitespace as single spaces, ends trimmed.
fn normalise(line: &str) -> Vec<u8> {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .into_bytes()
}

/// Whether `wanted` matches the call whose match is `start..end` (ending
/// at its `(`): its arguments, calls chained after it, or the same-file
/// binding of an identifier argument. Unparseable calls count as having it,
/// so that they are never reported.
fn call_has(
    ctx: &resolve::FileCtx<'_>,
    start: usize,
    end: usize,
    wanted: &regex::bytes::Regex,
    visible: &[usize],
) -> bool {
    let buf = ctx.buf;
    let family = ctx.family();
    let Some(open) = end.checked_sub(1).filter(|&o| buf.get(o) == Some(&b'(')) else {
        return true;
    };
    let Some((args, close)) = syntax::split_args(buf, open, family) else {
        return true;
    };
    // An argument whose content cannot be seen might hold what is wanted.
    let literal = |span: Span| {
        let text = &buf[syntax::trim_code(buf, span, family)];
        let head = text
            .iter()
            .position(|&b| matches!(b, b'{' | b'[' | b'(' | b'\n'));
        // A spread (`{ ...claims }`, `{**claims}`) hides what it adds.
        let spread = memchr::memmem::find(text, b"...").is_some()
            || memchr::memmem::find(text, b"**").is_some();
        !spread
            && (matches!(text.first(), Some(b'{' | b'['))
            || text.starts_with(b"dict(")
            // Go composite literals: `jwt.MapClaims{`, `&Claims{`.
            || head.is_some_and(|h| {
                text[h] == b'{'
                    && text[..h]
                        .iter()
                        .all(|&b| b.is_ascii_alphanumeric() || b"._&*".contains(&b))
            }))
    };
    let spread = args.iter().any(|a| {
        let text = &buf[syntax::trim_code(buf, a.clone(), family)];
        text.starts_with(b"**") || text.starts_with(b"...")
    });
    if spread {
        return true;
    }
    for &i in visible {
        let Some(arg) = args.get(i) else { continue };
        if literal(arg.clone()) || is_function(&buf[syntax::trim_code(buf, arg.clone(), family)]) {
            continue;
        }
        let text = &buf[syntax::trim_code(buf, arg.clone(), family)];
        let name = String::from_utf8_lossy(text);
        let bound = assigned(buf, &name, family);
        if bound.is_empty() || !bound.into_iter().any(literal) {
            return true;
        }
    }
    // The statement: the call, and the calls chained after it, also on
    // following lines (`JWT.create()\n    .withExpiresAt(...)`).
    let mut statement_end = syntax::expr_end(buf, start, family).max(close);
    loop {
        let next = statement_end
            + buf[statement_end..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        if buf.get(next) == Some(&b'.') && buf.get(next + 1) != Some(&b'.') {
            statement_end = syntax::expr_end(buf, next, family).max(next + 1);
        } else {
            break;
        }
    }
    // Commented-out options (`key /*, { expiresIn: '24h' } */`) are not
    // options.
    if wanted.is_match(&without_comments(buf, start..statement_end, family)) {
        return true;
    }
    args.iter().any(|arg| {
        let text = syntax::trim_code(buf, arg.clone(), family);
        let name = &buf[text];
        let identifier = !name.is_empty()
            && name
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'.');
        identifier
            && assigned(buf, &String::from_utf8_lossy(name), family)
                .into_iter()
                .any(|v| wanted.is_match(&without_comments(buf, v, family)))
    })
}

/// The bytes of `span` with each comment blanked (strings kept: `"exp"`
/// counts).
fn without_comments(buf: &[u8], span: Span, family: Family) -> std::borrow::Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut k = span.start;
    while k < span.end {
        if let Some(end) = syntax::string_end(buf, k, family) {
            if let Some(o) = out.as_mut() {
                o.extend_from_slice(&buf[k..end.min(span.end)]);
            }
            k = end;
            continue;
        }
        if let Some(end) = syntax::comment_end(buf, k, family) {
            let o = out.get_or_insert_with(|| buf[span.start..k].to_vec());
            o.resize(o.len() + (end.min(span.end) - k), b' ');
            k = end;
            continue;
        }
        if let Some(o) = out.as_mut() {
            o.push(buf[k]);
        }
        k += 1;
    }
    match out {
        Some(o) => std::borrow::Cow::Owned(o),
        None => std::borrow::Cow::Borrowed(&buf[span]),
    }
}

/// The values assigned to `name` in the file (`name = ...`, `name := ...`,
/// `const name = ...`): a direct search for the name, far cheaper than
/// collecting every binding of the file for one lookup.
fn assigned(buf: &[u8], name: &str, family: Family) -> Vec<Span> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let mut out = Vec::new();
    if name.is_empty() || !name.bytes().all(|b| word(b) || b == b'.') {
        return out;
    }
    for at in memchr::memmem::find_iter(buf, name.as_bytes()) {
        let end = at + name.len();
        if at > 0 && (word(buf[at - 1]) || buf[at - 1] == b'.') {
            continue;
        }
        if buf.get(end).is_some_and(|&b| word(b)) {
            continue;
        }
        let mut k = end;
        while buf.get(k).is_some_and(|b| *b == b' ' || *b == b'\t') {
            k += 1;
        }
        let op = if buf[k..].starts_with(b":=") {
            2
        } else if buf.get(k) == Some(&b'=') && !matches!(buf.get(k + 1), Some(b'=' | b'>')) {
            1
        } else {
            continue;
        };
        let mut v = k + op;
        while buf.get(v).is_some_and(|b| b.is_ascii_whitespace()) {
            v += 1;
        }
        if v < buf.len() {
            out.push(v..syntax::expr_end(buf, v, family));
        }
    }
    out
}
