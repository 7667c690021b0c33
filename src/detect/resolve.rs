//! Value resolution: turn the expression a sink receives into a hardcoded
//! secret, or decide that it is not one.
//!
//! A literal is a secret; so is a literal behind a wrapper (`[]byte("..")`,
//! `"..".getBytes()`), behind a same-file binding (`const KEY = ".."`), or in
//! the fallback of an env read (`process.env.X || ".."`, `os.getenv("X",
//! "..")`). Env reads, config lookups, parameters and call results are not.
//! Anything this module cannot follow is "not a secret": precision first.
//! Limits: bindings are same-file and not scope-aware (a parameter that
//! shadows a hardcoded module constant of the same name still resolves to it).

use std::cell::OnceCell;

use super::identifier::{self, Bindings};
use super::literal::{self, Literal};
use super::syntax::{self, Span};
use crate::rules::schema::Family;
use crate::rules::{CallPattern, Language};

/// How deep bindings and wrappers are followed.
const MAX_DEPTH: usize = 6;

/// A resolved secret.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub value: String,
    /// Where the literal's content is in the file.
    pub content: Span,
    /// The literal sits in a binding, away from the sink.
    pub via_binding: bool,
}

/// A key expression's name, to be found in another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    /// `["CONST", "SECRET"]`, `["properties", "secret"]`.
    pub segments: Vec<String>,
    /// Read through a getter (`getSecret()`): the field's name matches
    /// whatever its case.
    pub getter: bool,
}

/// One file being resolved in: its bytes, language and (lazily) bindings.
pub(crate) struct FileCtx<'a> {
    pub buf: &'a [u8],
    pub lang: &'a Language,
    bindings: OnceCell<Bindings>,
}

impl<'a> FileCtx<'a> {
    pub(crate) fn new(buf: &'a [u8], lang: &'a Language) -> Self {
        FileCtx {
            buf,
            lang,
            bindings: OnceCell::new(),
        }
    }

    pub(crate) fn family(&self) -> Family {
        self.lang.family
    }

    /// Whether `word` names the object itself in this language (`this`).
    fn is_receiver(&self, word: &str) -> bool {
        self.lang.receivers.iter().any(|r| r == word)
    }

    fn bindings(&self) -> &Bindings {
        self.bindings
            .get_or_init(|| identifier::collect(self.buf, self.lang))
    }

    /// Resolves the expression at `span`.
    pub(crate) fn resolve(&self, span: Span) -> Option<Resolved> {
        let mut visited = Vec::new();
        self.resolve_at(span, 0, &mut visited)
    }

    fn resolve_at(&self, span: Span, depth: usize, visited: &mut Vec<usize>) -> Option<Resolved> {
        if depth > MAX_DEPTH {
            return None;
        }
        let buf = self.buf;
        let family = self.family();
        let span = self.strip_noise(syntax::trim_code(buf, span, family));
        if span.is_empty() {
            return None;
        }
        // `a || b`, `a ?? b`, `a or b`: any literal operand is hardcoded.
        let ops: Vec<&str> = self
            .lang
            .fallback_operators
            .iter()
            .map(String::as_str)
            .collect();
        if !ops.is_empty() {
            let parts = syntax::split_top(buf, span.clone(), family, &ops);
            if parts.len() > 1 {
                return parts
                    .into_iter()
                    .find_map(|p| self.resolve_at(p, depth + 1, visited));
            }
        }
        if let Some(lit) = self.concatenation(span.clone()) {
            return Some(from_literal(lit, false));
        }
        if let Some(lit) = literal::parse(buf, span.clone(), family) {
            return Some(from_literal(lit, false));
        }
        if family == Family::Dotenv {
            return None;
        }
        let text = &buf[span.clone()];
        if self.reads_env(text) {
            return None;
        }
        if let Some(inner) = self.unwrap_any(span.clone()) {
            return self.resolve_at(inner, depth + 1, visited);
        }
        // Scala: `sys.env.get("X") match { case Some(v) => v; case None =>
        // "default" }`: the `None` case is the fallback.
        if family == Family::C {
            if let Some(inner) = scala_none_case(buf, span.clone()) {
                return self.resolve_at(inner, depth + 1, visited);
            }
        }
        // `get_key()`: a same-file function with no parameters whose body is
        // one expression is bound like a variable (Rust `fn`, Ruby `def`).
        if let Some(callee) = text.strip_suffix(b"()") {
            if identifier::chain(callee).is_some_and(|c| c.len() <= 2) {
                let callee = syntax::trim(buf, span.start..span.start + callee.len());
                return self.resolve_identifier(callee, depth, visited);
            }
        }
        self.resolve_identifier(span, depth, visited)
    }

