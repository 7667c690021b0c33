//! `--format github`: GitHub Actions workflow commands, one per finding, so
//! findings show as annotations on the pull request. Everything from the
//! scanned repository is escaped twice: control characters made visible,
//! then the workflow-command escapes (`%`, CR, LF; also `:` and `,` in
//! properties), so a crafted path or message cannot end the command early
//! or start a second one.

use std::io::{self, Write};

use crate::finding::Finding;
use crate::rules::Severity;
use crate::text::escape_control;

pub(crate) fn emit(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        let command = match f.severity {
            Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "notice",
        };
        let title = format!("{} {}", f.rule_id, f.slug);
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&f.path),
            f.line,
            f.column,
            f.end_line.max(f.line),
            f.end_column,
            property(&title),
            data(&format!("{} ({})", f.message, f.hint)),
        )?;
    }
    Ok(())
}

/// A command's message.
fn data(text: &str) -> String {
    escape_control(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_end_a_command() {
        assert_eq!(
            data("100% done\r\n::error::x"),
            "100%25 done\\r\\n::error::x"
        );
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(data("\u{1b}[31mred"), "\\u{1b}[31mred");
    }
}
