#!/usr/bin/env bash
# Benchmark JWT205 cracking: a repository of N committed HS256 tokens
# signed with strong random keys (so no candidate verifies and every token
# costs the full candidate list), scanned with --crack off, budget and full.
#
# Usage: bench/tokens.sh [--tokens N] [--runs N] [--bin PATH]
#
# Prints wall times and the HMAC-SHA256 check rate of --crack full:
# tokens x candidates / (full - off) / cores. Corpus: target/bench-tokens-N/
# (rebuilt each run; tokens spread over 50 .http and .json files).
set -euo pipefail
TOKENS=1000
RUNS=3
BIN=""
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tokens) TOKENS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --bin) BIN="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -n "$BIN" ]] || BIN="$ROOT/target/release/jwtscan"
[[ -x "$BIN" ]] || die "jwtscan binary not found at $BIN (cargo build --release)"
DIR="$ROOT/target/bench-tokens-$TOKENS"
rm -rf "$DIR" && mkdir -p "$DIR"
python3 - "$DIR" "$TOKENS" <<'PY'
import base64, hashlib, hmac, json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
b = lambda x: base64.urlsafe_b64encode(x).decode().rstrip("=")
files = {}
for i in range(n):
    h = b(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    p = b(json.dumps({"sub": f"user-{i}", "role": "member", "iat": 1700000000 + i, "exp": 1900000000}).encode())
    si = f"{h}.{p}"
    t = f"{si}.{b(hmac.new(os.urandom(32), si.encode(), hashlib.sha256).digest())}"
    name = f"fixtures/req{i % 50:02}.http"
    files.setdefault(name, []).append(f"GET /api/items/{i}\nAuthorization: Bearer {t}\n")
for name, parts in files.items():
    path = os.path.join(d, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write("\n".join(parts))
PY
cd "$DIR"
git init -q . && git add -A && git -c user.name=b -c user.email=b@b commit -qm tokens
CORES=$(nproc)
for mode in off budget full; do
  runs=$RUNS; [[ $mode == full ]] && runs=1
  best=""
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N)
    "$BIN" . --crack "$mode" --format json --fail-on never > "/tmp/jwtscan-tokens-$mode.json"
    e=$(date +%s.%N)
    t=$(python3 -c "print(f'{$e - $s:.3f}')")
    if [[ -z "$best" ]] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
  done
  declare "T_$mode=$best"
  python3 - "$mode" "$best" "/tmp/jwtscan-tokens-$mode.json" <<'PY'
import json, sys
mode, t, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
s = json.load(open(path))["summary"]["tokens"]
print(f"| --crack {mode} | {t:.2f} s | {s['hmac']} tokens, {s['tried_fully']} tried fully, {s['cracked']} cracked |")
PY
done
CANDIDATES=$(python3 -c "import json; print(json.load(open('/tmp/jwtscan-tokens-full.json'))['summary']['tokens']['candidates'])")
python3 - "$TOKENS" "$CANDIDATES" "$T_off" "$T_full" "$CORES" <<'PY'
import sys
n, c, off, full, cores = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
rate = n * c / (full - off)
print(f"\nHMAC-SHA256 checks: {n} tokens x {c} candidates in {full - off:.2f} s = {rate/1e6:.2f} M/s on {cores} cores = {rate/cores/1e6:.2f} M/s per core")
PY