    /// The environment variable the key expression at `span` reads, with
    /// where the read is: `process.env.JWT_SECRET`, `[]byte(os.Getenv(..))`,
    /// or a same-file binding of one. Services reading one variable as their
    /// JWT key share that key (JWT604).
    pub(crate) fn env_read(&self, span: Span) -> Option<(String, Span)> {
        self.env_read_at(span, 0)
    }

    fn env_read_at(&self, span: Span, depth: usize) -> Option<(String, Span)> {
        if depth > MAX_DEPTH || self.family() == Family::Dotenv {
            return None;
        }
        let buf = self.buf;
        let span = self.strip_noise(syntax::trim_code(buf, span, self.family()));
        if span.is_empty() {
            return None;
        }
        let text = &buf[span.clone()];
        let whole = self.lang.env_reads.iter().any(|r| {
            r.get()
                .and_then(|r| r.find(text))
                .is_some_and(|m| m.start() == 0 && m.end() == text.len())
        });
        if whole {
            return env_name(text).map(|name| (name, span));
        }
        for pattern in &self.lang.wrappers {
            if let Some(inner) = self.unwrap_call(pattern, span.clone()) {
                return self.env_read_at(inner, depth + 1);
            }
        }
        // A plain name: its nearest binding above the use.
        let segments = identifier::chain(text)?;
        if segments.len() > 2 || (segments.len() == 2 && !self.is_receiver(segments[0])) {
            return None;
        }
        let name = segments.last()?.trim_start_matches('$');
        let binding = self.nearest_binding(name, span.start)?;
        self.env_read_at(binding.value.clone(), depth + 1)
    }

    /// Whether `text` reads the environment or config (never a secret).
    fn reads_env(&self, text: &[u8]) -> bool {
        self.lang
            .env_reads
            .iter()
            .any(|r| r.get().is_some_and(|r| r.is_match(text)))
    }

    /// The value inside `span` when it is a wrapper (`[]byte(x)`) or an env
    /// read with a fallback (`os.getenv("X", x)`).
    fn unwrap_any(&self, span: Span) -> Option<Span> {
        self.lang
            .wrappers
            .iter()
            .chain(&self.lang.fallbacks)
            .find_map(|pattern| self.unwrap_call(pattern, span.clone()))
    }

    /// The binding of `name` nearest above `at`, else its first.
    fn nearest_binding(&self, name: &str, at: usize) -> Option<&identifier::Binding> {
        let all = self.bindings().get(name);
        let above = all.partition_point(|b| b.name.start < at);
        all[..above].last().or_else(|| all.first())
    }

    /// The name a key expression that resolves to nothing in this file
    /// comes down to, for the repository inventory to look up elsewhere:
    /// `CONST.SECRET`, an imported `SECRET_KEY`, `properties.getSecret()`
    /// (the field `secret`), `[]byte(jwtKey)`, or a same-file binding of
    /// one of them. The member chain, outermost first; `None` for env
    /// reads, calls, literals and anything else.
    pub(crate) fn reference(&self, span: Span) -> Option<Reference> {
        self.reference_at(span, 0)
    }

