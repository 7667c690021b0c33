//! Misuse findings in the terms of the library at hand (issue 21, item 4):
//! the fix line of JWT701 names the call or claim of that language.

use crate::support::TestRepo;

#[test]
fn the_expiry_fix_line_fits_the_language() {
    let repo = TestRepo::git();
    repo.write(
        "auth.py",
        "import jwt, os\ntoken = jwt.encode({\"sub\": 1}, os.environ[\"K\"], algorithm=\"HS256\")\n",
    );
    repo.write(
        "auth.js",
        "const jwt = require('jsonwebtoken');\nconst t = jwt.sign({ sub: 1 }, process.env.K);\n",
    );
    repo.write(
        "Auth.kt",
        "val t = JWT.create().withSubject(\"1\").sign(Algorithm.HMAC256(System.getenv(\"K\")))\n",
    );
    repo.commit_all("app");
    let run = repo.run(&["--fail-on", "never", "--color", "never", "."]);
    let fix_after = |path: &str| -> String {
        let at = run
            .stdout
            .find(&format!("{path}:"))
            .unwrap_or_else(|| panic!("{path} not reported: {}", run.stdout));
        let rest = &run.stdout[at..];
        let fix = rest.find("fix: ").expect("a fix line");
        rest[fix..].lines().next().unwrap().to_string()
    };
    assert!(fix_after("auth.py").contains("\"exp\""), "{}", run.stdout);
    assert!(fix_after("auth.js").contains("expiresIn"), "{}", run.stdout);
    assert!(
        fix_after("Auth.kt").contains("withExpiresAt"),
        "{}",
        run.stdout
    );
}
