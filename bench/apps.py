#!/usr/bin/env python3
"""Speed on real application repositories: jwtscan (with and without
cracking) beside ripgrep, alternating, on each repository and on all of
them as one folder.

Usage (from anywhere):
  bench/apps.py [--mirrors DIR] [--runs N] [--bin PATH] [--out DIR]

The repositories (a Python shop, a Go backend, a PHP server, a Java
platform, two TypeScript apps) are cloned once from git snapshots under
--mirrors (default /work/.mirror, as the `fetch` tool lays them out:
DIR/owner+name/repo) into --out (default target/bench-apps/), each a real
work tree with its history, so the git rules run as they would in CI.
Prints one Markdown row per tree: median and min wall seconds of
`rg -i -c 'jwt|secret'`, `jwtscan --crack off`, `jwtscan`, the ratios to
ripgrep, jwtscan's peak RSS (GNU time, one extra run) and its findings.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

REPOS = [
    ("saleor+saleor", "Python shop"),
    ("rancher+rancher", "Go backend"),
    ("xzncit+A3Mall", "PHP server"),
    ("dromara+shenyu", "Java platform"),
    ("juice-shop+juice-shop", "TypeScript app"),
    ("LibertyGlobal+grafana", "TypeScript/Go app"),
]


def clone(mirrors, out, name):
    dest = os.path.join(out, name)
    if os.path.isdir(os.path.join(dest, ".git")):
        return dest
    src = os.path.join(mirrors, name, "repo")
    if not os.path.isdir(src):
        sys.exit(f"no snapshot at {src}: fetch github:{name.replace('+', '/')} first")
    # A snapshot may lack its largest blobs: the checkout then stops at
    # them, and the tree is benchmarked with what was checked out.
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", src, dest],
                   stderr=subprocess.DEVNULL)
    if not os.path.isdir(os.path.join(dest, ".git")):
        sys.exit(f"cannot clone {src}")
    return dest


def timed(cmd, cwd):
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def rss_and_findings(cmd, cwd):
    import json
    import tempfile
    with tempfile.NamedTemporaryFile() as t:
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name, *cmd],
                              cwd=cwd, capture_output=True)
        rss = int(open(t.name).read().split()[-1]) // 1024
    try:
        findings = json.loads(done.stdout)["summary"]["findings"]
    except (ValueError, KeyError):
        findings = "?"
    return rss, findings


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mirrors", default="/work/.mirror")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "jwtscan"))
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "target", "bench-apps"))
    o = p.parse_args()
    jwtscan = os.path.abspath(o.bin)
    os.makedirs(o.out, exist_ok=True)
    trees = [(clone(o.mirrors, o.out, n), what) for n, what in REPOS]
    trees.append((os.path.abspath(o.out), "all six, as one folder"))
    cmds = {
        "rg": ["rg", "-i", "-c", "jwt|secret", "."],
        "off": [jwtscan, ".", "--format", "json", "--fail-on", "never", "--crack", "off"],
        "jwtscan": [jwtscan, ".", "--format", "json", "--fail-on", "never"],
    }
    print(f"{o.runs} runs each after one warm-up, alternating; warm page cache")
    print("| tree | files | rg s | --crack off s | jwtscan s | off/rg | default/rg | RSS MB | findings |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for tree, what in trees:
        times = {k: [] for k in cmds}
        for i in range(o.runs + 1):
            order = list(cmds) if i % 2 == 0 else list(reversed(cmds))
            for k in order:
                t = timed(cmds[k], tree)
                if i > 0:
                    times[k].append(t)
        med = {k: statistics.median(v) for k, v in times.items()}
        rss, findings = rss_and_findings(cmds["jwtscan"], tree)
        files = subprocess.run(["rg", "--files", "-uu", "--glob", "!.git"], cwd=tree,
                               capture_output=True).stdout.count(b"\n")
        name = os.path.basename(tree) if tree != os.path.abspath(o.out) else "(all)"
        print(f"| {name} ({what}) | {files} | {med['rg']:.3f} | {med['off']:.3f} | {med['jwtscan']:.3f} "
              f"| {med['off'] / med['rg']:.2f} | {med['jwtscan'] / med['rg']:.2f} | {rss} | {findings} |")


if __name__ == "__main__":
    main()