    fn reference_at(&self, span: Span, depth: usize) -> Option<Reference> {
        if depth > MAX_DEPTH || self.family() == Family::Dotenv {
            return None;
        }
        let buf = self.buf;
        let span = self.strip_noise(syntax::trim_code(buf, span, self.family()));
        if span.is_empty() {
            return None;
        }
        let text = &buf[span.clone()];
        if self.reads_env(text) {
            return None;
        }
        if let Some(inner) = self.unwrap_any(span.clone()) {
            return self.reference_at(inner, depth + 1);
        }
        // A getter with no arguments reads the field it is named after.
        if let Some((receiver, method, open)) =
            syntax::trailing_method(buf, span.clone(), self.family())
        {
            let name = std::str::from_utf8(&buf[method]).ok()?;
            let field = name
                .strip_prefix("get")
                .filter(|f| f.starts_with(|c: char| c.is_ascii_uppercase()))?;
            let (args, _) = syntax::split_args(buf, open, self.family())?;
            if !args.is_empty() {
                return None;
            }
            let mut segments: Vec<String> = identifier::chain(&buf[receiver])?
                .into_iter()
                .map(str::to_string)
                .collect();
            let mut chars = field.chars();
            let first = chars.next()?.to_ascii_lowercase();
            segments.push(std::iter::once(first).chain(chars).collect());
            return Some(Reference {
                segments,
                getter: true,
            });
        }
        let text = text.strip_prefix(b"@").unwrap_or(text);
        let segments: Vec<String> = identifier::chain(text)?
            .into_iter()
            .map(|s| s.trim_start_matches('$').to_string())
            .collect();
        // A same-file binding of a plain name (or of `this.name`) is
        // followed: `const key = config.jwt.secret`.
        let plain = segments.len() == 1 || (segments.len() == 2 && self.is_receiver(&segments[0]));
        if plain {
            if let Some(binding) = self.nearest_binding(segments.last()?, span.start) {
                return self.reference_at(binding.value.clone(), depth + 1);
            }
        }
        Some(Reference {
            segments,
            getter: false,
        })
    }

    /// Drops what does not change the value: a TypeScript `as T` or `!`, a
    /// Kotlin `!!`, enclosing parentheses, Rust closure parameters
    /// (`|_| "dev".to_string()`).
    fn strip_noise(&self, span: Span) -> Span {
        let buf = self.buf;
        let mut span = syntax::strip_parens(buf, span, self.family());
        loop {
            let text = &buf[span.clone()];
            if self.family() == Family::Rust {
                let params = text
                    .strip_prefix(b"move")
                    .map_or(text, <[u8]>::trim_ascii_start);
                if params.first() == Some(&b'|') {
                    if let Some(close) = params[1..].iter().position(|&b| b == b'|') {
                        let consumed = text.len() - params.len() + close + 2;
                        span = syntax::strip_parens(
                            buf,
                            syntax::trim(buf, span.start + consumed..span.end),
                            self.family(),
                        );
                        continue;
                    }
                }
            }
            if text.ends_with(b"!") && !text.ends_with(b"!=") {
                span = syntax::trim(buf, span.start..span.end - 1);
                continue;
            }
            if self.family() == Family::C {
                if let Some(pos) = find_as_cast(text) {
                    span = syntax::trim(buf, span.start..span.start + pos);
                    continue;
                }
            }
            return span;
        }
    }

    /// `"a" + "b"`: every part a literal; the finding points at the first.
    fn concatenation(&self, span: Span) -> Option<Literal> {
        let parts = syntax::split_top(self.buf, span, self.family(), &["+"]);
        if parts.len() < 2 {
            return None;
        }
        let mut value = String::new();
        let mut first: Option<Span> = None;
        for part in parts {
            let lit = literal::parse(self.buf, part, self.family())?;
            value.push_str(&lit.value);
            first.get_or_insert(lit.content);
        }
        first.map(|content| Literal { value, content })
    }

    /// If `span` is a call or method the pattern looks through, the span of
    /// the value inside it.
    fn unwrap_call(&self, pattern: &CallPattern, span: Span) -> Option<Span> {
        let buf = self.buf;
        match pattern {
            CallPattern::Call { callee, arg, kwarg } => {
                let text = &buf[span.clone()];
                let m = callee.get()?.find(text)?;
                let open = span.start + m.end() - 1;
                let (args, close) = syntax::split_args(buf, open, self.family())?;
                if close + 1 != span.end {
                    return None;
                }
                pick_arg(buf, &args, *arg, kwarg.as_deref(), self.family())
            }
            CallPattern::Method { name } => {
                // `x.getBytes(...)`, or Ruby's paren-less `x.freeze`.
                let (receiver, method) = syntax::trailing_method(buf, span.clone(), self.family())
                    .map(|(r, m, _)| (r, m))
                    .or_else(|| trailing_member(buf, span))?;
                name.get()?.is_match(&buf[method]).then_some(receiver)
            }
            CallPattern::MethodArg { name } => {
                let (_, method, open) = syntax::trailing_method(buf, span, self.family())?;
                if !name.get()?.is_match(&buf[method]) {
                    return None;
                }
                let (args, _) = syntax::split_args(buf, open, self.family())?;
                args.into_iter().next()
            }
        }
    }

