//! The scout: one pass over a file that says which of its language's
//! keywords occur, and whether it holds a token (`eyJ`), a private key or
//! JWK, or a `jwtscan:ignore` marker. Everything after it runs only where
//! it points.
//!
//! This pass reads every candidate file's bytes, so it decides the scan's
//! speed. Keywords match in any ASCII case, so the file is first folded to
//! lower case into a per-thread buffer (a vectorised loop); the search after
//! that is case-sensitive over a few literals, which lets the SIMD searcher
//! (Teddy) report exact matches with no automaton behind it.
//!
//! The literals searched are a minimal set: a language's `anchors` (a few
//! words, one of which every keyword contains; its keywords when it has
//! none) and the special words, without any that contains another. Every
//! other word (a keyword, `jwtscan:ignore`, which holds `jwt`) is checked in
//! place where its contained literal is found, so there is no second pass.
//! Measured on the benchmark corpus: the earlier case-insensitive anchor
//! regex, the overlapping keyword pass and the separate `memmem` passes cost
//! about 40% of the scan's CPU; see BENCHMARKS.md.
//!
//! The `requires`/`excludes` words (`secret`, `key`: too common to decide
//! anything alone) are searched only in files that hold a keyword.

use std::cell::RefCell;
use std::sync::OnceLock;

use aho_corasick::{packed, AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind, Span};

use crate::rules::{Language, RuleSet, Sink};

/// What the scout saw in a file.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Which keywords occur (by global index); `None` when no sink keyword
    /// does (most files).
    pub keywords: Option<Vec<bool>>,
    /// `eyJ`: maybe a token.
    pub token: bool,
    /// `PRIVATE KEY-----` or `kty`: maybe a key.
    pub key: bool,
    /// `jwtscan:ignore`.
    pub marker: bool,
    /// A word a key's name holds (`secret`, `jwt` ...), any case: the file
    /// may define a key another file uses (`keyref`).
    pub named: bool,
}

/// Special words: what the scout reports beside keywords, matched
/// case-sensitively.
const SPECIALS: [(&str, Special); 4] = [
    ("eyJ", Special::Token),
    ("PRIVATE KEY-----", Special::Key),
    ("kty", Special::Key),
    (crate::detect::suppress::MARKER, Special::Marker),
];

#[derive(Debug, Clone, Copy)]
enum Special {
    Token,
    Key,
    Marker,
    Named,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Keyword(usize),
    Special(Special),
}

/// A word checked where the searched literal it contains is found.
#[derive(Debug, Clone)]
struct Check {
    target: Target,
    /// Where the literal starts in the word.
    offset: usize,
    /// The word in lower case.
    word: Vec<u8>,
    /// Specials: the exact spelling, compared with the original bytes.
    exact: Option<&'static [u8]>,
}

#[derive(Debug)]
pub(crate) struct Scout {
    literals: Literals,
    /// For each searched literal, the words checked at its hits.
    checks: Vec<Vec<Check>>,
    /// Condition words (lower case); for each, the global indexes of the
    /// condition words it starts with (itself included).
    conditions: Option<Literals>,
    conditions_implied: Vec<Vec<usize>>,
    keywords: usize,
}

/// Lower-case literals searched case-sensitively, reporting at each offset
/// where some literal starts the longest one that starts there.
#[derive(Debug)]
struct Literals {
    searcher: Searcher,
    /// The searcher's pattern order (longest first) to the caller's.
    order: Vec<usize>,
}

#[derive(Debug)]
enum Searcher {
    /// Teddy: exact matches straight from SIMD, no automaton to confirm.
    Packed(packed::Searcher),
    /// Where Teddy is unavailable (no SSSE3, too many literals).
    Automaton(AhoCorasick),
}

impl Literals {
    fn new(words: &[Vec<u8>]) -> Result<Literals, String> {
        let mut order: Vec<usize> = (0..words.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(words[i].len()));
        let sorted: Vec<&[u8]> = order.iter().map(|&i| words[i].as_slice()).collect();
        let packed = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(&sorted)
            .build();
        let searcher = match packed {
            Some(p) => Searcher::Packed(p),
            None => Searcher::Automaton(
                AhoCorasickBuilder::new()
                    .kind(Some(AhoCorasickKind::DFA))
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(&sorted)
                    .map_err(|e| e.to_string())?,
            ),
        };
        Ok(Literals { searcher, order })
    }

