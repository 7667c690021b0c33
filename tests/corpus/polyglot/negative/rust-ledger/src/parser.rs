//! A tiny tokenizer for ledger import lines such as `2024-01-31 'rent' -1200.00 "EUR"`.

#[derive(Debug, PartialEq)]
pub enum Token<'src> {
    Date(&'src str),
    Label(&'src str),
    Amount(&'src str),
    Currency(&'src str),
}

pub struct Lexer<'src> {
    input: &'src str,
    pos: usize,
}

impl<'src> Lexer<'src> {
    pub fn new(input: &'src str) -> Self {
        Lexer { input, pos: 0 }
    }

    fn quoted(&mut self, quote: char) -> &'src str {
        let start = self.pos + 1;
        let end = self.input[start..].find(quote).map_or(self.input.len(), |i| start + i);
        self.pos = (end + 1).min(self.input.len());
        &self.input[start..end]
    }

    fn word(&mut self) -> &'src str {
        let start = self.pos;
        let end = self.input[start..]
            .find(|c: char| c == ' ' || c == '\t')
            .map_or(self.input.len(), |i| start + i);
        self.pos = end;
        &self.input[start..end]
    }
}

impl<'src> Iterator for Lexer<'src> {
    type Item = Token<'src>;

    fn next(&mut self) -> Option<Token<'src>> {
        while self.input[self.pos..].starts_with(' ') {
            self.pos += 1;
        }
        let c = self.input[self.pos..].chars().next()?;
        Some(match c {
            '\'' => Token::Label(self.quoted('\'')),
            '"' => Token::Currency(self.quoted('"')),
            '-' | '0'..='9' if self.input[self.pos..].contains('.') => Token::Amount(self.word()),
            _ => Token::Date(self.word()),
        })
    }
}

pub fn longest<'a, 'b: 'a>(x: &'a str, y: &'b str) -> &'a str {
    if x.len() >= y.len() { x } else { y }
}

pub const SAMPLE: &str = r#"2024-01-31 'rent' -1200.00 "EUR""#;
pub const ESCAPES: &[char] = &['\n', '\\', '\u{7f}', 'x'];