    /// An identifier or member chain, looked up among the file's bindings.
    fn resolve_identifier(
        &self,
        span: Span,
        depth: usize,
        visited: &mut Vec<usize>,
    ) -> Option<Resolved> {
        // `$key` (PHP), `@secret` (Ruby, Elixir): bindings are kept without
        // the sigil.
        let at = span.start;
        let text = &self.buf[span];
        let text = text.strip_prefix(b"@").unwrap_or(text);
        let segments = identifier::chain(text)?;
        let name = segments.last()?.trim_start_matches('$');
        let bindings = self.bindings();
        let container = if segments.len() >= 2 {
            let owner = segments[segments.len() - 2];
            let free =
                self.is_receiver(owner) || owner.starts_with(|c: char| c.is_ascii_uppercase());
            if free {
                None
            } else {
                // `cfg.secret` needs a binding `cfg` in this file that holds it.
                let owners = bindings.get(owner.trim_start_matches('$'));
                if owners.is_empty() {
                    return None;
                }
                Some(owners.iter().map(|b| b.value.clone()).collect::<Vec<_>>())
            }
        } else {
            None
        };
        // The nearest binding above the use first (a name rebound in another
        // function is usually that function's), then the rest in file order.
        let all = bindings.get(name);
        let above = all.partition_point(|b| b.name.start < at);
        let ordered = all[..above].iter().rev().chain(&all[above..]);
        for binding in ordered {
            if let Some(owners) = &container {
                if !owners
                    .iter()
                    .any(|o| o.start <= binding.name.start && binding.value.end <= o.end)
                {
                    continue;
                }
            }
            if visited.contains(&binding.value.start) {
                continue;
            }
            visited.push(binding.value.start);
            if let Some(mut found) = self.resolve_at(binding.value.clone(), depth + 1, visited) {
                found.via_binding = true;
                return Some(found);
            }
        }
        None
    }

    /// The value of `field` in the object or dict at `span` (or bound to the
    /// identifier at `span`): `{ secret: X }`, `{"secret": X}`, `{ secret }`.
    pub(crate) fn field(&self, span: Span, field: &str, depth: usize) -> Option<Span> {
        if depth > MAX_DEPTH {
            return None;
        }
        let buf = self.buf;
        let span = syntax::trim(buf, span);
        if span.is_empty() {
            return None;
        }
        if buf[span.start] != b'{' {
            let segments = identifier::chain(&buf[span.clone()])?;
            let name = *segments.last()?;
            return self
                .bindings()
                .get(name)
                .iter()
                .find_map(|b| self.field(b.value.clone(), field, depth + 1));
        }
        // Treat `{ ... }` as an argument list to reuse the splitter.
        let entries = object_entries(buf, span.clone(), self.family())?;
        for entry in entries {
            let text = &buf[entry.clone()];
            let key_end = text
                .iter()
                .position(|&b| b == b':' || b == b'=')
                .unwrap_or(text.len());
            let key = std::str::from_utf8(&text[..key_end]).ok()?.trim();
            let key = key.trim_matches(|c| c == '"' || c == '\'' || c == '`');
            if key != field {
                continue;
            }
            if key_end == text.len() {
                // Shorthand `{ secret }`.
                return Some(entry);
            }
            return Some(syntax::trim(buf, entry.start + key_end + 1..entry.end));
        }
        None
    }
}

/// The variable an env read names: its quoted argument
/// (`os.getenv("JWT_SECRET")`) or its last member (`process.env.JWT_SECRET`).
/// `None` for a computed name (`process.env[name]`).
fn env_name(text: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(text).ok()?;
    let name = match text.find(['"', '\'', '`']) {
        Some(q) => {
            let rest = &text[q + 1..];
            &rest[..rest.find(['"', '\'', '`'])?]
        }
        None if text.contains('[') => return None,
        None => text
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|p| !p.is_empty())?,
    };
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| name.to_string())
}