    /// Calls `f(word, offset)` for every offset of `text` where a word
    /// starts (the longest word there).
    fn each(&self, text: &[u8], mut f: impl FnMut(usize, usize)) {
        let mut at = 0;
        while at < text.len() {
            let span = Span::from(at..text.len());
            let found = match &self.searcher {
                Searcher::Packed(p) => p.find_in(text, span).map(|m| (m.pattern(), m.start())),
                Searcher::Automaton(a) => a
                    .find(aho_corasick::Input::new(text).span(span))
                    .map(|m| (m.pattern(), m.start())),
            };
            let Some((pattern, start)) = found else {
                return;
            };
            f(self.order[pattern.as_usize()], start);
            // Words may overlap (`nextauth`, `authoptions`).
            at = start + 1;
        }
    }
}

fn lower(word: &str) -> Vec<u8> {
    word.as_bytes().to_ascii_lowercase()
}

/// `words` without duplicates and without those that contain another: a
/// file that holds the longer one holds the shorter one, and at most one
/// kept word then starts at any offset, which the in-place checks rely on.
fn minimal(mut words: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    words.sort_by_key(|w| w.len());
    words.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for w in words {
        if !w.is_empty() && !kept.iter().any(|k| memchr::memmem::find(&w, k).is_some()) {
            kept.push(w);
        }
    }
    kept
}

impl Scout {
    /// `keywords` are all the rule set's words; `first` (the language's sink
    /// keywords) and `conditions` index into it. Every first keyword must
    /// contain one of `anchors`, when there are any.
    pub(crate) fn new(
        keywords: &[String],
        first: &[usize],
        conditions: &[usize],
        anchors: &[String],
    ) -> Result<Scout, String> {
        let keyword_checks = first.iter().map(|&k| Check {
            target: Target::Keyword(k),
            offset: 0,
            word: lower(&keywords[k]),
            exact: None,
        });
        let special_checks = SPECIALS
            .iter()
            .map(|&(w, s)| Check {
                target: Target::Special(s),
                offset: 0,
                word: lower(w),
                exact: Some(w.as_bytes()),
            })
            .chain(super::keyref::NAME_WORDS.iter().map(|w| Check {
                target: Target::Special(Special::Named),
                offset: 0,
                word: lower(w),
                exact: None,
            }));
        let words: Vec<Check> = keyword_checks.chain(special_checks).collect();
        let mut searched: Vec<Vec<u8>> = anchors.iter().map(|a| lower(a)).collect();
        let no_anchors = searched.is_empty();
        searched.extend(
            words
                .iter()
                .filter(|c| no_anchors || matches!(c.target, Target::Special(_)))
                .map(|c| c.word.clone()),
        );
        let searched = minimal(searched);
        let mut checks = vec![Vec::new(); searched.len()];
        for mut check in words {
            // The literal that occurs first in the word: any would do.
            let (literal, offset) = searched
                .iter()
                .enumerate()
                .filter_map(|(l, s)| memchr::memmem::find(&check.word, s).map(|o| (l, o)))
                .min_by_key(|&(l, o)| (o, l))
                .ok_or_else(|| {
                    format!(
                        "keyword {:?} contains no anchor",
                        String::from_utf8_lossy(&check.word)
                    )
                })?;
            check.offset = offset;
            checks[literal].push(check);
        }
        let mut index = conditions.to_vec();
        index.sort_unstable();
        index.dedup();
        let words: Vec<Vec<u8>> = index.iter().map(|&k| lower(&keywords[k])).collect();
        let conditions_implied = words
            .iter()
            .map(|w| {
                (0..words.len())
                    .filter(|&o| w.starts_with(&words[o]))
                    .map(|o| index[o])
                    .collect()
            })
            .collect();
        Ok(Scout {
            literals: Literals::new(&searched)?,
            checks,
            conditions: if words.is_empty() {
                None
            } else {
                Some(Literals::new(&words)?)
            },
            conditions_implied,
            keywords: keywords.len(),
        })
    }

