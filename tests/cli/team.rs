//! Team workflow: inline ignores in every comment syntax, unused and
//! foreign ignores, baselines, `.jwtscan.yaml` and its precedence, and
//! user rule files under `jwtscan rules --test`.

use serde_json::Value;

use crate::support::{triples, TestRepo, STRONG};

/// A token no list cracks, for JWT204 in text files.
const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI5IiwiZXhwIjoxOTAwMDAwMDAwfQ.4ufWCshxS0JTy3JJ36fmUc8fS0D1ZJDOIkKj-bONE9o";

fn rules_of(report: &Value) -> Vec<String> {
    triples(report).into_iter().map(|(_, _, r)| r).collect()
}

#[test]
fn inline_ignores_work_in_every_comment_syntax() {
    let k = STRONG;
    let cases: Vec<(&str, String)> = vec![
        (
            "a.js",
            format!("jwt.sign(p, '{k}', {{ expiresIn: '1h' }}); // jwtscan:ignore[JWT201]\n"),
        ),
        (
            "b.py",
            format!(
                "# jwtscan:ignore[JWT201]\ntoken = jwt.encode(p, \"{k}\", algorithm=\"HS256\")\n"
            ),
        ),
        (
            "C.java",
            format!("/* jwtscan:ignore[JWT201] */\nAlgorithm a = Algorithm.HMAC256(\"{k}\");\n"),
        ),
        (
            "web.config.xml",
            format!("<!-- jwtscan:ignore[JWT202] -->\n<add key=\"JwtSecret\" value=\"{k}\" />\n"),
        ),
        ("notes.txt", format!("-- jwtscan:ignore[JWT204]\n{TOKEN}\n")),
        (
            "app.ini",
            format!("[auth]\n; jwtscan:ignore[JWT202]\njwt_secret = {k}\n"),
        ),
    ];
    for (file, code) in cases {
        let tree = TestRepo::plain();
        tree.write(file, &code);
        let report = tree.json(&[]);
        assert_eq!(rules_of(&report), Vec::<String>::new(), "{file}:\n{code}");
        assert_eq!(report["summary"]["suppressed"], 1, "{file}");
        // Without the marker the finding is there.
        let bare = TestRepo::plain();
        let unmarked = code.replace("jwtscan:ignore", "jwtscan-no-ignore");
        bare.write(file, &unmarked);
        assert!(
            !rules_of(&bare.json(&[])).is_empty(),
            "{file} without its marker finds nothing:\n{unmarked}"
        );
    }
}

