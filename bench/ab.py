#!/usr/bin/env python3
"""A/B timing of two jwtscan binaries, alternating run by run.

Usage (from anywhere):
  bench/ab.py [--runs N] [--warmup N] --dir DIR A B [-- ARGS...]

Runs `A ARGS` and `B ARGS` in DIR alternately (A, B, B, A, A, B, ...: each
goes first half the time), N timed runs each after the warm-up, and prints
wall-clock mean, median and min per binary and the ratio of means. The
reports of both are compared (stdout, JSON when --format json is given):
a refactor that changes what is found fails here, not only in the numbers.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time


def run(binary, args, cwd):
    started = time.perf_counter()
    done = subprocess.run([binary, *args], cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{binary} exited {done.returncode}: {done.stderr.decode(errors='replace')}")
    return elapsed, done.stdout


def strip_duration(out):
    # The summary's duration differs run to run; nothing else may.
    import json
    try:
        doc = json.loads(out)
    except ValueError:
        return out
    doc.get("summary", {}).pop("duration_ms", None)
    return json.dumps(doc, sort_keys=True).encode()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--dir", required=True)
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("args", nargs="*")
    o = p.parse_args()
    # Binaries named relative to where the script was started, not --dir.
    o.a, o.b = (os.path.abspath(x) if os.sep in x else x for x in (o.a, o.b))
    times = {o.a: [], o.b: []}
    outs = {}
    for i in range(o.warmup + o.runs):
        order = (o.a, o.b) if (i // 2) % 2 == 0 else (o.b, o.a)
        for binary in order:
            elapsed, out = run(binary, o.args, o.dir)
            outs.setdefault(binary, strip_duration(out))
            if i >= o.warmup:
                times[binary].append(elapsed)
    same = outs[o.a] == outs[o.b]
    print(f"dir {o.dir}, args {' '.join(o.args) or '(none)'}, {o.runs} runs each, alternating")
    print("| binary | mean s | median s | min s |")
    print("| --- | ---: | ---: | ---: |")
    for binary in (o.a, o.b):
        t = times[binary]
        print(f"| {binary} | {statistics.mean(t):.3f} | {statistics.median(t):.3f} | {min(t):.3f} |")
    ratio = statistics.mean(times[o.b]) / statistics.mean(times[o.a])
    print(f"B/A mean ratio {ratio:.3f}; reports {'identical' if same else 'DIFFER'}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