    /// What `bytes` holds.
    pub(crate) fn look(&self, bytes: &[u8]) -> Found {
        thread_local! {
            static FOLDED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        FOLDED.with(|folded| {
            let mut folded = folded.borrow_mut();
            fold(bytes, &mut folded);
            let found = self.look_folded(bytes, &folded);
            if folded.capacity() > 1 << 24 {
                // One huge file must not pin its size for the whole scan.
                *folded = Vec::new();
            }
            found
        })
    }

    fn look_folded(&self, original: &[u8], text: &[u8]) -> Found {
        let mut found = Found::default();
        // Allocated at the first keyword: most files have none.
        let mut hit: Vec<bool> = Vec::new();
        self.literals.each(text, |literal, start| {
            for check in &self.checks[literal] {
                if start < check.offset {
                    continue;
                }
                let at = start - check.offset;
                if !text[at..].starts_with(&check.word) {
                    continue;
                }
                match check.target {
                    Target::Keyword(k) => {
                        hit.resize(self.keywords, false);
                        hit[k] = true;
                    }
                    Target::Special(s) => {
                        if check.exact.is_none_or(|e| original[at..].starts_with(e)) {
                            match s {
                                Special::Token => found.token = true,
                                Special::Key => found.key = true,
                                Special::Marker => found.marker = true,
                                Special::Named => found.named = true,
                            }
                        }
                    }
                }
            }
        });
        if hit.is_empty() {
            return found;
        }
        if let Some(conditions) = &self.conditions {
            conditions.each(text, |w, _| {
                for &k in &self.conditions_implied[w] {
                    hit[k] = true;
                }
            });
        }
        found.keywords = Some(hit);
        found
    }
}

/// `bytes` with ASCII letters in lower case, into `out`.
fn fold(bytes: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend(
        bytes
            .iter()
            .map(|&b| b | (u8::from(b.is_ascii_uppercase()) << 5)),
    );
}

/// Per language of a rule set: the scout for its sinks' keywords and the
/// special words. Built on first use: a scan that meets no file of a
/// language never pays for its searcher (start-up stays in milliseconds).
/// `None` only if it failed to build, which [`Scouts::check`] reports for
/// users' rules before a scan.
#[derive(Debug)]
pub(crate) struct Scouts {
    lazy: Vec<OnceLock<Option<Scout>>>,
}

impl Scouts {
    pub(crate) fn new(rules: &RuleSet) -> Scouts {
        Scouts {
            lazy: rules.languages.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Builds every scout now, so that an error in users' rules is
    /// reported, naming the language.
    pub(crate) fn check(&self, rules: &RuleSet) -> Result<(), String> {
        for (i, lang) in rules.languages.iter().enumerate() {
            let built = build(rules, i).map_err(|e| format!("{}: {e}", lang.name))?;
            let _ = self.lazy[i].set(Some(built));
        }
        Ok(())
    }

    /// One pass over `bytes` (of language `language`): which keywords and
    /// special words occur. Most files hold none and stop here.
    pub(crate) fn look(&self, rules: &RuleSet, language: usize, bytes: &[u8]) -> Found {
        let Some(lazy) = self.lazy.get(language) else {
            return Found::default();
        };
        let built = lazy.get_or_init(|| build(rules, language).ok());
        built.as_ref().map(|s| s.look(bytes)).unwrap_or_default()
    }
}

/// The scout of `rules`' language `index`.
fn build(rules: &RuleSet, index: usize) -> Result<Scout, String> {
    language_scout(
        index,
        &rules.languages[index],
        &rules.keywords,
        &rules.keyword_sinks,
        &rules.sinks,
    )
}

/// The scout of language `index`: its sinks' keywords and condition
/// words, searched through its anchors when it has them.
fn language_scout(
    index: usize,
    lang: &Language,
    keywords: &[String],
    keyword_sinks: &[Vec<usize>],
    sinks: &[Sink],
) -> Result<Scout, String> {
    let in_lang = |s: &Sink| s.languages & (1 << index) != 0;
    let first: Vec<usize> = (0..keywords.len())
        .filter(|&k| keyword_sinks[k].iter().any(|&s| in_lang(&sinks[s])))
        .collect();
    let conditions: Vec<usize> = sinks
        .iter()
        .filter(|s| in_lang(s))
        .flat_map(|s| s.requires.iter().chain(&s.excludes).copied())
        .collect();
    // Every keyword must contain an anchor, or files with only that keyword
    // would be skipped: a user's keyword without one becomes an anchor too.
    let anchors = anchors_for(lang, keywords, &first);
    Scout::new(keywords, &first, &conditions, &anchors)
}

/// The language's anchors, plus any of its sink keywords (`first`) that
/// contain none of them. The built-in keywords all contain one (a test
/// checks), so only users' rules can widen the cheap first pass.
fn anchors_for(lang: &Language, keywords: &[String], first: &[usize]) -> Vec<String> {
    let mut anchors = lang.anchors.clone();
    if anchors.is_empty() {
        return anchors;
    }
    for &k in first {
        let word = keywords[k].to_ascii_lowercase();
        if !anchors
            .iter()
            .any(|a| word.contains(&a.to_ascii_lowercase()))
        {
            anchors.push(word);
        }
    }
    anchors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(yaml: &str) -> RuleSet {
        RuleSet::from_test_yaml(yaml).expect("compiles")
    }

    const LANG: &str = "languages:\n  - name: js\n    family: c\n    files: ['*.js']\n    example_file: a.js\n    anchors: [jwt]\n";

    #[test]
    fn a_keyword_outside_every_anchor_becomes_an_anchor() {
        let ok = format!("{LANG}sinks:\n  - name: s\n    languages: [js]\n    keywords: [jwtSign]\n    pattern: 'x'\n");
        let rules = compile(&ok);
        let first: Vec<usize> = (0..1).collect();
        assert_eq!(
            anchors_for(&rules.languages[0], &["jwtSign".into()], &first),
            ["jwt"]
        );
        let other = format!("{LANG}sinks:\n  - name: s\n    languages: [js]\n    keywords: [SignedString]\n    pattern: 'SignedString'\n");
        let rules = compile(&other);
        assert_eq!(
            anchors_for(&rules.languages[0], &["SignedString".into()], &first),
            ["jwt", "signedstring"]
        );
        // The file is not skipped for lacking `jwt`.
        let found = Scouts::new(&rules).look(&rules, 0, b"t.SignedString(k)");
        assert!(!rules
            .candidate_sinks(0, &found.keywords.expect("a keyword"))
            .is_empty());
    }

    #[test]
    fn every_builtin_scout_builds() {
        let rules = RuleSet::builtin().expect("rules");
        for (i, lang) in rules.languages.iter().enumerate() {
            language_scout(i, lang, &rules.keywords, &rules.keyword_sinks, &rules.sinks)
                .unwrap_or_else(|e| panic!("{}: {e}", lang.name));
        }
    }

    #[test]
    fn every_builtin_keyword_contains_an_anchor() {
        let rules = RuleSet::builtin().expect("rules");
        let files = crate::rules::loader::builtin_files().expect("files");
        for def in files.iter().flat_map(|(_, f)| &f.sinks) {
            for lang in rules
                .languages
                .iter()
                .filter(|l| def.languages.contains(&l.name))
            {
                let all: Vec<usize> = (0..def.keywords.len()).collect();
                assert_eq!(
                    anchors_for(lang, &def.keywords, &all),
                    lang.anchors,
                    "{}: a keyword of {:?} holds no anchor of {}",
                    def.name,
                    def.keywords,
                    lang.name
                );
            }
        }
    }

    fn words() -> Vec<String> {
        ["jwt", "SignedString", "secretOrKey", "secret", "jwtVerify"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn finds_keywords_in_any_case_and_conditions_only_after_a_keyword() {
        let words = words();
        for anchors in [
            vec![],
            vec!["jwt".to_string(), "signed".into(), "orkey".into()],
            // `jwtverify` contains `jwt`, so it is not searched.
            vec![
                "JWT".to_string(),
                "jwtverify".into(),
                "signed".into(),
                "orkey".into(),
            ],
        ] {
            let p = Scout::new(&words, &[0, 1, 2, 4], &[3], &anchors).expect("builds");
            assert!(p.look(b"nothing here").keywords.is_none());
            assert!(p.look(b"a secret alone decides nothing").keywords.is_none());
            assert!(p.look(b"signed, but no keyword").keywords.is_none());
            let hit = p.look(b"await JWTVERIFY(t, secretOrKey)").keywords;
            assert_eq!(hit.expect("found"), [true, false, true, true, true]);
            let hit = p.look(b"x.SIGNEDSTRING(k)").keywords;
            assert_eq!(hit.expect("found"), [false, true, false, false, false]);
        }
    }

    #[test]
    fn overlapping_anchors_are_all_seen() {
        let words: Vec<String> = ["nextauth", "authoptions"].map(String::from).to_vec();
        let p = Scout::new(&words, &[0, 1], &[], &words).expect("builds");
        assert_eq!(
            p.look(b"NextAuthOptions").keywords.expect("found"),
            [true, true]
        );
        assert_eq!(
            p.look(b"authOptions").keywords.expect("found"),
            [false, true]
        );
    }

    #[test]
    fn a_keyword_before_the_start_of_the_file_is_not_read() {
        let words: Vec<String> = ["xjwt"].map(String::from).to_vec();
        let p = Scout::new(&words, &[0], &[], &["jwt".to_string()]).expect("builds");
        assert!(p.look(b"jwt").keywords.is_none());
        assert!(p.look(b"XJWT").keywords.is_some());
    }

    #[test]
    fn specials_are_exact_and_found_beside_keywords() {
        let words = words();
        let p = Scout::new(&words, &[0], &[], &["jwt".to_string()]).expect("builds");
        let f = p.look(b"t = 'eyJhbGciOi'");
        assert!(f.token && !f.key && !f.marker && f.keywords.is_none());
        assert!(!p.look(b"EYJ eyj").token);
        assert!(p.look(b"-----BEGIN PRIVATE KEY-----").key);
        assert!(!p.look(b"private key-----").key);
        assert!(p.look(b"{\"kty\":\"oct\"}").key);
        // The marker contains the anchor `jwt`: both are seen.
        let f = p.look(b"x = 1 // jwtscan:ignore");
        assert!(f.marker && f.keywords.is_some());
        assert!(!p.look(b"JWTSCAN:IGNORE").marker);
        // Without anchors the keywords are searched, specials still seen.
        let p = Scout::new(&words, &[1], &[], &[]).expect("builds");
        let f = p.look(b"eyJ0 signedString kty");
        assert!(f.token && f.key && f.keywords.is_some());
    }

    mod agrees_with_a_plain_search {
        use super::*;
        use proptest::prelude::*;

        const WORDS: [&str; 7] = [
            "jwt",
            "SignedString",
            "secretOrKey",
            "secret",
            "jwtVerify",
            "nextauth",
            "authoptions",
        ];
        const FIRST: [usize; 6] = [0, 1, 2, 4, 5, 6];
        const CONDITIONS: [usize; 1] = [3];

        /// Text made of the words, the special words and pieces of them,
        /// with noise between, and the case of some letters flipped.
        fn text() -> impl Strategy<Value = Vec<u8>> {
            let pieces: Vec<String> = WORDS
                .iter()
                .copied()
                .chain(["eyJ", "PRIVATE KEY-----", "kty", "jwtscan:ignore"])
                .chain(["jw", "next", "auth", "Or", "-"])
                .map(String::from)
                .collect();
            let piece = prop_oneof![proptest::sample::select(pieces), "[a-zA-Z .:_-]{0,3}",];
            proptest::collection::vec((piece, any::<u8>()), 0..24).prop_map(|parts| {
                let mut out = Vec::new();
                for (part, case) in parts {
                    for (i, b) in part.bytes().enumerate() {
                        let flip = case & 1 == 1 && case & (1 << (i % 8)) != 0;
                        out.push(if flip && b.is_ascii_alphabetic() {
                            b ^ 0x20
                        } else {
                            b
                        });
                    }
                }
                out
            })
        }

        fn contains(hay: &[u8], needle: &[u8]) -> bool {
            memchr::memmem::find(hay, needle).is_some()
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

            #[test]
            fn the_scout_finds_what_a_plain_search_finds(text in text(), anchored in any::<bool>()) {
                let words: Vec<String> = WORDS.map(String::from).to_vec();
                let anchors: Vec<String> = if anchored {
                    ["jwt", "signed", "orkey", "nextauth", "authoptions"].map(String::from).to_vec()
                } else {
                    Vec::new()
                };
                let scout = Scout::new(&words, &FIRST, &CONDITIONS, &anchors).expect("builds");
                let found = scout.look(&text);
                let lower = text.to_ascii_lowercase();
                let present = |k: usize| contains(&lower, WORDS[k].to_ascii_lowercase().as_bytes());
                let expected = FIRST.iter().any(|&k| present(k)).then(|| {
                    (0..WORDS.len())
                        .map(|k| (FIRST.contains(&k) || CONDITIONS.contains(&k)) && present(k))
                        .collect::<Vec<bool>>()
                });
                prop_assert_eq!(found.keywords, expected);
                prop_assert_eq!(found.token, contains(&text, b"eyJ"));
                prop_assert_eq!(
                    found.key,
                    contains(&text, b"PRIVATE KEY-----") || contains(&text, b"kty")
                );
                prop_assert_eq!(found.marker, contains(&text, b"jwtscan:ignore"));
            }
        }
    }
}
