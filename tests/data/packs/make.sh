#!/bin/sh
# Rebuilds ofs-delta.pack/.idx, the pack the unit tests of src/scan/pack.rs
# decode: 60 commits of two 200-line source files that change one line each
# time and a growing binary file, repacked with offset deltas (git's default)
# and chains up to four deep. Needs git; run from this directory.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git init -q "$work"
i=0
while [ "$i" -lt 60 ]; do
  mkdir -p "$work/src/deep/er"
  python3 - "$i" "$work" <<'PY'
import sys
i, work = int(sys.argv[1]), sys.argv[2]
lines = [f"const line{k} = jwt.sign(p, key{(k * 7 + i) if k == (i * 13) % 200 else k});" for k in range(200)]
open(f"{work}/src/auth.js", "w").write("\n".join(lines) + "\n")
open(f"{work}/src/deep/er/config.py", "w").write("\n".join(l.replace("const", "x =") for l in lines[::-1]) + "\n")
open(f"{work}/data.bin", "wb").write(str(i).encode() + b"\0" + b"z" * (i * 50))
PY
  git -C "$work" add -A
  GIT_AUTHOR_DATE="@$((1700000000 + i)) +0000" GIT_COMMITTER_DATE="@$((1700000000 + i)) +0000" \
    git -C "$work" -c user.name=T -c user.email=t@example.com commit -qm "c$i"
  i=$((i + 1))
done
git -C "$work" repack -adfq --depth=50 --window=250
cp "$work"/.git/objects/pack/pack-*.pack ofs-delta.pack
cp "$work"/.git/objects/pack/pack-*.idx ofs-delta.idx
chmod 644 ofs-delta.pack ofs-delta.idx
