#!/usr/bin/env python3
"""Lay out the files the labelled cases name, from git snapshots, as small git
repositories to scan, and check every label's line hash.

  materialize.py --mirrors DIR --out OUT [--files-only] CASES.jsonl...

DIR holds one git directory per repository, `DIR/<owner>+<name>` (a bare
clone, or with `repo/`, `repo/.git` or `.git` inside, as the fetch tool and
`git clone --mirror` make). For each repository and pinned commit, OUT gets
`<owner>+<name>@<commit:10>/`: the repository's whole tree at that commit
(`git archive`), committed once, so git's ignore and tracked-file rules apply
and a key defined in one file and used in another is followed as a reviewer
follows it. `--files-only` lays out only the cases' files and every
`.gitignore` (the layout before issue 21).
A `history` case (a key committed at `commit` and gone by `head`) gets a
two-commit repository `<owner>+<name>@h<commit:10>/`: its file at `commit`,
then at `head` (or deleted). OUT/layout.jsonl maps each case id to its
directory. Exit 1 on a missing repository, commit or file, or a line hash
that does not match: a label never silently moves.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
from collections import defaultdict


def git_dir(mirrors, repo):
    base = os.path.join(mirrors, repo.replace("/", "+"))
    for d in (os.path.join(base, "repo"), os.path.join(base, "repo", ".git"), os.path.join(base, ".git"), base):
        if os.path.isdir(d) and subprocess.run(["git", "--git-dir", d, "rev-parse", "-q", "--verify", "HEAD"],
                                               capture_output=True).returncode == 0:
            return d
    return None


def show(gd, commit, path):
    r = subprocess.run(["git", "--git-dir", gd, "show", f"{commit}:{path}"], capture_output=True)
    return r.stdout if r.returncode == 0 else None


def gitignores(gd, commit):
    r = subprocess.run(["git", "--git-dir", gd, "ls-tree", "-r", "--name-only", "-z", commit], capture_output=True)
    names = [n.decode("utf-8", "replace") for n in r.stdout.split(b"\0") if n]
    return [n for n in names if (n == ".gitignore" or n.endswith("/.gitignore"))
            and "node_modules/" not in n and "vendor/" not in n]


def whole(gd, commit, root):
    """The tree at `commit` (no submodules). Snapshots can lack objects, so
    blobs are read one by one through `git cat-file --batch` and a missing
    one is skipped (counted), rather than `git archive` failing whole."""
    r = subprocess.run(["git", "--git-dir", gd, "ls-tree", "-r", "-z", commit], capture_output=True)
    entries = []
    for item in r.stdout.split(b"\0"):
        if not item:
            continue
        meta, name = item.split(b"\t", 1)
        mode, kind, oid = meta.split()
        if kind == b"blob":
            entries.append((mode, oid, name.decode("utf-8", "surrogateescape")))
    batch = subprocess.Popen(["git", "--git-dir", gd, "cat-file", "--batch"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE)
    missing = 0
    for mode, oid, name in entries:
        batch.stdin.write(oid + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            missing += 1
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        dest = os.path.join(root, name)
        if os.path.relpath(dest, root).startswith(".."):
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if mode == b"120000":
            if not os.path.lexists(dest):
                os.symlink(data, dest)
        elif not os.path.lexists(dest):
            with open(dest, "wb") as f:
                f.write(data)
    batch.stdin.close()
    batch.wait()
    return missing


def write(root, rel, data):
    dest = os.path.join(root, rel)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(data)


def commit_all(root, message, when):
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    git = ["git", "-C", root, "-c", "user.name=bench", "-c", "user.email=bench@invalid", "-c", "commit.gpgsign=false",
           "-c", "core.safecrlf=false", "-c", "core.autocrlf=false"]
    subprocess.run(git + ["add", "-A", "-f", "."], check=True, env=env)
    subprocess.run(git + ["commit", "-q", "--allow-empty", "-m", message], check=True, env=env)


def load(paths):
    cases = []
    for p in paths:
        for n, line in enumerate(open(p, encoding="utf-8"), 1):
            if line.strip():
                c = json.loads(line)
                c["_src"] = f"{os.path.basename(p)}:{n}"
                cases.append(c)
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirrors", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--files-only", action="store_true",
                    help="only the cases' files and the .gitignore files, not the whole tree")
    ap.add_argument("cases", nargs="+")
    a = ap.parse_args()
    cases = load(a.cases)
    os.makedirs(a.out, exist_ok=True)
    problems, layout = [], {}
    groups = defaultdict(list)
    for c in cases:
        hist = c.get("class") == "history" and c.get("head")
        key = (c["repo"], c["commit"], c["head"] if hist else None, c["id"] if hist else None)
        groups[key].append(c)
    dirs = {}
    for (repo, commit, head, hid), group in sorted(groups.items(), key=lambda kv: kv[0][:2]):
        gd = dirs.setdefault(repo, git_dir(a.mirrors, repo))
        if gd is None:
            problems.append(f"missing repository {repo} under {a.mirrors}")
            continue
        if subprocess.run(["git", "--git-dir", gd, "cat-file", "-e", f"{commit}^{{commit}}"],
                          capture_output=True).returncode:
            problems.append(f"missing commit {commit} of {repo}")
            continue
        name = repo.replace("/", "+") + (f"@h{commit[:10]}-{hid}" if head else f"@{commit[:10]}")
        root = os.path.join(a.out, name)
        fresh = not os.path.isdir(root)
        if fresh:
            os.makedirs(root)
            subprocess.run(["git", "init", "-q", root], check=True)
            if not head and not a.files_only:
                lost = whole(gd, commit, root)
                if lost:
                    print(f"{name}: {lost} blobs missing from the snapshot, skipped", file=sys.stderr)
        for ig in gitignores(gd, commit):
            data = show(gd, commit, ig)
            if data is not None:
                write(root, ig, data)
        for c in group:
            data = show(gd, commit, c["path"])
            if data is None:
                problems.append(f"{c['id']}: {c['path']} is not in {repo}@{commit[:10]}")
                continue
            write(root, c["path"], data)
            if c.get("line"):
                lines = data.split(b"\n")
                ln = c["line"]
                if not (0 < ln <= len(lines)) or hashlib.sha1(lines[ln - 1].strip()).hexdigest() != c.get("line_sha1"):
                    problems.append(f"line_sha1 mismatch {c['id']} {repo}/{c['path']}:{ln}")
            layout[c["id"]] = name
        if head:
            when = subprocess.run(["git", "--git-dir", gd, "show", "-s", "--format=%cI", commit],
                                  capture_output=True, text=True).stdout.strip()
            commit_all(root, f"at {commit[:10]}", when)
            later = subprocess.run(["git", "--git-dir", gd, "show", "-s", "--format=%cI", head],
                                   capture_output=True, text=True).stdout.strip()
            for c in group:
                data = show(gd, head, c["path"])
                target = os.path.join(root, c["path"])
                if data is None:
                    os.remove(target)
                else:
                    write(root, c["path"], data)
            commit_all(root, f"at {head[:10]}", later)
    for name in sorted(set(layout.values())):
        root = os.path.join(a.out, name)
        if subprocess.run(["git", "-C", root, "rev-parse", "-q", "--verify", "HEAD"], capture_output=True).returncode:
            commit_all(root, "cases", "2026-01-01T00:00:00Z")
    with open(os.path.join(a.out, "layout.jsonl"), "w") as f:
        for cid, name in sorted(layout.items()):
            f.write(json.dumps({"id": cid, "dir": name}) + "\n")
    for p in problems[:30]:
        print(p, file=sys.stderr)
    checked = sum(1 for c in cases if c.get("line") and c["id"] in layout)
    print(f"materialized {len(layout)} cases in {len(set(layout.values()))} repositories; "
          f"verified {checked} line hashes; {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
