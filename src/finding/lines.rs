//! Line and column of byte offsets, for a file with many findings.
//!
//! Counting newlines from the file's start for every finding made a file
//! with 40,000 findings quadratic, and counting characters from the line's
//! start did the same for one long minified line. The index is built once
//! per file (on its first finding): the offset of every newline, and the
//! number of characters before every 1 KiB checkpoint (none for an ASCII
//! file), so each lookup is a binary search and a scan of at most 2 KiB.

/// Bytes between character-count checkpoints.
const STRIDE: usize = 1024;

#[derive(Debug, Default)]
pub(crate) struct LineIndex {
    /// All ASCII: a column is a byte offset.
    ascii: bool,
    newlines: Vec<usize>,
    /// Characters in `bytes[..k * STRIDE]`.
    chars_before: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(bytes: &[u8]) -> LineIndex {
        let newlines = memchr::memchr_iter(b'\n', bytes).collect();
        if bytes.is_ascii() {
            return LineIndex {
                ascii: true,
                newlines,
                chars_before: Vec::new(),
            };
        }
        let mut chars_before = Vec::with_capacity(bytes.len() / STRIDE + 1);
        let mut total = 0;
        for chunk in bytes.chunks(STRIDE) {
            chars_before.push(total);
            total += chars_in(chunk);
        }
        chars_before.push(total);
        LineIndex {
            ascii: false,
            newlines,
            chars_before,
        }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub(crate) fn line_col(&self, bytes: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(bytes.len());
        let (before, line_start) = self.line_of(offset);
        (
            before + 1,
            self.chars_between(bytes, line_start, offset) + 1,
        )
    }

    /// The line holding byte `at`: where it starts, and where it ends
    /// before its `\n` or `\r\n`.
    pub(crate) fn bounds(&self, bytes: &[u8], at: usize) -> (usize, usize) {
        let at = at.min(bytes.len());
        let (before, start) = self.line_of(at);
        let end = self.newlines.get(before).copied().unwrap_or(bytes.len());
        let end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        (start, end)
    }

    /// The newlines before `offset`, and where its line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let before = self.newlines.partition_point(|&n| n < offset);
        let start = before.checked_sub(1).map_or(0, |i| self.newlines[i] + 1);
        (before, start)
    }

    fn chars_until(&self, bytes: &[u8], offset: usize) -> usize {
        let k = offset / STRIDE;
        self.chars_before[k] + chars_in(&bytes[k * STRIDE..offset])
    }

    fn chars_between(&self, bytes: &[u8], from: usize, to: usize) -> usize {
        if self.ascii {
            return to - from;
        }
        if to - from <= STRIDE {
            return chars_in(&bytes[from..to]);
        }
        self.chars_until(bytes, to) - self.chars_until(bytes, from)
    }
}

/// Characters in `bytes` as `String::from_utf8_lossy` counts them for
/// valid UTF-8 (every byte that does not continue a sequence); a stray
/// continuation byte, which lossy decoding would show as U+FFFD, is not
/// counted.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_counting_from_the_start() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&"é".repeat(i % 7));
            text.push_str("ab\r\n");
            if i % 500 == 0 {
                text.push_str(&"x".repeat(9000));
            }
        }
        let bytes = text.as_bytes();
        let index = LineIndex::new(bytes);
        for offset in (0..bytes.len())
            .filter(|&o| text.is_char_boundary(o))
            .step_by(37)
        {
            let before = &bytes[..offset];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let column = text[start..offset].chars().count() + 1;
            assert_eq!(index.line_col(bytes, offset), (line, column), "at {offset}");
        }
        assert_eq!(index.bounds(b"ab\r\ncd", 1).1, 2);
    }
}
