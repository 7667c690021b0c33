//! Output contract: exit codes, JSON shape, text format, redaction, colour,
//! and the `rules` / `explain` commands.

use crate::support::{TestRepo, STRONG};

fn tree_with(findings: &str) -> TestRepo {
    let tree = TestRepo::plain();
    tree.write("src/auth.js", findings);
    tree
}

#[test]
fn exit_codes_follow_fail_on() {
    // A strong hardcoded key: one high finding.
    let tree = tree_with(&format!("jwt.sign(p, '{STRONG}');\n"));
    assert_eq!(tree.run(&["."]).code, 1);
    assert_eq!(tree.run(&["--fail-on", "high", "."]).code, 1);
    assert_eq!(tree.run(&["--fail-on", "never", "."]).code, 0);
    // A clean tree.
    let clean = tree_with("jwt.sign(p, process.env.JWT_SECRET);\n");
    assert_eq!(clean.run(&["."]).code, 0);
    // A bad flag value.
    assert_eq!(clean.run(&["--fail-on", "sometimes", "."]).code, 2);
}

#[test]
fn fail_on_threshold_counts_severity() {
    // Only a medium finding: JWT102 in a .env file.
    let tree = TestRepo::plain();
    tree.write(".env", "JWT_SECRET=k3Y!x9\n");
    assert_eq!(tree.run(&["."]).code, 1);
    assert_eq!(tree.run(&["--fail-on", "high", "."]).code, 0);
    assert_eq!(tree.run(&["--fail-on", "low", "."]).code, 1);
}

#[test]
fn json_has_the_contract_shape_and_redacts() {
    let secret = "a3F$k9#mP2@nQ8!xZ5";
    let tree = tree_with(&format!("const t = jwt.sign(p, \"{secret}\");\n"));
    let report = tree.json(&["."]);
    assert_eq!(report["version"], 1);
    let f = &report["findings"][0];
    for key in [
        "rule_id",
        "rule",
        "severity",
        "path",
        "line",
        "column",
        "message",
        "secret",
        "fingerprint",
    ] {
        assert!(f.get(key).is_some(), "missing {key}: {f}");
    }
    assert_eq!(f["rule_id"], "JWT102");
    assert_eq!(f["rule"], "short-secret");
    assert_eq!(f["severity"], "medium");
    assert_eq!(f["path"], "src/auth.js");
    assert_eq!(f["line"], 1);
    assert_eq!(f["column"], 24);
    assert_eq!(f["secret"], "a3F***(18)");
    assert_eq!(report["findings"][1]["rule_id"], "JWT201");
    let summary = &report["summary"];
    for key in [
        "files_scanned",
        "bytes_scanned",
        "findings_by_severity",
        "duration_ms",
    ] {
        assert!(summary.get(key).is_some(), "missing summary.{key}");
    }
    assert_eq!(summary["findings_by_severity"]["high"], 1);
    assert_eq!(summary["findings_by_severity"]["medium"], 1);
    let raw = tree.run(&["--format", "json", "."]).stdout;
    assert!(!raw.contains(secret), "secret leaked into JSON");
    let shown = tree
        .run(&["--format", "json", "--show-secrets", "."])
        .stdout;
    assert!(
        shown.contains(&secret.replace('\\', "\\\\")),
        "--show-secrets shows it"
    );
}

#[test]
fn fingerprint_is_stable_across_line_moves() {
    let tree = tree_with(&format!("jwt.sign(p, '{STRONG}');\n"));
    let before = tree.json(&["."])["findings"][0]["fingerprint"].clone();
    tree.write(
        "src/auth.js",
        format!("\n\n// moved\njwt.sign(p, '{STRONG}');\n"),
    );
    let after = tree.json(&["."]);
    assert_eq!(after["findings"][0]["line"], 4);
    assert_eq!(after["findings"][0]["fingerprint"], before);
}

#[test]
fn text_output_is_grouped_redacted_and_uncoloured_off_a_terminal() {
    let tree = tree_with("const t = jwt.sign(p, 'shhhhh');\n");
    let run = tree.run(&["."]);
    let out = &run.stdout;
    assert!(
        out.contains("src/auth.js:1:24  HIGH    JWT101 weak-secret"),
        "{out}"
    );
    assert!(
        out.contains("src/auth.js:1:24  HIGH    JWT201 hardcoded-secret"),
        "{out}"
    );
    assert!(out.contains("jwt.sign(p, '***(6)');"), "{out}");
    assert!(!out.contains("shhhhh"), "{out}");
    assert!(out.contains("fix:"), "{out}");
    assert!(
        out.contains("2 findings (2 high, 0 medium, 0 low) in 1 file"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "colour off a terminal: {out}");
    let forced = tree.run(&["--color", "always", "."]).stdout;
    assert!(forced.contains('\u{1b}'), "--color always colours");
    let quiet = tree.run(&["-q", "."]).stdout;
    assert_eq!(quiet.lines().count(), 2, "{quiet}");
}

#[test]
fn control_characters_from_files_are_escaped() {
    let tree = tree_with("const t = jwt.sign(p, 'shhhhh'); // \u{1b}[2J\u{1b}]0;pwned\u{7}\n");
    let out = tree.run(&["--show-secrets", "."]).stdout;
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(out.contains("\\u{1b}[2J"), "{out}");
    assert!(out.contains("'shhhhh'"), "{out}");
}

#[test]
fn rules_lists_every_rule_and_explain_explains() {
    let tree = TestRepo::plain();
    let run = tree.run(&["rules"]);
    assert_eq!(run.code, 0);
    for id in ["JWT101", "JWT102", "JWT103", "JWT201"] {
        assert!(run.stdout.contains(id), "{}", run.stdout);
    }
    let run = tree.run(&["explain", "JWT201"]);
    assert_eq!(run.code, 0);
    for part in ["hardcoded-secret", "Practice 2", "Bad:", "Good:", "Fix:"] {
        assert!(run.stdout.contains(part), "{part}: {}", run.stdout);
    }
    let run = tree.run(&["explain", "JWT999"]);
    assert_eq!(run.code, 2);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let tree = TestRepo::plain();
    for i in 0..40 {
        tree.write(
            &format!("pkg{}/mod{i}.js", i % 7),
            format!(
                "const k{i} = 'k{i}-secret';\njwt.sign(p, k{i});\njwt.verify(t, '{STRONG}');\n"
            ),
        );
    }
    let one = tree.run(&["-j", "1", "--format", "json", "."]).stdout;
    let many = tree.run(&["-j", "8", "--format", "json", "."]).stdout;
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("duration_ms"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&one), strip(&many));
    assert!(one.matches("\"JWT201\"").count() == 80, "{one}");
}
