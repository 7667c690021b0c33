#!/usr/bin/env python3
"""Score scanners' findings against labelled cases, side by side.

  score.py --cases C.jsonl [--cases ...] --layout OUT/layout.jsonl \
           --run TOOL=FORMAT:FINDINGS_DIR [--run ...] [--tol 2] [--md] [--json-out F]

Each --run names a tool, the adapter for its output format and a directory
holding one output file per scanned repository directory (`<dir>.out`,
`/` in the directory written `%`, as bench/accuracy.sh writes them). CredData
guard rows (other credentials in the same files) absorb the findings on
them: neither true nor false positives. Adapters: jwtscan (`--format json`),
gitleaks (gitleaks and Betterleaks JSON reports), kingfisher (JSON),
detect-secrets (JSON), ripsecrets (its text lines), semgrep (JSON).

The rules (those of ../shared/accuracy/score.py): a finding is compared
with the cases of its file; its distance to a case is the smallest
|finding line - l| over the case's line..end_line and alt_lines; cases
further than --tol lines do not count. The nearest case wins (a tie goes
to a positive): a positive makes the finding a true positive and every
positive at that distance detected; a clean case makes it a false positive;
no case near is "unlabelled", listed and not counted. A case on line 0 is
about the file (an env file git tracks or does not ignore) and only
matches findings about the file: jwtscan's JWT301/JWT302, which carry no
line in this scoring. Category-blind: any rule counts for any case.
Recall is per positive case, precision per counted finding.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

FILE_LEVEL = {"JWT301", "JWT302"}


def _json(path):
    text = open(path, encoding="utf-8", errors="replace").read().strip()
    if not text:
        return []
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(l) for l in text.splitlines() if l.strip().startswith("{")]


def ad_jwtscan(path):
    data = _json(path)
    for f in data.get("findings", []) if isinstance(data, dict) else []:
        rule = f.get("rule_id", "")
        yield f.get("path", ""), 0 if rule in FILE_LEVEL else int(f.get("line") or 0), rule


def ad_gitleaks(path):
    data = _json(path)
    if isinstance(data, dict):
        data = data.get("findings") or data.get("Findings") or []
    for f in data or []:
        loc = f.get("location") or {}
        yield (f.get("File") or f.get("file") or loc.get("path") or "",
               int(f.get("StartLine") or f.get("startLine") or loc.get("start_line") or f.get("line") or 0),
               f.get("RuleID") or f.get("ruleId") or f.get("rule_id") or "")


def ad_kingfisher(path):
    seen = set()

    def walk(o, rule=""):
        if isinstance(o, dict):
            r = o.get("rule")
            rule = (r.get("id") or r.get("name") if isinstance(r, dict) else r) or o.get("rule_id") or rule
            p = o.get("path") or o.get("file") or o.get("file_path")
            ln = o.get("line") or o.get("line_num") or o.get("start_line")
            if isinstance(p, str) and isinstance(ln, int):
                if (p, ln, rule) not in seen:
                    seen.add((p, ln, rule))
                    yield p, ln, rule or ""
                return
            for v in o.values():
                yield from walk(v, rule)
        elif isinstance(o, list):
            for v in o:
                yield from walk(v, rule)

    yield from walk(_json(path))


def ad_detect_secrets(path):
    data = _json(path)
    for name, items in (data.get("results") or {}).items() if isinstance(data, dict) else []:
        for it in items:
            yield it.get("filename", name), int(it.get("line_number") or 0), it.get("type", "")


RIPS = re.compile(r"^(?P<path>.+?):(?P<line>\d+):")


def ad_ripsecrets(path):
    for line in open(path, encoding="utf-8", errors="replace"):
        m = RIPS.match(re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip("\n")))
        if m:
            yield m.group("path"), int(m.group("line")), "ripsecrets"


def ad_semgrep(path):
    data = _json(path)
    for r in data.get("results", []) if isinstance(data, dict) else []:
        yield r["path"], int(r["start"]["line"]), r.get("check_id", "")


ADAPTERS = {"jwtscan": ad_jwtscan, "gitleaks": ad_gitleaks, "kingfisher": ad_kingfisher,
            "detect-secrets": ad_detect_secrets, "ripsecrets": ad_ripsecrets, "semgrep": ad_semgrep}


def load_cases(paths, layout):
    dirs = {}
    if layout:
        for line in open(layout):
            if line.strip():
                d = json.loads(line)
                dirs[d["id"]] = d["dir"]
    cases = []
    for p in paths:
        for line in open(p, encoding="utf-8"):
            if line.strip():
                c = json.loads(line)
                c["_dir"] = dirs.get(c["id"], c.get("_dir") or c["repo"])
                c.setdefault("class", c.get("jwtscan_class") or c.get("subcategory") or "?")
                cases.append(c)
    return cases


def normalise(path, dirname):
    p = path.replace("\\", "/")
    p = re.sub(r"^(\./)+", "", p)
    # Absolute paths and paths under the scanned directory: keep what follows it.
    marker = f"/{dirname}/"
    if marker in p:
        p = p.split(marker, 1)[1]
    return p


def is_guard(c):
    return c.get("subcategory") == "guard" or c.get("jwt_relevant") is False


def out_file(outdir, d):
    return os.path.join(outdir, d.replace("/", "%") + ".out")


def score(cases, findings, tol=2):
    """findings: (dir, path, line, rule). Returns the verdicts."""
    by_file = defaultdict(list)
    for c in cases:
        by_file[(c["_dir"], c["path"])].append(c)
    detected, verdicts = set(), []
    for d, path, line, rule in findings:
        near, best = [], None
        for c in by_file.get((d, path), []):
            if (c["line"] == 0) != (line == 0):
                continue
            lines = [0] if c["line"] == 0 else list(range(c["line"], max(c["line"], c.get("end_line") or c["line"]) + 1))
            lines += c.get("alt_lines") or []
            dist = min(abs(line - l) for l in lines)
            if dist > tol:
                continue
            if best is None or dist < best:
                best, near = dist, [c]
            elif dist == best:
                near.append(c)
        positives = [c for c in near if c["expect"] == "finding"]
        if near and all(is_guard(c) for c in near):
            # CredData's other credentials in the same files: not counted.
            verdicts.append(("guard", d, path, line, rule, near[0]["id"]))
            continue
        near = [c for c in near if not is_guard(c)]
        if positives:
            detected.update(c["id"] for c in positives)
            verdicts.append(("TP", d, path, line, rule, positives[0]["id"]))
        elif near:
            verdicts.append(("FP", d, path, line, rule, near[0]["id"]))
        else:
            verdicts.append(("unlabelled", d, path, line, rule, None))
    return detected, verdicts


def summary(cases, detected, verdicts):
    pos = [c for c in cases if c["expect"] == "finding" and not is_guard(c)]
    kinds = Counter(v[0] for v in verdicts)
    per = {}
    for key in ("class", "language"):
        groups = defaultdict(lambda: [0, 0])
        for c in pos:
            groups[c.get(key, "?")][1] += 1
            if c["id"] in detected:
                groups[c.get(key, "?")][0] += 1
        per[key] = dict(sorted(groups.items()))
    fp_cases = sorted({v[5] for v in verdicts if v[0] == "FP"})
    return {
        "positives": len(pos),
        "detected": len(detected & {c["id"] for c in pos}),
        "tp": kinds["TP"],
        "fp": kinds["FP"],
        "unlabelled": kinds["unlabelled"],
        "per": per,
        "missed": sorted(c["id"] for c in pos if c["id"] not in detected),
        "false_positive_cases": fp_cases,
    }


def pct(a, b):
    return f"{100 * a / b:.0f}%" if b else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", action="append", required=True)
    ap.add_argument("--layout")
    ap.add_argument("--run", action="append", required=True, metavar="TOOL=FORMAT:DIR")
    ap.add_argument("--tol", type=int, default=2)
    ap.add_argument("--title", default="")
    ap.add_argument("--json-out")
    ap.add_argument("--details", action="store_true", help="list misses and false positives per tool")
    a = ap.parse_args()
    cases = load_cases(a.cases, a.layout)
    dirs = sorted({c["_dir"] for c in cases})
    results = {}
    for run in a.run:
        tool, rest = run.split("=", 1)
        fmt, outdir = rest.split(":", 1)
        findings = []
        for d in dirs:
            f = out_file(outdir, d)
            if os.path.exists(f):
                findings += [(d, normalise(p, d), ln, r) for p, ln, r in ADAPTERS[fmt](f)]
        detected, verdicts = score(cases, findings, a.tol)
        results[tool] = summary(cases, detected, verdicts)
        results[tool]["verdicts"] = verdicts
    title = f" ({a.title})" if a.title else ""
    print(f"\n| tool{title} | recall | precision | TP / FP / unlabelled |")
    print("|---|---|---|---|")
    for tool, r in results.items():
        print(f"| {tool} | {pct(r['detected'], r['positives'])} ({r['detected']}/{r['positives']}) | "
              f"{pct(r['tp'], r['tp'] + r['fp'])} | {r['tp']} / {r['fp']} / {r['unlabelled']} |")
    for key in ("class", "language"):
        groups = sorted({g for r in results.values() for g in r["per"][key]})
        print(f"\n| recall by {key} | " + " | ".join(results) + " |")
        print("|---|" + "---|" * len(results))
        for g in groups:
            cells = []
            for r in results.values():
                hit, n = r["per"][key].get(g, [0, 0])
                cells.append(f"{hit}/{n}")
            print(f"| {g} | " + " | ".join(cells) + " |")
    if a.details:
        notes = {c["id"]: c for c in cases}
        for tool, r in results.items():
            print(f"\n### {tool}: {len(r['missed'])} missed, {r['fp']} false positives")
            for cid in r["missed"]:
                c = notes[cid]
                print(f"- missed {cid} [{c.get('class')}/{c.get('language')}] {c['repo']} {c['path']}:{c['line']}: {c.get('note', '')}")
            for v in r["verdicts"]:
                if v[0] == "FP":
                    c = notes[v[5]]
                    print(f"- false positive {v[4]} on {v[5]} [{c.get('class')}/{c.get('language')}] {c['repo']} {c['path']}:{v[3]}: {c.get('note', '')}")
    if a.json_out:
        for r in results.values():
            r.pop("verdicts", None)
        json.dump(results, open(a.json_out, "w"), indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
