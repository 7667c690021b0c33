//! Runs one sink over a whole file buffer and turns each match into the
//! expressions that hold the key, then into resolved secrets.

use std::cell::OnceCell;
use std::ops::Range;

use super::config;
use super::resolve::{pick_arg, FileCtx, Resolved};
use super::strength::Alg;
use super::syntax::{self, Span};
use crate::rules::schema::Decode;
use crate::rules::{ArgSel, Sink};

/// A secret a sink received.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub sink: usize,
    pub resolved: Resolved,
    /// Where the sink matched; the finding names this line when the literal
    /// is elsewhere.
    pub sink_at: usize,
    /// The algorithm captured by the pattern, or read near the call.
    pub alg: Option<Alg>,
    /// The setting or variable name, when the pattern captures `ident`.
    pub ident: Option<String>,
}

/// A sink whose key is read from an environment variable (JWT604).
#[derive(Debug, Clone)]
pub(crate) struct EnvKey {
    pub sink: usize,
    /// The variable's name.
    pub name: String,
    /// The read.
    pub span: Span,
}

/// A sink whose key is a name this file does not bind (the repository
/// inventory looks for it elsewhere).
#[derive(Debug, Clone)]
pub(crate) struct Unbound {
    pub sink: usize,
    pub reference: super::resolve::Reference,
    pub sink_at: usize,
    pub alg: Option<Alg>,
}

/// How far above a sink to look for its algorithm (Go's
/// `jwt.NewWithClaims(jwt.SigningMethodHS512, ...)` precedes `SignedString`).
const ALG_LINES_ABOVE: usize = 5;
const ALG_WINDOW_BYTES: usize = 1024;

/// Runs `sink` (index `index`) over the file; `non_code` caches the comment
/// and string spans, where matches do not count.
pub(crate) fn run(
    ctx: &FileCtx<'_>,
    index: usize,
    sink: &Sink,
    non_code: &OnceCell<Vec<Span>>,
    out: &mut Vec<Candidate>,
    env_out: &mut Vec<EnvKey>,
    unbound: &mut Vec<Unbound>,
) {
    let Some(regex) = sink.pattern.as_ref().and_then(|p| p.get()) else {
        return;
    };
    let buf = ctx.buf;
    // The end of the key expressions judged so far: a match inside one
    // (`process.env.A || process.env.A || ... || "dev"`, each operand a
    // match of the env-fallback sink) is part of an expression already
    // judged whole; judging it again from each operand was quadratic.
    let mut covered = 0usize;
    for caps in regex.captures_iter(buf) {
        let Some(whole) = caps.get(0) else { continue };
        if whole.start() < covered {
            continue;
        }
        let spans = non_code.get_or_init(|| syntax::non_code_spans(buf, ctx.family()));
        if syntax::inside(spans, whole.start()) {
            continue;
        }
        let ident = caps
            .name("ident")
            .map(|m| String::from_utf8_lossy(m.as_bytes()).into_owned());
        let captured_alg = caps
            .name("alg")
            .and_then(|m| Alg::from_capture(m.as_bytes()));
        let mut found: Vec<Resolved> = Vec::new();
        let mut reach = whole.end();
        let mut call_args: Vec<Span> = Vec::new();
        let mut env_read: Option<(String, Span)> = None;
        let mut reference: Option<super::resolve::Reference> = None;
        if let Some(secret) = caps.name("secret") {
            found.push(Resolved {
                value: String::from_utf8_lossy(secret.as_bytes()).into_owned(),
                content: secret.range(),
                via_binding: false,
            });
        } else {
            for span in key_expressions(ctx, sink, &caps, &mut reach, &mut call_args) {
                covered = covered.max(span.end);
                let span = match &sink.field {
                    Some(field) => match ctx.field(span, field, 0) {
                        Some(s) => s,
                        None => continue,
                    },
                    None => span,
                };
                if let Some(r) = ctx.resolve(span.clone()) {
                    found.push(r);
                    if matches!(sink.arg, Some(ArgSel::Any)) {
                        break;
                    }
                } else if let Some((name, span)) = ctx.env_read(span.clone()) {
                    env_read = Some((name, span));
                } else if reference.is_none() {
                    reference = ctx.reference(span);
                }
            }
        }
        if found.is_empty() {
            if let Some((name, span)) = env_read {
                // An HMAC key only: an RSA/EC key pair is what JWT604 advises.
                let call = &buf[whole.start()..reach.max(whole.end())];
                if !names_asymmetric(call) && !names_asymmetric(name.as_bytes()) {
                    env_out.push(EnvKey {
                        sink: index,
                        name,
                        span,
                    });
                }
            } else if let Some(reference) = reference {
                let call = &buf[whole.start()..reach.max(whole.end())];
                if !names_asymmetric(call) {
                    let alg = captured_alg.or_else(|| Alg::find(call));
                    unbound.push(Unbound {
                        sink: index,
                        reference,
                        sink_at: whole.start(),
                        alg,
                    });
                }
            }
            continue;
        }
        // The algorithm: captured by the pattern, named in the call, held by
        // a constant passed to it (`self::ALG`), or named just above it.
        let alg = captured_alg
            .or_else(|| Alg::find(&buf[whole.start()..reach]))
            .or_else(|| {
                // Resolving arguments builds the file's bindings: only worth
                // it when the file names a non-default size at all.
                let sized = |n: &[u8]| memchr::memmem::find(buf, n).is_some();
                if !(sized(b"384") || sized(b"512")) {
                    return None;
                }
                call_args
                    .iter()
                    .filter_map(|a| ctx.resolve(a.clone()))
                    .find_map(|r| Alg::find(r.value.as_bytes()))
            })
            .or_else(|| Alg::find(&buf[alg_window(buf, whole.start(), reach)]));
        for resolved in found {
            out.push(Candidate {
                sink: index,
                resolved,
                sink_at: whole.start(),
                alg,
                ident: ident.clone(),
            });
        }
    }
}

