//! Entry points for the fuzz targets (`fuzz/`) and the property tests:
//! each runs one front end on arbitrary input and checks the invariants a
//! scanner must keep on hostile input. Not a stable API.
//!
//! Entry layer: it runs the scanner as the commands do.

use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

use crate::config::Policy;
use crate::detect::repo::crack;
use crate::detect::{self, Detector};
use crate::finding::Finding;
use crate::rules::RuleSet;
use crate::scan::{memory, Hooks};
use crate::scanner::{self, Plan, Ran, Source};
use crate::text::{escape_control, redact};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("the built-in rules load"))
}

fn detector() -> &'static Detector<'static> {
    static DETECTOR: OnceLock<Detector<'static>> = OnceLock::new();
    DETECTOR.get_or_init(|| Detector::new(rules(), detect::Options::default()))
}

/// `files` through the scanner (the memory source, the default policy),
/// with `detector`'s rules, cracking as `crack` says.
fn scanned(detector: &Detector<'_>, files: Vec<memory::File>, crack: crack::Mode) -> Vec<Finding> {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    static NEVER: AtomicBool = AtomicBool::new(false);
    let plan = Plan {
        source: Source::Memory(files),
        detect: detect::Options::default(),
        crack,
        threads: 1,
        rotation_days: crate::config::DEFAULT_ROTATION_DAYS,
        policy: POLICY.get_or_init(Policy::default),
        max_findings_per_file: 0,
        baseline: None,
        strict: false,
    };
    let hooks = Hooks {
        cancel: &NEVER,
        progress: None,
    };
    match scanner::run_with(detector, &plan, hooks) {
        Ok(Ran::Done(outcome)) => outcome.findings,
        _ => Vec::new(),
    }
}

/// One file, untracked.
fn file(name: &str, bytes: &[u8]) -> Vec<memory::File> {
    vec![memory::File {
        path: name.to_string(),
        bytes: bytes.to_vec(),
        tracked: false,
    }]
}

/// Scans `bytes` as the file `name` and checks every finding: inside the
/// file, valid line and column, the same on a second scan, redaction
/// showing at most 3 characters. `Err` names the broken invariant.
pub fn scan(name: &str, bytes: &[u8]) -> Result<usize, String> {
    let first = scanned(detector(), file(name, bytes), crack::Mode::Off);
    let again = scanned(detector(), file(name, bytes), crack::Mode::Off);
    let key = |r: &[Finding]| -> Vec<(String, usize, usize, usize, usize)> {
        r.iter()
            .map(|f| {
                (
                    f.rule_id.clone(),
                    f.line,
                    f.column,
                    f.end_line,
                    f.end_column,
                )
            })
            .collect()
    };
    if key(&first) != key(&again) {
        return Err("two scans of the same bytes differ".into());
    }
    let lines = bytes.split(|&b| b == b'\n').count();
    for f in &first {
        if f.line == 0 || f.column == 0 || f.line > lines || f.end_line > lines {
            return Err(format!(
                "{} at {}:{} outside the file ({lines} lines)",
                f.rule_id, f.line, f.column
            ));
        }
        if (f.end_line, f.end_column) < (f.line, f.column) {
            return Err(format!("{} ends before it starts", f.rule_id));
        }
        if let Some(secret) = &f.secret {
            // At most the first 3 characters, control characters escaped.
            let shown = redact(secret);
            // What precedes the `***(n)` tail (the secret may hold `*`s).
            let tail = format!("***({})", secret.chars().count());
            let Some(visible) = shown.strip_suffix(&tail) else {
                return Err(format!("redaction {shown:?} does not end in {tail}"));
            };
            let head: String = secret.chars().take(3).collect();
            if !visible.is_empty() && visible != escape_control(&head) {
                return Err(format!("redaction shows {visible:?}"));
            }
        }
    }
    Ok(first.len())
}

/// The token decoder and the cracker's front end on arbitrary text.
pub fn token(bytes: &[u8]) {
    for t in detect::token::find(bytes) {
        let _ = detect::token::describe(&t);
    }
    let budget = crack::Mode::Budget(std::time::Duration::from_millis(1));
    scanned(detector(), file("fixture.http", bytes), budget);
}

/// A user rule file: it loads or is refused with an error, never a panic.
pub fn rule_file(text: &str) {
    if let Ok(rules) = RuleSet::with_extra(&[("fuzz.yaml".to_string(), text.to_string())]) {
        let detector = Detector::new(&rules, detect::Options::default());
        if detector.check().is_ok() {
            scanned(
                &detector,
                file("a.js", b"jwt.sign(p, 'secret')"),
                crack::Mode::Off,
            );
        }
    }
}

/// A `.jwtscan.yaml`: it applies or is refused with an error.
pub fn config(text: &str) {
    if let Ok(loaded) = crate::config::Loaded::from_text(text) {
        if let Ok(policy) = loaded.policy(rules()) {
            let mut findings = scanned(
                detector(),
                file("a.js", b"jwt.sign(p, 'secret')"),
                crack::Mode::Off,
            );
            policy.apply(&mut findings);
        }
    }
}

