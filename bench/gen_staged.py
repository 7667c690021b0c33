#!/usr/bin/env python3
"""Generate a large single-commit git repository for ``jwtscan --staged``
benchmarks (used by bench/staged.sh).

Usage:
    bench/gen_staged.py OUTDIR [--files N] [--seed S] [--force]

OUTDIR becomes a git repository (branch ``main``, checked out: work tree and
index exist) with exactly N tracked files committed in one commit: a
monorepo-like tree (``services/``, ``packages/``, ``apps/``, ``libs/``,
``docs/``) of directories holding 20-200 files each, mostly JavaScript,
TypeScript, Python, Go or Java per directory with some Markdown and JSON
beside them; files are 0.5-4 KB and about 3% of them use JWT libraries
safely (keys from the environment or config). No file holds a hardcoded key.

The commit is written with ``git fast-import`` (content streamed from this
script, nothing written to the work tree first) and then checked out with
``git reset --hard``. The same seed and N give the same commit SHA. When it
is done it writes ``OUTDIR/.git/bench-complete``, so that a half-built
repository is never reused. Python 3.9+ standard library only; needs git.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_history import (  # noqa: E402
    LANG, NOUNS, Ident, new_file, render_json, render_markdown, snake, target_size,
)

TOPS = ["services", "packages", "apps", "libs"]
SUBS = {
    "js": ["src", "src/routes", "src/lib", "lib", "test"],
    "ts": ["src", "src/components", "src/api", "src/utils", "test"],
    "py": ["app", "app/models", "app/views", "scripts", "tests"],
    "go": ["internal/store", "internal/http", "pkg/util", "cmd/server"],
    "java": ["src/main/java/com/example/core", "src/main/java/com/example/web", "src/test/java/com/example"],
    "md": ["docs", "docs/guides", "adr"],
    "json": ["config", "fixtures", "schemas"],
}
DIR_LANGS = [("js", 24), ("ts", 22), ("py", 20), ("go", 14), ("java", 12), ("md", 4), ("json", 4)]
EXT = {"js": ".js", "ts": ".ts", "py": ".py", "go": ".go", "java": ".java", "md": ".md", "json": ".json"}
SAFE_FRACTION = 0.03


def weighted(r: random.Random, table) -> str:
    x = r.randrange(sum(w for _, w in table))
    for k, w in table:
        if x < w:
            return k
        x -= w
    return table[-1][0]


def file_name(r: random.Random, ident: Ident, lang: str) -> str:
    if lang == "py":
        return ident.sfn()
    if lang == "go":
        return snake(ident.fn())
    if lang == "java":
        return ident.Cls()
    if lang in ("md", "json"):
        return "%s-%s" % (r.choice(NOUNS), r.choice(NOUNS))
    return ident.fn()


def plan(r: random.Random, ident: Ident, n_files: int):
    """Return [(path, lang)] with exactly n_files entries."""
    dirs = []
    left = n_files
    used_dirs = set()
    while left > 0:
        k = min(left, r.randint(20, 200))
        if 0 < left - k < 20:  # never leave a directory under 20 files
            k = left
        lang = weighted(r, DIR_LANGS)
        while True:
            if lang in ("md", "json") and r.random() < 0.5:
                d = "%s/%s" % (r.choice(SUBS[lang]), r.choice(NOUNS))
            else:
                d = "%s/%s-%s/%s" % (r.choice(TOPS), r.choice(NOUNS), r.choice(NOUNS), r.choice(SUBS[lang]))
            if d not in used_dirs:
                used_dirs.add(d)
                break
        dirs.append((d, lang, k))
        left -= k
    out = []
    for d, lang, k in dirs:
        names = set()
        for _ in range(k):
            x = r.random()
            flang = lang if lang in ("md", "json") or x < 0.85 else ("md" if x < 0.92 else "json")
            base = file_name(r, ident, flang)
            name = base + EXT[flang]
            i = 2
            while name in names:
                name = "%s%d%s" % (base, i, EXT[flang])
                i += 1
            names.add(name)
            out.append(("%s/%s" % (d, name), flang))
    return out


def content(r: random.Random, ident: Ident, lang: str) -> str:
    safe = r.random() < SAFE_FRACTION
    size = target_size(r, 500, 4000)
    if lang == "md":
        return render_markdown(r, ident, size, safe)
    if lang == "json":
        return render_json(r, ident, size, safe)
    return new_file(r, ident, lang, size, safe).render()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--force", action="store_true", help="replace OUTDIR if it exists")
    a = ap.parse_args()
    if a.files < 20:
        print("error: --files must be at least 20", file=sys.stderr)
        return 2
    out = os.path.abspath(a.outdir.rstrip("/"))
    if os.path.exists(out):
        if not a.force:
            print("error: %s exists (use --force)" % out, file=sys.stderr)
            return 2
        shutil.rmtree(out)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    for v in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(v, None)

    def git(*args):
        subprocess.run(["git", "-C", out] + list(args), check=True, env=env)

    t0 = time.time()
    os.makedirs(out)
    git("init", "-q", "-b", "main")
    git("config", "gc.auto", "0")
    git("config", "core.autocrlf", "false")
    r = random.Random(a.seed)
    ident = Ident(r)
    files = plan(r, ident, a.files)
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE, env=env)
    w = fi.stdin.write
    msg = b"Import the monorepo\n"
    stamp = 1700000000
    w(b"commit refs/heads/main\n")
    w(b"author Bench Dev <bench.dev@example.com> %d +0000\n" % stamp)
    w(b"committer Bench Dev <bench.dev@example.com> %d +0000\n" % stamp)
    w(b"data %d\n%s" % (len(msg), msg))
    nbytes = 0
    for path, lang in files:
        data = content(r, ident, lang).encode()
        nbytes += len(data)
        w(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(data)))
        w(data)
        w(b"\n")
    w(b"\ndone\n")
    fi.stdin.close()
    if fi.wait() != 0:
        print("error: git fast-import failed", file=sys.stderr)
        return 1
    t1 = time.time()
    git("reset", "-q", "--hard", "main")
    t2 = time.time()
    with open(os.path.join(out, ".git", "bench-complete"), "w") as fh:
        fh.write("files=%d seed=%d bytes=%d\n" % (len(files), a.seed, nbytes))
    ndirs = len({p.rsplit("/", 1)[0] for p, _ in files})
    print("gen_staged: %s: %d files in %d directories, %.1f MiB; generate+fast-import %.1fs, checkout %.1fs" % (
        out, len(files), ndirs, nbytes / 1048576, t1 - t0, t2 - t1), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