/// The top-level entries of `{ ... }`.
fn object_entries(buf: &[u8], span: Span, family: Family) -> Option<Vec<Span>> {
    // Walk as if `{` were `(`: same depth rules, entries split at commas.
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut start = span.start + 1;
    let mut k = span.start + 1;
    while k < span.end {
        if let Some(end) =
            syntax::comment_end(buf, k, family).or_else(|| syntax::string_end(buf, k, family))
        {
            k = end;
            continue;
        }
        match buf[k] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b'}' => {
                let s = syntax::trim_code(buf, start..k, family);
                if !s.is_empty() {
                    args.push(s);
                }
                return Some(args);
            }
            b',' if depth == 0 => {
                let s = syntax::trim_code(buf, start..k, family);
                if !s.is_empty() {
                    args.push(s);
                }
                start = k + 1;
            }
            _ => {}
        }
        k += 1;
    }
    None
}

/// Picks an argument by keyword (`key=...`) or by position among the
/// positional arguments.
pub(crate) fn pick_arg(
    buf: &[u8],
    args: &[Span],
    index: usize,
    kwarg: Option<&str>,
    family: Family,
) -> Option<Span> {
    let keyword_of = |span: &Span| -> Option<(String, Span)> {
        if family != Family::Python && family != Family::C {
            return None;
        }
        let text = &buf[span.clone()];
        let name_len = text
            .iter()
            .take_while(|&&b| syntax::is_ident_byte(b))
            .count();
        if name_len == 0 {
            return None;
        }
        let rest = &text[name_len..];
        let ws = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let rest = &rest[ws..];
        // Python `key=v` and Kotlin `key = v`; never `==`.
        if rest.first() == Some(&b'=') && rest.get(1) != Some(&b'=') {
            let name = String::from_utf8_lossy(&text[..name_len]).into_owned();
            let value = span.start + name_len + ws + 1..span.end;
            return Some((name, syntax::trim(buf, value)));
        }
        None
    };
    if let Some(kw) = kwarg {
        for a in args {
            if let Some((name, value)) = keyword_of(a) {
                if name == kw {
                    return Some(value);
                }
            }
        }
    }
    args.iter()
        .filter(|a| family != Family::Python || keyword_of(a).is_none())
        .nth(index)
        .cloned()
}

fn from_literal(lit: Literal, via_binding: bool) -> Resolved {
    Resolved {
        value: lit.value,
        content: lit.content,
        via_binding,
    }
}

/// The expression of `case None =>` in a `... match { ... }` at `span`.
fn scala_none_case(buf: &[u8], span: Span) -> Option<Span> {
    let text = &buf[span.clone()];
    let open = memchr::memmem::find(text, b" match {")?;
    let arm = memchr::memmem::find(&text[open..], b"case None =>")? + open + b"case None =>".len();
    let start = span.start + arm;
    let rest = &buf[start..span.end];
    let end = rest
        .iter()
        .position(|&b| b == b'\n' || b == b'}' || b == b';')
        .map_or(span.end, |p| start + p);
    let inner = syntax::trim(buf, start..end);
    (!inner.is_empty()).then_some(inner)
}

/// `receiver.name` at the end of `span`, with no call parentheses.
fn trailing_member(buf: &[u8], span: Span) -> Option<(Span, Span)> {
    let text = &buf[span.clone()];
    let name_len = text
        .iter()
        .rev()
        .take_while(|&&b| syntax::is_ident_byte(b))
        .count();
    if name_len == 0 || name_len == text.len() {
        return None;
    }
    let dot = span.end - name_len - 1;
    (buf[dot] == b'.').then(|| (syntax::trim(buf, span.start..dot), dot + 1..span.end))
}

/// The position of a trailing TypeScript ` as Type` outside brackets.
fn find_as_cast(text: &[u8]) -> Option<usize> {
    let pos = text.windows(4).rposition(|w| w == b" as ")?;
    let tail = &text[pos + 4..];
    let is_type = !tail.is_empty()
        && tail.iter().all(|&b| {
            syntax::is_ident_byte(b) || matches!(b, b'.' | b'<' | b'>' | b'[' | b']' | b' ')
        });
    is_type.then_some(pos)
}