/// Inline-ignore parsing, and suppression of every line.
pub fn ignores(bytes: &[u8]) {
    let mut markers = detect::suppress::Markers::parse(bytes, true);
    let lines = bytes.split(|&b| b == b'\n').count();
    for line in 1..=lines.min(1000) {
        markers.suppresses(line, "JWT201");
    }
}

/// The delta decoder: bytes 0-1 give the base's length (little-endian),
/// then the base, then the delta. A delta that applies builds exactly the
/// size its header promises.
pub fn pack_delta(data: &[u8]) {
    let Some((len, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let (base, delta) = rest.split_at(usize::from(u16::from_le_bytes(*len)).min(rest.len()));
    if let Ok(out) = crate::git::pack::apply(base, delta) {
        let mut d = delta.iter();
        let size = |d: &mut std::slice::Iter<'_, u8>| {
            let mut value = 0usize;
            for shift in (0..64).step_by(7) {
                let b = *d.next()?;
                value |= usize::from(b & 0x7f).checked_shl(shift)?;
                if b & 0x80 == 0 {
                    return Some(value);
                }
            }
            None
        };
        let _ = size(&mut d);
        assert_eq!(Some(out.len()), size(&mut d), "delta result size");
    }
}

/// A pack with its index: bytes 0-3 give the index's length (little-
/// endian), then the index, then the pack. Both are laid out as a
/// repository's `objects/pack`, and every object the index lists is read
/// (with a 1 MiB limit, as `--max-file-size` would set).
pub fn pack_with_index(data: &[u8]) {
    let Some((len, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let len = usize::try_from(u32::from_le_bytes(*len)).unwrap_or(usize::MAX);
    let (index, pack) = rest.split_at(len.min(rest.len()));
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let packs = dir.path().join("pack");
    if std::fs::create_dir(&packs).is_err()
        || std::fs::write(packs.join("pack-f.idx"), index).is_err()
        || std::fs::write(packs.join("pack-f.pack"), pack).is_err()
    {
        return;
    }
    let opened = crate::git::pack::Packs::open(dir.path());
    let mut reader = crate::git::pack::PackReader::new(std::sync::Arc::clone(&opened));
    for id in opened.ids().into_iter().take(10_000) {
        if let Ok(Some(Some(object))) = reader.read_within(&id, 1 << 20) {
            assert!(
                object.data.len() <= 1 << 20,
                "an object over the limit was built"
            );
        }
    }
}

/// A `.env` file: scanned under the names env files have, its values
/// judged, as a tracked file too; the scan's invariants hold.
pub fn dotenv(bytes: &[u8]) -> Result<usize, String> {
    let mut n = 0;
    for name in [".env", "api/.env.production", "config/app.env"] {
        n += scan(name, bytes)?;
        let tracked = vec![memory::File {
            path: name.to_string(),
            bytes: bytes.to_vec(),
            tracked: true,
        }];
        scanned(detector(), tracked, crack::Mode::Off);
    }
    Ok(n)
}

/// A `.gitignore`: its lines are added as git would (a bad pattern skips
/// that line), and paths are matched against them.
pub fn gitignore(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let root = std::path::Path::new("/repo");
    let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
    crate::scan::ignores::add_text(&mut builder, &root.join(".gitignore"), &text);
    if let Ok(gi) = builder.build() {
        for path in [
            ".env",
            "a/.env.local",
            "src/app.js",
            "node_modules/x/.env",
            "a b/[x].env",
        ] {
            let _ = gi.matched_path_or_any_parents(root.join(path), false);
        }
    }
}

/// `(rule, line, secret as reports show it)` of each finding.
pub fn findings(name: &str, bytes: &[u8]) -> Vec<(String, usize, String)> {
    scanned(detector(), file(name, bytes), crack::Mode::Off)
        .into_iter()
        .map(|f| {
            (
                f.rule_id,
                f.line,
                f.secret.as_deref().map(redact).unwrap_or_default(),
            )
        })
        .collect()
}

/// Names that reach each language, so the fuzzer need not guess them.
const NAMES: [&str; 16] = [
    "a.js",
    "a.ts",
    "a.py",
    "a.go",
    "A.java",
    "a.kt",
    "a.cs",
    "a.rb",
    "a.php",
    "a.rs",
    "a.ex",
    ".env",
    "a.yaml",
    "a.json",
    "a.properties",
    "req.http",
];

/// The `scan` fuzz target's input: byte 0 picks a name from a list, or
/// (odd, with a first line of at most 64 bytes) the first line is the name;
/// the rest is the file. The regression tests replay saved inputs with it.
pub fn scan_input(data: &[u8]) -> Result<usize, String> {
    let Some((&pick, rest)) = data.split_first() else {
        return Ok(0);
    };
    let (name, bytes) = match rest.iter().position(|&b| b == b'\n') {
        Some(n) if n <= 64 && pick & 1 == 1 => (
            String::from_utf8_lossy(&rest[..n]).into_owned(),
            &rest[n + 1..],
        ),
        _ => (NAMES[usize::from(pick) % NAMES.len()].to_string(), rest),
    };
    scan(&name, bytes).map_err(|broken| format!("{name}: {broken}"))
}
