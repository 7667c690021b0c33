//! Machine formats for CI: SARIF (validated against the official 2.1.0
//! schema), GitHub workflow commands, JSON lines and `--output`.

use serde_json::Value;

use crate::support::TestRepo;

/// A strong key of this file's own (the rules' help shows the shared one).
const STRONG: &str = "Qm7tX2vR9pL4wZ8nK3jH6cF1bY5dS0gA";

/// A history repository with findings of several rules, one in a path
/// that needs URI encoding, one committed and then removed (JWT501).
fn multi_rule_repo() -> TestRepo {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write(
        "src/auth.js",
        format!(
            "const token = jwt.sign({{ id: 1 }}, 'secret');\n\
             const claims = jwt.verify(t, '{STRONG}');\n"
        ),
    );
    repo.write(
        "web app/ü.py",
        "claims = jwt.decode(token, options={\"verify_signature\": False})\n",
    );
    repo.write(
        "config/app.yaml",
        format!("jwt:\n  secret: \"{STRONG}x\"\n"),
    );
    repo.commit_all("first");
    repo
}

fn sarif_schema() -> jsonschema::Validator {
    let text = include_str!("../data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(text).expect("schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_valid(doc: &Value) {
    let validator = sarif_schema();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF is not valid:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_validates_and_has_what_code_scanning_reads() {
    let repo = multi_rule_repo();
    let run = repo.run(&["--format", "sarif", "--show-secrets", "."]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_valid(&doc);
    // The validator does reject what the schema forbids.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!sarif_schema().is_valid(&broken));
    // Never a secret, even when asked to show them.
    assert!(!run.stdout.contains(STRONG), "a secret leaked into SARIF");
    let sarif_run = &doc["runs"][0];
    let driver = &sarif_run["tool"]["driver"];
    assert_eq!(driver["name"], "jwtscan");
    assert!(driver["informationUri"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));
    let rules = driver["rules"].as_array().expect("rules");
    let results = sarif_run["results"].as_array().expect("results");
    let ids: std::collections::BTreeSet<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert!(ids.len() >= 4, "want a multi-rule scan, got {ids:?}");
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["jwtscan/v1"].is_string());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(location["region"]["startLine"]
            .as_u64()
            .is_some_and(|l| l >= 1));
    }
    let uris: Vec<&str> = results
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.contains(&"web%20app/%C3%BC.py"), "{uris:?}");
    let hardcoded = rules.iter().find(|r| r["id"] == "JWT201").expect("JWT201");
    assert_eq!(hardcoded["name"], "hardcoded-secret");
    assert_eq!(hardcoded["defaultConfiguration"]["level"], "error");
    assert_eq!(hardcoded["properties"]["security-severity"], "8.0");
    assert!(hardcoded["help"]["markdown"]
        .as_str()
        .is_some_and(|m| m.contains("**Fix:**")));
}

#[test]
fn sarif_of_history_carries_the_commit() {
    let repo = multi_rule_repo();
    // Remove the key: it stays in history (JWT501).
    repo.write(
        "src/auth.js",
        "const token = jwt.sign({ id: 1 }, process.env.K, { expiresIn: '1h' });\n",
    );
    repo.commit_all("second");
    let run = repo.run(&["--history", "--format", "sarif", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_valid(&doc);
    let results = doc["runs"][0]["results"].as_array().expect("results");
    let exposed = results
        .iter()
        .find(|r| r["ruleId"] == "JWT501")
        .expect("a JWT501 result");
    let commit = exposed["properties"]["commit"].as_str().expect("commit");
    assert_eq!(commit.len(), 40);
    assert!(exposed["properties"]["date"].is_string());
}

#[test]
fn github_annotations_escape_what_could_inject_a_command() {
    let tree = TestRepo::plain();
    // A path with the characters workflow commands give meaning to.
    tree.write(
        "a,b:c%d.js",
        format!("jwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    );
    let run = tree.run(&["--format", "github", "."]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(
        lines[0].starts_with("::error file=a%2Cb%3Ac%25d.js,line=1,col=14,"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(",title=JWT201 hardcoded-secret::"),
        "{}",
        lines[0]
    );
    assert!(!run.stdout.contains(STRONG));
    // A newline in a file name cannot start a second command.
    if cfg!(unix) {
        let tree = TestRepo::plain();
        tree.write(
            "x\n::error::pwned.js",
            format!("jwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }});\n"),
        );
        let run = tree.run(&["--format", "github", "."]);
        assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
        assert!(!run.stdout.contains("\n::error::pwned"), "{}", run.stdout);
    }
}

#[test]
fn jsonl_is_one_finding_per_line_and_output_writes_a_file() {
    let repo = multi_rule_repo();
    let full = repo.json(&[]);
    let run = repo.run(&["--format", "jsonl", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(&Value::Array(lines), &full["findings"]);
    // --output: the same report in a file, nothing on stdout.
    let out = repo.path().join("report.sarif");
    let run = repo.run(&[
        "--format",
        "sarif",
        "--output",
        "report.sarif",
        "--fail-on",
        "never",
    ]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).expect("report written"))
        .expect("JSON");
    assert_valid(&doc);
    // A directory that does not exist: exit 2, one line.
    let run = repo.run(&["--output", "no/such/dir/r.json", "."]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}