#[test]
fn unused_unknown_and_foreign_ignores() {
    let tree = TestRepo::plain();
    tree.write(
        "a.js",
        format!(
            "// jwtscan:ignore[JWT201]\n\
             jwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }});\n\
             const x = 1; // jwtscan:ignore\n\
             // jwtscan:ignore[JWT999]\n\
             const y = 2;\n"
        ),
    );
    tree.write(
        "b.js",
        format!("jwt.sign(p, '{STRONG}x', {{ expiresIn: '1h' }}); // gitleaks:allow\n"),
    );
    tree.write(
        "c.py",
        format!("token = jwt.encode(p, \"{STRONG}y\", algorithm=\"HS256\")  # pragma: allowlist secret\n"),
    );
    let run = tree.run(&[
        "--format",
        "json",
        "--fail-on",
        "never",
        "--report-unused-ignores",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        report["summary"]["unused_ignores"],
        serde_json::json!([{"path": "a.js", "line": 3}, {"path": "a.js", "line": 4}])
    );
    assert!(
        run.stderr
            .contains("a.js:3: jwtscan:ignore suppressed nothing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("a.js:4: jwtscan:ignore names unknown rule JWT999"),
        "{}",
        run.stderr
    );
    // Other tools' markers count only when asked.
    let plain: Vec<(String, u64, String)> = triples(&report);
    assert!(
        plain.contains(&("b.js".into(), 1, "JWT201".into())),
        "{plain:?}"
    );
    assert!(
        plain.contains(&("c.py".into(), 1, "JWT201".into())),
        "{plain:?}"
    );
    let honoured = tree.json(&["--honor-foreign-ignores"]);
    assert_eq!(rules_of(&honoured), Vec::<String>::new());
    assert_eq!(honoured["summary"]["suppressed"], 3);
}

#[test]
fn baseline_create_apply_and_stale_with_moved_lines() {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write(
        "src/a.js",
        format!("jwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    );
    repo.write(
        "src/b.js",
        format!("jwt.sign(p, '{STRONG}b', {{ expiresIn: '1h' }});\n"),
    );
    let run = repo.run(&["baseline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = repo.path().join(".jwtscan-baseline.json");
    let text = std::fs::read_to_string(&file).expect("baseline written");
    assert!(!text.contains(STRONG), "the baseline holds a secret");
    // Idempotent: the same findings, the same file.
    assert_eq!(repo.run(&["baseline"]).code, 0);
    assert_eq!(std::fs::read_to_string(&file).expect("baseline"), text);
    // Moved lines keep their fingerprint; a new key is reported; a fixed one
    // is stale.
    repo.write(
        "src/a.js",
        format!("// moved\n\n\njwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }});\njwt.sign(q, '{STRONG}new', {{ expiresIn: '1h' }});\n"),
    );
    repo.write(
        "src/b.js",
        "jwt.sign(p, process.env.K, { expiresIn: '1h' });\n",
    );
    let run = repo.run(&[
        "--format",
        "json",
        "--baseline",
        ".jwtscan-baseline.json",
        "--report-stale-baseline",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(triples(&report), [("src/a.js".into(), 5, "JWT201".into())]);
    assert_eq!(report["summary"]["baselined"], 1);
    assert_eq!(report["summary"]["stale_baseline"], 1);
    assert!(
        run.stderr.contains("stale baseline entry: JWT201 src/b.js"),
        "{}",
        run.stderr
    );
    // -o elsewhere; a broken baseline is an error, exit 2.
    assert_eq!(repo.run(&["baseline", "-o", "other.json"]).code, 0);
    assert!(repo.path().join("other.json").is_file());
    repo.write("broken.json", "{\"version\": 1}");
    let run = repo.run(&["--baseline", "broken.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a jwtscan baseline"),
        "{}",
        run.stderr
    );
}

/// A repository with one finding of each of several rules.
fn configured_repo(config: &str) -> TestRepo {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write(".jwtscan.yaml", config);
    repo.write("src/a.js", format!("jwt.sign({{ sub: 1 }}, '{STRONG}');\n"));
    repo.write(
        "tools/lib.js",
        format!("jwt.sign(p, '{STRONG}v', {{ expiresIn: '1h' }});\n"),
    );
    repo.write(
        "qa/check.js",
        format!("jwt.sign(p, '{STRONG}q', {{ expiresIn: '1h' }});\n"),
    );
    repo
}

fn finding_set(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path").to_string(),
                f["rule_id"].as_str().expect("rule").to_string(),
                f["severity"].as_str().expect("severity").to_string(),
            )
        })
        .collect()
}

#[test]
fn every_config_key_applies() {
    let s = |p: &str, r: &str, v: &str| (p.to_string(), r.to_string(), v.to_string());
    // No config: everything, src/a.js without expiry too.
    let repo = configured_repo("");
    assert_eq!(
        finding_set(&repo.json(&[])),
        [
            s("qa/check.js", "JWT201", "high"),
            s("src/a.js", "JWT201", "high"),
            s("src/a.js", "JWT701", "medium"),
            s("tools/lib.js", "JWT201", "high"),
        ]
    );
    // rules.disable, rules.severity, paths.exclude, paths.test.
    let repo = configured_repo(
        "rules:\n  disable: [JWT701]\n  severity: {JWT201: medium}\npaths:\n  exclude: ['tools/**']\n  test: ['qa/**']\n",
    );
    assert_eq!(
        finding_set(&repo.json(&[])),
        [
            s("qa/check.js", "JWT201", "low"),
            s("src/a.js", "JWT201", "medium")
        ]
    );
    // rules.enable-only.
    let repo = configured_repo("rules:\n  enable-only: [JWT701]\n");
    assert_eq!(
        finding_set(&repo.json(&[])),
        [s("src/a.js", "JWT701", "medium")]
    );
    // allow.secrets (a hash and a regex) and allow.paths.
    let hash = {
        use sha2::Digest;
        format!("{:x}", sha2::Sha256::digest(STRONG.as_bytes()))
    };
    let repo = configured_repo(&format!(
        "allow:\n  secrets: ['{hash}', '{STRONG}q']\n  paths: ['tools/**']\nrules:\n  disable: [JWT701]\n"
    ));
    let report = repo.json(&[]);
    assert_eq!(finding_set(&report), Vec::<(String, String, String)>::new());
    assert_eq!(report["summary"]["allowed"], 3);
    // fail-on from the file; the flag wins.
    let repo = configured_repo("fail-on: never\n");
    assert_eq!(repo.run(&[]).code, 0);
    assert_eq!(repo.run(&["--fail-on", "high"]).code, 1);
    // max-file-size from the file; the flag wins.
    let repo = configured_repo("max-file-size: 10\n");
    let report = repo.json(&[]);
    assert_eq!(finding_set(&report), Vec::<(String, String, String)>::new());
    assert!(report["summary"]["files_skipped"]["too_large"].as_u64() >= Some(3));
    assert_eq!(
        finding_set(&repo.json(&["--max-file-size", "100000"])).len(),
        4
    );
    // --no-config and --config FILE.
    let repo = configured_repo("rules:\n  disable: [JWT201, JWT701]\n");
    assert!(finding_set(&repo.json(&[])).is_empty());
    assert_eq!(finding_set(&repo.json(&["--no-config"])).len(), 4);
    repo.write("other.yaml", "rules:\n  enable-only: [JWT701]\n");
    assert_eq!(
        finding_set(&repo.json(&["--config", "other.yaml"])).len(),
        1
    );
    // baseline from the file.
    let repo = configured_repo("baseline: .jwtscan-baseline.json\n");
    assert_eq!(repo.run(&["baseline"]).code, 0);
    assert_eq!(repo.run(&[]).code, 0);
}

#[test]
fn rotation_days_from_the_file_and_the_flag() {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write(
        "a.js",
        format!("jwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    );
    repo.stage("a.js");
    repo.stage(".gitignore");
    let ten_days_ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
        - 10 * 86_400;
    repo.commit_index("key", Some(ten_days_ago));
    let stale = |report: &Value| rules_of(report).contains(&"JWT502".to_string());
    assert!(!stale(&repo.json(&["--history"])));
    repo.write(".jwtscan.yaml", "rotation-days: 5\n");
    assert!(stale(&repo.json(&["--history"])));
    assert!(!stale(&repo.json(&["--history", "--rotation-days", "30"])));
}

#[test]
fn bad_config_values_fail_with_file_and_line() {
    let cases = [
        ("rules:\n  disabel: [JWT701]\n", ":2:", "disabel"),
        (
            "rules:\n  disable:\n    - JWT999\n",
            ":3:",
            "unknown rule \"JWT999\"",
        ),
        ("rules:\n  enable-only: [JWT1]\n", ":2:", "unknown rule"),
        ("rules:\n  severity:\n    JWT701: urgent\n", ":3:", "urgent"),
        ("paths:\n  exclude: ['a/[']\n", ":2:", "bad glob"),
        ("paths:\n  test: 5\n", ":2:", "test"),
        ("allow:\n  secrets: ['(x']\n", ":2:", "bad regex"),
        ("allow:\n  paths: {a: 1}\n", ":2:", "paths"),
        ("extra-rules: [missing.yaml]\n", ":1:", "missing.yaml"),
        (
            "extra-rules: ['../outside.yaml']\n",
            ":1:",
            "outside the repository",
        ),
        ("rotation-days: -3\n", ":1:", "rotation-days"),
        ("rotation-days: 0\n", ":1:", "at least 1"),
        ("max-file-size: lots\n", ":1:", "max-file-size"),
        ("fail-on: sometimes\n", ":1:", "sometimes"),
        ("baseline: [a]\n", ":1:", "baseline"),
        ("colour: true\n", ":1:", "colour"),
    ];
    for (config, line, what) in cases {
        let repo = configured_repo(config);
        std::fs::write(repo.path().join("../outside.yaml"), "rules: []\n").ok();
        let run = repo.run(&[]);
        assert_eq!(run.code, 2, "{config}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{config}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(".jwtscan.yaml{line}")) && run.stderr.contains(what),
            "{config}: {}",
            run.stderr
        );
    }
}

#[test]
fn config_print_shows_the_effective_configuration() {
    let repo = configured_repo("rules:\n  disable: [JWT701]\nrotation-days: 30\n");
    let run = repo.run(&["config", "--print"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("# from "), "{}", run.stdout);
    for line in [
        "- JWT701",
        "rotation-days: 30",
        "fail-on: medium",
        "max-file-size: 5242880",
        "- '**/tests/**'",
    ] {
        assert!(run.stdout.contains(line), "{line} missing:\n{}", run.stdout);
    }
}

const USER_RULES: &str = r#"rules:
  - id: JWT901
    slug: internal-signing-helper
    severity: high
    practice: 2
    message: our signing helper got a hardcoded key
    description: signTicket() is the in-house JWT helper.
    fix: pass the key from the vault client
    hint: "use vault.key('jwt')"
    bad: |
      signTicket(claims, "abc")
    good: |
      signTicket(claims, vault.key("jwt"))

sinks:
  - name: signTicket key
    rule: JWT901
    languages: [javascript]
    keywords: [signticket]
    pattern: '\bsignTicket\s*\('
    arg: 1
    examples:
      - |
        signTicket(claims, "Zs3Jd-0Q8b_Vf1xK7tNw2mYc9pLr4hGe6uAo5iBj");
    negative_examples:
      - |
        signTicket(claims, vault.key("jwt"));
"#;

#[test]
fn user_rules_are_tested_and_used() {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write("rules/ours.yaml", USER_RULES);
    let run = repo.run(&["rules", "--test", "rules/ours.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("2 of 2 examples pass"),
        "{}",
        run.stdout
    );
    // A broken example fails, naming its line.
    let broken = USER_RULES.replace(
        "signTicket(claims, vault.key(\"jwt\"));",
        "signTicket(claims, \"Qm7tX2vR9pL4wZ8nK3jH6cF1bY5dS0gA\");",
    );
    repo.write("rules/broken.yaml", &broken);
    let run = repo.run(&["rules", "--test", "rules/broken.yaml"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let line = broken
        .lines()
        .position(|l| l.contains("Qm7tX2vR9pL4wZ8nK3jH6cF1bY5dS0gA"))
        .expect("line")
        + 1;
    assert!(
        run.stdout
            .contains(&format!("rules/broken.yaml:{line}: Noisy")),
        "{}",
        run.stdout
    );
    // A malformed file fails with its line.
    repo.write("rules/bad.yaml", "rules:\n  - id: JWT902\n    slug: [\n");
    let run = repo.run(&["rules", "--test", "rules/bad.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("rules/bad.yaml:"), "{}", run.stderr);
    // extra-rules puts the rule to work.
    repo.write(".jwtscan.yaml", "extra-rules: [rules/ours.yaml]\n");
    repo.write(
        "src/t.js",
        "const t = signTicket(claims, \"Zs3Jd-0Q8b_Vf1xK7tNw2mYc9pLr4hGe6uAo5iBj\");\n",
    );
    assert!(rules_of(&repo.json(&[])).contains(&"JWT901".to_string()));
}

#[test]
fn config_rev_keeps_a_pull_request_from_switching_checks_off() {
    // The base branch: a config with a user rule and a baseline.
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write("rules/ours.yaml", USER_RULES);
    repo.write(
        ".jwtscan.yaml",
        "extra-rules: [rules/ours.yaml]\nbaseline: .jwtscan-baseline.json\n",
    );
    repo.write(
        "old.js",
        format!("jwt.sign({{ sub: 1 }}, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    );
    assert_eq!(repo.run(&["baseline"]).code, 0);
    repo.commit_all("base");
    let base = repo.head_id();
    // The pull request: a new key, and edits that would hide it.
    repo.write(
        "new.js",
        format!(
            "jwt.sign({{ sub: 1 }}, '{STRONG}new', {{ expiresIn: '1h' }});\n\
             signTicket(claims, \"Zs3Jd-0Q8b_Vf1xK7tNw2mYc9pLr4hGe6uAo5iBj\");\n"
        ),
    );
    repo.write(
        ".jwtscan.yaml",
        "rules:\n  disable: [JWT201]\nextra-rules: [rules/ours.yaml]\nbaseline: .jwtscan-baseline.json\n",
    );
    repo.write("rules/ours.yaml", "rules: []\n");
    let hidden = repo.json(&[]);
    assert!(rules_of(&hidden)
        .iter()
        .all(|r| r != "JWT201" && r != "JWT901"));
    // Configuration from the base revision: both are found; the baseline
    // (also from the base) still holds the old key.
    let report = repo.json(&["--config-rev", &base]);
    let found = triples(&report);
    assert!(
        found.contains(&("new.js".into(), 1, "JWT201".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("new.js".into(), 2, "JWT901".into())),
        "{found:?}"
    );
    assert!(!found.iter().any(|(p, _, _)| p == "old.js"), "{found:?}");
    // A revision that does not exist is an error, not the defaults.
    let run = repo.run(&["--config-rev", "no-such-rev"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no revision"), "{}", run.stderr);
}

/// `jwtscan baseline -o b.json ARGS` in `repo`: the rule of each entry.
fn recorded_rules(repo: &TestRepo, args: &[&str]) -> Vec<String> {
    let mut all = vec!["baseline", "-o", "b.json"];
    all.extend_from_slice(args);
    let run = repo.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("b.json")).expect("b"))
            .expect("json");
    baseline["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_baseline_cracks_tokens_as_the_scan_is_told_to() {
    // HS256 over {"alg":"HS256","typ":"JWT"}.{"sub":"1"} with the key "secret".
    let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.8qZF8vbN3UpcanXFc-mPXJkOPN01-bRch8XX3rToP1U";
    let repo = TestRepo::plain();
    repo.write("test/fixture.js", format!("const token = '{token}';\n"));
    let recorded = |args: &[&str]| recorded_rules(&repo, args);
    assert!(recorded(&[]).contains(&"JWT205".to_string()));
    assert!(recorded(&["--crack", "full"]).contains(&"JWT205".to_string()));
    let off = recorded(&["--crack", "off"]);
    assert!(
        !off.contains(&"JWT205".to_string()) && off.contains(&"JWT204".to_string()),
        "{off:?}"
    );
}

#[test]
fn a_baseline_reads_as_the_scan_is_told_to() {
    let repo = TestRepo::plain();
    repo.write(
        "a.js",
        format!("jwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }}); // gitleaks:allow\n"),
    );
    let recorded = |args: &[&str]| recorded_rules(&repo, args).len();
    assert_eq!(recorded(&[]), 1);
    // What a scan with the same flag does not report, the baseline does
    // not hold (it would only ever be stale).
    assert_eq!(recorded(&["--honor-foreign-ignores"]), 0);
    assert_eq!(
        rules_of(&repo.json(&["--honor-foreign-ignores"])),
        Vec::<String>::new()
    );
    // A file the scan skips as too large is not recorded either.
    assert_eq!(recorded(&["--max-file-size", "10"]), 0);
    // And a baseline made with the flags holds what the scan with them
    // reports: nothing new.
    let _ = recorded(&[]);
    let run = repo.run(&["--baseline", "b.json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}
