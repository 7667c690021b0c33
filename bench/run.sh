#!/usr/bin/env bash
# Benchmark jwtscan against ripgrep on a generated corpus and check recall.
#
# Usage (from the repo root):
#   bench/run.sh [--size-mb N] [--runs N] [--seed N] [--no-build] [--bin PATH]
#
#   --size-mb N   corpus size in MiB (default 200); the corpus is generated once
#                 into target/bench-corpus-<N>mb (manifest beside it) and reused
#   --runs N      timed runs per tool, alternating (default 5)
#   --seed N      generator seed (default 42); a non-default seed gets its own
#                 corpus directory, target/bench-corpus-<N>mb-s<seed>
#   --no-build    skip `cargo build --release`, use target/release/jwtscan as is
#   --bin PATH    benchmark this jwtscan binary instead (implies --no-build)
#
# The report (machine, command line, Markdown table, recall) goes to stdout so
# that `bench/run.sh > out.md` can be pasted into BENCHMARKS.md; progress and
# build output go to stderr. Exit status: 0 if every planted key was found,
# 1 if any was missed, 2 on usage or setup errors.
#
# Needs: cargo, python3, rg (Debian package `ripgrep`) and GNU time at
# /usr/bin/time (Debian package `time`). Installs nothing.
set -euo pipefail

SIZE_MB=200
RUNS=5
SEED=42
BUILD=1
BIN=""
ORIG_ARGS=("$@")

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "error: $*" >&2; exit 2; }
log() { echo "[bench] $*" >&2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mb) [[ $# -ge 2 ]] || die "--size-mb needs a value"; SIZE_MB="$2"; shift 2 ;;
    --size-mb=*) SIZE_MB="${1#*=}"; shift ;;
    --runs) [[ $# -ge 2 ]] || die "--runs needs a value"; RUNS="$2"; shift 2 ;;
    --runs=*) RUNS="${1#*=}"; shift ;;
    --seed) [[ $# -ge 2 ]] || die "--seed needs a value"; SEED="$2"; shift 2 ;;
    --seed=*) SEED="${1#*=}"; shift ;;
    --no-build) BUILD=0; shift ;;
    --bin) [[ $# -ge 2 ]] || die "--bin needs a value"; BIN="$2"; BUILD=0; shift 2 ;;
    --bin=*) BIN="${1#*=}"; BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ "$SIZE_MB" =~ ^[1-9][0-9]*$ ]] || die "--size-mb must be a positive integer, got '$SIZE_MB'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer, got '$SEED'"
if (( RUNS < 5 )); then log "warning: --runs $RUNS is below 5; medians will be noisy"; fi

