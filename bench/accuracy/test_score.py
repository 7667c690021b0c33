#!/usr/bin/env python3
"""Smoke tests of bench/accuracy/score.py on hand-made cases whose scores
are known (run by .ci/run)."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402


def case(cid, path, line, expect, **kw):
    c = {"id": cid, "repo": "o/r", "commit": "0" * 40, "path": path, "line": line,
         "end_line": kw.pop("end_line", line), "alt_lines": kw.pop("alt_lines", []), "expect": expect,
         "class": kw.pop("cls", "code-literal"), "language": kw.pop("language", "javascript"), "_dir": "o+r@0"}
    c.update(kw)
    return c


CASES = [
    case("p1", "a.js", 10, "finding", alt_lines=[30]),
    case("c1", "a.js", 20, "clean"),
    case("p2", "a.js", 22, "finding"),
    case("p3", ".env", 0, "finding", cls="env-tracked", language="dotenv"),
    case("p4", "b.py", 5, "finding", end_line=7, language="python"),
    case("p5", "c.go", 1, "finding", language="go"),
    case("g1", "c.go", 40, "clean", subcategory="guard"),
]


def run(findings):
    detected, verdicts = score.score(CASES, [("o+r@0",) + f for f in findings])
    return score.summary(CASES, detected, verdicts), verdicts


def test_matching_rules():
    s, v = run([
        ("a.js", 11, "JWT201"),   # p1 by distance 1: TP
        ("a.js", 31, "JWT201"),   # p1's alt line: TP again
        ("a.js", 20, "JWT201"),   # the clean case: FP
        ("a.js", 21, "JWT201"),   # c1 and p2 both at 1: the positive wins, TP
        ("a.js", 60, "JWT201"),   # near nothing: unlabelled
        (".env", 0, "JWT302"),    # file level: TP for p3
        ("b.py", 9, "JWT102"),    # 2 after end_line 7: TP for p4
        ("a.js", 0, "JWT301"),    # file level where no file-level case: unlabelled
    ])
    assert [x[0] for x in v] == ["TP", "TP", "FP", "TP", "unlabelled", "TP", "TP", "unlabelled"], v
    assert (s["detected"], s["positives"]) == (4, 5), s
    assert (s["tp"], s["fp"], s["unlabelled"]) == (5, 1, 2), s
    assert s["missed"] == ["p5"], s
    assert s["per"]["language"]["go"] == [0, 1] and s["per"]["class"]["env-tracked"] == [1, 1], s


def test_a_line_finding_never_matches_a_file_case_and_tolerance_is_two():
    s, v = run([(".env", 1, "JWT101"), ("c.go", 4, "x"), ("c.go", 3, "x"), ("c.go", 41, "x")])
    assert [x[0] for x in v] == ["unlabelled", "unlabelled", "TP", "guard"], v
    assert (s["tp"], s["fp"]) == (1, 0), s
    assert s["detected"] == 1


def test_the_command_line_reads_tool_outputs():
    with tempfile.TemporaryDirectory() as tmp:
        cases = os.path.join(tmp, "cases.jsonl")
        with open(cases, "w") as f:
            for c in CASES:
                f.write(json.dumps(c) + "\n")
        out = os.path.join(tmp, "jwtscan")
        os.makedirs(out)
        with open(os.path.join(out, "o+r@0.out"), "w") as f:
            json.dump({"version": 1, "findings": [{"rule_id": "JWT201", "path": "a.js", "line": 10},
                                                  {"rule_id": "JWT302", "path": ".env", "line": 1}]}, f)
        gl = os.path.join(tmp, "gl")
        os.makedirs(gl)
        with open(os.path.join(gl, "o+r@0.out"), "w") as f:
            json.dump([{"File": "/x/o+r@0/c.go", "StartLine": 1, "RuleID": "generic-api-key"}], f)
        res = os.path.join(tmp, "res.json")
        r = subprocess.run([sys.executable, os.path.join(os.path.dirname(score.__file__), "score.py"),
                            "--cases", cases, "--run", f"jwtscan=jwtscan:{out}", "--run", f"betterleaks=gitleaks:{gl}",
                            "--json-out", res], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert "| jwtscan | 40% (2/5) | 100% |" in r.stdout, r.stdout
        assert "| betterleaks | 20% (1/5) | 100% |" in r.stdout, r.stdout
        got = json.load(open(res))
        assert got["jwtscan"]["missed"] == ["p2", "p4", "p5"], got


if __name__ == "__main__":
    for name, fn in sorted(globals().items()):
        if name.startswith("test_"):
            fn()
            print(f"ok {name}")