/// Whether `text` names an asymmetric algorithm or key (`RS256`,
/// `ES384`, `PUBLIC_KEY`, `private.pem`).
fn names_asymmetric(text: &[u8]) -> bool {
    let upper = text.to_ascii_uppercase();
    [
        "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EDDSA",
    ]
    .iter()
    .chain(&["PUBLIC", "PRIVATE", "PEM", "CERT", "JWKS", "RSA"])
    .any(|n| memchr::memmem::find(&upper, n.as_bytes()).is_some())
}

/// Runs the config sinks (`sinks`, by index) over a config file: one
/// flattening pass, every entry tested against each sink's `key` regex.
pub(crate) fn run_config(
    buf: &[u8],
    family: crate::rules::schema::Family,
    sinks: &[(usize, &Sink)],
    out: &mut Vec<Candidate>,
) {
    let keys: Vec<Option<&regex::bytes::Regex>> = sinks
        .iter()
        .map(|(_, s)| s.key.as_ref().and_then(|k| k.get()))
        .collect();
    config::flatten(buf, family, &mut |entry| {
        for ((index, sink), key) in sinks.iter().zip(&keys) {
            let Some(key) = key else { continue };
            if let Some(kind) = &sink.kind {
                // `Secret`, or `!Secret` for every other document.
                let fits = match kind.strip_prefix('!') {
                    Some(not) => entry.kind != Some(not),
                    None => entry.kind == Some(kind.as_str()),
                };
                if !fits {
                    continue;
                }
            }
            if !key.is_match(entry.path.as_bytes()) {
                continue;
            }
            let Some((content, value)) = config_value(buf, entry.value.clone(), sink.decode) else {
                continue;
            };
            out.push(Candidate {
                sink: *index,
                resolved: Resolved {
                    value,
                    content,
                    via_binding: false,
                },
                sink_at: entry.value.start,
                alg: None,
                ident: Some(entry.path.to_string()),
            });
        }
    });
}