# Absolute path of --bin before we cd.
if [[ -n "$BIN" && "$BIN" != /* ]]; then BIN="$PWD/$BIN"; fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# ---- prerequisites (install nothing) ---------------------------------------
TIME=/usr/bin/time
if [[ ! -x "$TIME" ]]; then
  die "$TIME not found: install GNU time (Debian package 'time'): apt-get install -y time"
fi
if ! "$TIME" -f '%e %U %S %M' -o /dev/null true 2>/dev/null; then
  die "$TIME is not GNU time (needs -f/-o): install Debian package 'time'"
fi
command -v rg >/dev/null || die "rg not found: install ripgrep (Debian package 'ripgrep'): apt-get install -y ripgrep"
command -v python3 >/dev/null || die "python3 not found"

# ---- build -------------------------------------------------------------------
if [[ -z "$BIN" ]]; then BIN="$ROOT/target/release/jwtscan"; fi
if (( BUILD )); then
  command -v cargo >/dev/null || die "cargo not found"
  log "cargo build --release"
  cargo build --release >&2 || die "cargo build --release failed"
fi
[[ -x "$BIN" ]] || die "jwtscan binary not found at $BIN (build it, or pass --bin PATH)"

# ---- corpus ------------------------------------------------------------------
NAME="bench-corpus-${SIZE_MB}mb"
[[ "$SEED" == 42 ]] || NAME="${NAME}-s${SEED}"
CORPUS="$ROOT/target/$NAME"
MANIFEST="$ROOT/target/$NAME.expected.tsv"
if [[ ! -d "$CORPUS" || ! -f "$MANIFEST" ]]; then
  log "generating corpus $CORPUS (${SIZE_MB} MiB, seed $SEED)"
  python3 "$ROOT/bench/gen_corpus.py" "$CORPUS" --size-mb "$SIZE_MB" --seed "$SEED" --force >&2
else
  log "reusing corpus $CORPUS"
fi
read -r NFILES NBYTES < <(find "$CORPUS" -type f -printf '%s\n' | awk '{n++; s+=$1} END {print n+0, s+0}')

OUT="$ROOT/target/bench-out"
mkdir -p "$OUT"
JSON="$OUT/jwtscan-$NAME.json"
RESULTS="$OUT/times-$NAME.tsv"
: > "$RESULTS"

JWT_CMD=("$BIN" --format json --fail-on never "$CORPUS")
RG_CMD=(rg -i -c 'jwt|secret' "$CORPUS")

# ---- header ------------------------------------------------------------------
cpu_model="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"
[[ -n "$cpu_model" ]] || cpu_model="$(uname -m)"
mem_gib="$(awk '/^MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo 2>/dev/null || echo '?')"
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'none yet')"

short() { sed "s|$ROOT/||g"; }

echo "## jwtscan benchmark"
echo
echo "- command: \`bench/run.sh${ORIG_ARGS[*]:+ ${ORIG_ARGS[*]}}\`"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), jwtscan commit: $commit"
echo "- machine: $(nproc) CPUs, $cpu_model, ${mem_gib} GiB RAM, $(uname -sr)"
jwt_version="$("$BIN" --version 2>/dev/null | head -n 1 || true)"
echo "- versions: ${jwt_version:-jwtscan (no --version output)}; $(rg --version | head -n 1); $(rustc --version 2>/dev/null || echo 'rustc ?')"
echo "- corpus: target/$NAME (seed $SEED): $NFILES files, $(awk -v b="$NBYTES" 'BEGIN {printf "%.1f", b/1048576}') MiB, $(wc -l < "$MANIFEST") planted keys; page cache warm; $RUNS runs per tool, alternating"
echo "- jwtscan: \`$(echo "$BIN --format json --fail-on never $CORPUS > $JSON" | short)\`"
echo "- ripgrep: \`$(echo "rg -i -c 'jwt|secret' $CORPUS > /dev/null" | short)\`"
echo

# ---- timing ------------------------------------------------------------------
# run_tool NAME OUTFILE OK_CODES -- CMD...  (appends "name wall user sys maxrss_kb")
run_tool() {
  local name="$1" outfile="$2" ok="$3"; shift 4
  local tf="$OUT/time.$name" ef="$OUT/stderr.$name" rc=0
  "$TIME" -f '%e %U %S %M' -o "$tf" "$@" > "$outfile" 2> "$ef" || rc=$?
  if [[ " $ok " != *" $rc "* ]]; then
    echo "error: $name exited with status $rc: $*" >&2
    tail -n 20 "$ef" >&2 || true
    exit 2
  fi
  # GNU time prepends "Command exited with non-zero status N" on failure,
  # so take the last line.
  echo "$name $(tail -n 1 "$tf")" >> "$RESULTS"
}

log "warming the page cache (one untimed run of each tool)"
run_tool warm-jwtscan "$JSON" "0" -- "${JWT_CMD[@]}"
run_tool warm-rg /dev/null "0 1" -- "${RG_CMD[@]}"
: > "$RESULTS"

for ((i = 1; i <= RUNS; i++)); do
  log "run $i/$RUNS"
  run_tool jwtscan "$JSON" "0" -- "${JWT_CMD[@]}"
  run_tool ripgrep /dev/null "0 1" -- "${RG_CMD[@]}"   # rg: 1 = no match
done

# ---- table + recall --------------------------------------------------------------
python3 - "$RESULTS" "$NBYTES" "$JSON" "$MANIFEST" "$CORPUS" <<'PY'
import json, os, statistics, sys
from collections import Counter

results, nbytes, json_path, manifest, corpus = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
mib = nbytes / 1048576

runs = {}
for line in open(results):
    parts = line.split()
    if len(parts) != 5:
        continue
    name, wall, user, sys_, rss = parts
    runs.setdefault(name, []).append((float(wall), float(user) + float(sys_), int(rss)))

stats = {}
for name, rs in runs.items():
    stats[name] = {
        "wall": statistics.median(r[0] for r in rs),
        "cpu": statistics.median(r[1] for r in rs),
        "rss": max(r[2] for r in rs) / 1024,
        "walls": [r[0] for r in rs],
    }
rg_wall = stats.get("ripgrep", {}).get("wall")

print("| tool | median wall s | MB/s | CPU s (user+sys) | peak RSS MB | ratio to ripgrep |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name in ("jwtscan", "ripgrep"):
    if name not in stats:
        continue
    s = stats[name]
    mbs = "%.0f" % (mib / s["wall"]) if s["wall"] > 0 else "n/a"
    ratio = "%.2fx" % (s["wall"] / rg_wall) if rg_wall else "n/a"
    print("| %s | %.2f | %s | %.2f | %.1f | %s |" % (name, s["wall"], mbs, s["cpu"], s["rss"], ratio))
print()
print("MB = 2^20 bytes. Wall and CPU are medians over the runs, peak RSS is the maximum; "
      "ratio = median wall / ripgrep median wall. Wall times of each run: "
      + "; ".join("%s %s" % (n, " ".join("%.2f" % w for w in stats[n]["walls"])) for n in ("jwtscan", "ripgrep") if n in stats)
      + ".")
print()

# ---- recall ----
expected = {}
for line in open(manifest, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    path, ln, key = line.split("\t")
    expected[(path, int(ln))] = key

try:
    with open(json_path, encoding="utf-8") as fh:
        doc = json.load(fh)
except (OSError, ValueError) as e:
    print("### Recall\n\nERROR: cannot read jwtscan JSON %s: %s" % (json_path, e))
    sys.exit(1)

corpus_abs = os.path.realpath(corpus)
# jwtscan reports paths relative to the git work tree's root when the corpus
# sits inside one (it does: target/ of this repository), so strip that too.
import subprocess
try:
    top = subprocess.run(["git", "-C", corpus_abs, "rev-parse", "--show-toplevel"],
                         capture_output=True, text=True, check=True).stdout.strip()
    corpus_in_repo = os.path.relpath(corpus_abs, os.path.realpath(top)).replace(os.sep, "/")
except (OSError, subprocess.CalledProcessError):
    corpus_in_repo = None

def norm(p):
    p = str(p).replace("\\", "/")
    if p.startswith(corpus_abs + "/"):
        p = p[len(corpus_abs) + 1:]
    if corpus_in_repo and p.startswith(corpus_in_repo + "/"):
        p = p[len(corpus_in_repo) + 1:]
    while p.startswith("./"):
        p = p[2:]
    return p

findings = doc.get("findings", []) if isinstance(doc, dict) else []
by_rule = Counter(f.get("rule_id", "?") for f in findings)
got = set()
for f in findings:
    if f.get("rule_id") == "JWT201":
        try:
            got.add((norm(f.get("path", "")), int(f.get("line", 0))))
        except (TypeError, ValueError):
            pass

found = [k for k in expected if k in got]
missed = sorted(k for k in expected if k not in got)
extra = sorted(got - set(expected))
n = len(expected)

print("### Recall")
print()
print("- planted keys found (JWT201 at the same path and line): %d / %d (%.1f%%)" % (len(found), n, 100.0 * len(found) / n if n else 100.0))
print("- JWT201 findings not in the manifest (false positives or other findings): %d" % len(extra))
print("- all findings by rule: %s" % (", ".join("%s %d" % kv for kv in sorted(by_rule.items())) or "none"))

def src_line(path, ln):
    try:
        with open(os.path.join(corpus, path), encoding="utf-8", errors="replace") as fh:
            for i, l in enumerate(fh, 1):
                if i == ln:
                    l = l.strip()
                    return l if len(l) <= 140 else l[:137] + "..."
    except OSError:
        pass
    return "?"

if missed:
    ext = Counter(os.path.splitext(p)[1] or p for p, _ in missed)
    print("- missed by extension: %s" % ", ".join("%s %d" % kv for kv in ext.most_common()))
    print()
    print("Missed (first 20):")
    print()
    for p, ln in missed[:20]:
        print("    %s:%d: %s" % (p, ln, src_line(p, ln)))
if extra:
    print()
    print("JWT201 findings not in the manifest (first 10):")
    print()
    for p, ln in extra[:10]:
        print("    %s:%d: %s" % (p, ln, src_line(p, ln)))
print()
if missed:
    print("RESULT: FAIL, %d planted key(s) missed" % len(missed))
    sys.exit(1)
print("RESULT: OK, all %d planted keys found" % n)
PY