/// A config value as a secret: the literal default of a Spring
/// `${NAME:default}` or shell `${NAME:-default}` reference, and base64
/// decoded where the format says so (Kubernetes Secret `data:`; base64 is
/// not encryption). `None` when a base64 value does not decode to text.
fn config_value(buf: &[u8], span: Span, decode: Option<Decode>) -> Option<(Span, String)> {
    let mut span = span;
    let text = &buf[span.clone()];
    if text.starts_with(b"${") && text.ends_with(b"}") {
        // The operator after the name: Spring's and the shell's `:`, or
        // the shell's and compose's bare `-` (`${X-default}`: the default
        // when unset).
        let name_end = 2 + text[2..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
            .count();
        match text.get(name_end) {
            Some(b':') => match text.get(name_end + 1) {
                // `${X:?message}` fails when unset; `${X:+alt}` is used only
                // when set: neither is a default.
                Some(b'?' | b'+') => return None,
                Some(b'-') => span = span.start + name_end + 2..span.end - 1,
                _ => span = span.start + name_end + 1..span.end - 1,
            },
            Some(b'-') => span = span.start + name_end + 1..span.end - 1,
            Some(b'?' | b'+') => return None,
            _ => {}
        }
    }
    let raw = &buf[span.clone()];
    let value = match decode {
        Some(Decode::Base64) => {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(raw.trim_ascii())
                .ok()?;
            String::from_utf8(bytes).ok()?
        }
        None => String::from_utf8_lossy(raw).into_owned(),
    };
    Some((span, value))
}

/// The expressions that may hold the key for one match; `reach` is moved to
/// the end of the call or value, and `call_args` gets every argument, for
/// the algorithm search.
fn key_expressions(
    ctx: &FileCtx<'_>,
    sink: &Sink,
    caps: &regex::bytes::Captures<'_>,
    reach: &mut usize,
    call_args: &mut Vec<Span>,
) -> Vec<Span> {
    let buf = ctx.buf;
    let family = ctx.family();
    let Some(whole) = caps.get(0) else {
        return Vec::new();
    };
    if sink.arg.is_some() || sink.kwarg.is_some() {
        let call_end = caps.name("call").map_or(whole.end(), |m| m.end());
        if call_end == 0 || buf[call_end - 1] != b'(' {
            return Vec::new();
        }
        let Some((args, close)) = syntax::split_args(buf, call_end - 1, family) else {
            return Vec::new();
        };
        *reach = (*reach).max(close + 1);
        call_args.clone_from(&args);
        return match sink.arg {
            Some(ArgSel::Any) => args,
            Some(ArgSel::Index(i)) => pick_arg(buf, &args, i, sink.kwarg.as_deref(), family)
                .into_iter()
                .collect(),
            None => pick_arg(buf, &args, usize::MAX, sink.kwarg.as_deref(), family)
                .into_iter()
                .collect(),
        };
    }
    let start = caps.name("value").map_or(whole.end(), |m| m.start());
    let end = syntax::expr_end(buf, start, family);
    *reach = (*reach).max(end);
    std::iter::once(start..end).collect()
}

/// From the start of the line `ALG_LINES_ABOVE` lines above `start` to `end`,
/// and at most [`ALG_WINDOW_BYTES`] above `start`: on a minified file the
/// lines above are the whole file, and each call's window was all of it.
fn alg_window(buf: &[u8], start: usize, end: usize) -> Range<usize> {
    let floor = start.saturating_sub(ALG_WINDOW_BYTES);
    let mut from = start;
    let mut lines = 0;
    while from > floor {
        if buf[from - 1] == b'\n' {
            lines += 1;
            if lines > ALG_LINES_ABOVE {
                break;
            }
        }
        from -= 1;
    }
    from..end.min(buf.len())
}
