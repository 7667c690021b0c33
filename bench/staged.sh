#!/usr/bin/env bash
# Benchmark `jwtscan --staged` (pre-commit hook mode) on a large repository.
#
# Usage (from anywhere; paths are relative to the repo root):
#   bench/staged.sh [--files N] [--runs N] [--bin PATH]
#
#   --files N   tracked files in the generated repository (default 50000);
#               it is built once into target/bench-staged-<N>/ by
#               bench/gen_staged.py (git fast-import, one commit, then
#               checked out) and reused while it is complete
#   --runs N    timed runs per command (default 10, after 2 warm-up runs)
#   --bin PATH  jwtscan binary (default target/release/jwtscan; not built)
#
# Each run first resets the repository to its commit and stages exactly five
# changes: three modified files (a .js file gets the line
# `const t = jwt.sign(p, "<random 40 chars>");`, a .py and a .go file get
# harmless code), one new .ts file (safe JWT use) and one renamed .java file.
# Then it times, inside the repository, with hyperfine if present (else a
# loop timed with GNU time):
#   (a) jwtscan --staged --format json --fail-on never
#   (b) jwtscan --format json --fail-on never .      (the whole work tree)
#   (c) git diff --cached --name-only                (the floor)
# and prints a Markdown report to stdout (progress goes to stderr).
#
# Exit status: 0 if (a) reports exactly one JWT201 finding, at the planted
# line; 1 if not; 2 on usage or setup errors, or if the binary does not
# support --staged (then (b) and (c) are still timed).
#
# Needs: git, python3; hyperfine (Debian package `hyperfine`) and GNU time
# at /usr/bin/time (Debian package `time`) are used when present.
set -euo pipefail

FILES=50000
RUNS=10
BIN=""
ORIG_ARGS=("$@")

usage() { sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; }
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) [[ $# -ge 2 ]] || die "--files needs a value"; FILES="$2"; shift 2 ;;
    --files=*) FILES="${1#*=}"; shift ;;
    --runs) [[ $# -ge 2 ]] || die "--runs needs a value"; RUNS="$2"; shift 2 ;;
    --runs=*) RUNS="${1#*=}"; shift ;;
    --bin) [[ $# -ge 2 ]] || die "--bin needs a value"; BIN="$2"; shift 2 ;;
    --bin=*) BIN="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ "$FILES" =~ ^[1-9][0-9]*$ ]] && (( FILES >= 20 )) || die "--files must be an integer >= 20, got '$FILES'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"
if [[ -n "$BIN" && "$BIN" != /* ]]; then BIN="$PWD/$BIN"; fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -n "$BIN" ]] || BIN="$ROOT/target/release/jwtscan"
[[ -x "$BIN" ]] || die "jwtscan binary not found at $BIN (run cargo build --release, or pass --bin PATH)"
command -v git >/dev/null || die "git not found"
command -v python3 >/dev/null || die "python3 not found"
# Keep the user's git configuration from changing what is measured.
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

# ---- repository ----------------------------------------------------------------
REPO="$ROOT/target/bench-staged-$FILES"
if [[ ! -f "$REPO/.git/bench-complete" ]]; then
  log "generating $REPO ($FILES files)"
  python3 "$ROOT/bench/gen_staged.py" "$REPO" --files "$FILES" --force >&2
else
  log "reusing $REPO"
fi
cd "$REPO"

# ---- stage the five changes ------------------------------------------------------
log "resetting to HEAD and staging 5 changes"
git reset -q --hard HEAD
git clean -fdq
# pick GLOB...: the middle tracked file matching the first GLOB that matches
# one not picked yet (small repositories may lack a language).
PICKED=()
pick() {
  local g f
  for g in "$@"; do
    f="$(git ls-files -- "$g" | grep -vxF -f <(printf '%s\n' "${PICKED[@]}" '') \
         | awk '{a[NR] = $0} END {if (NR) print a[int((NR + 1) / 2)]}')"
    if [[ -n "$f" ]]; then PICKED+=("$f"); echo "$f"; return; fi
  done
}
JS="$(pick '*.js' '*.ts')"; PICKED+=("$JS")
PY="$(pick '*.py' '*.go' '*.java' '*.ts' '*.js')"; PICKED+=("$PY")
GO="$(pick '*.go' '*.java' '*.py' '*.ts' '*.js' '*.md')"; PICKED+=("$GO")
JAVA="$(pick '*.java' '*.md' '*.json' '*')"
[[ -n "$JS" && -n "$PY" && -n "$GO" && -n "$JAVA" ]] || die "the repository has too few code files (use more --files)"
NEW="$(dirname "$JS")/stagedBenchSession.ts"
RENAMED="$(dirname "$JAVA")/Legacy$(basename "$JAVA")"
KEY="$(python3 -c '
import secrets, string
a = string.ascii_letters + string.digits
while True:
    k = "".join(secrets.choice(a) for _ in range(40))
    if any(c.isdigit() for c in k) and any(c.isupper() for c in k) and any(c.islower() for c in k):
        print(k)
        break
')"
printf 'const t = jwt.sign(p, "%s");\n' "$KEY" >> "$JS"
KEY_LINE="$(wc -l < "$JS" | tr -d ' ')"
# harmless additions, in the file's language
append_code() {
  case "$1" in
    *.py) printf '\n\ndef staged_bench_compact(items):\n    return [item for item in items if item]\n' ;;
    *.go) printf '\nconst stagedBenchLimit = 42\n' ;;
    *.java) printf '// staged bench: compact the list before saving\n' ;;
    *) printf '\n// staged bench: keep the limit in sync with the API\n' ;;
  esac >> "$1"
}
append_code "$PY"
append_code "$GO"
cat > "$NEW" <<'EOF'
import jwt, { JwtPayload } from "jsonwebtoken";

export function verifySession(token: string): JwtPayload {
  return jwt.verify(token, process.env.JWT_SECRET as string, { algorithms: ["HS256"] }) as JwtPayload;
}
EOF
git mv "$JAVA" "$RENAMED"
git add -- "$JS" "$PY" "$GO" "$NEW"
STATUS="$(git diff --cached --name-status)"
echo "$STATUS" | sed 's/^/[bench]   /' >&2
[[ "$(echo "$STATUS" | wc -l)" -eq 5 && "$(echo "$STATUS" | cut -c1 | sort | tr -d '\n')" == "AMMMR" ]] \
  || die "expected 3 modified, 1 added, 1 renamed staged file; got: $STATUS"

# ---- header ------------------------------------------------------------------------
NBYTES="$(cut -d' ' -f3 .git/bench-complete | cut -d= -f2)"
OUT="$ROOT/target/bench-out"
mkdir -p "$OUT"
BENCH_RESULTS="$OUT/staged-$FILES.tsv"
: > "$BENCH_RESULTS"
jwt_version="$("$BIN" --version 2>/dev/null | head -n 1 || true)"
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'none')"

echo "## jwtscan --staged benchmark"
echo
echo "- command: \`bench/staged.sh${ORIG_ARGS[*]:+ ${ORIG_ARGS[*]}}\`"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), jwtscan commit: $commit, ${jwt_version:-jwtscan (no --version)}, $(git --version)"
echo "- $(bench_machine_line)"
echo "- repository: target/bench-staged-$FILES: $FILES tracked files in one commit, $(awk -v b="$NBYTES" 'BEGIN {printf "%.1f", b/1048576}') MiB; 5 staged changes (3 modified, 1 added, 1 renamed), one hardcoded key at $JS:$KEY_LINE"
echo "- $(bench_tools_line); $RUNS runs per command; all commands run in the repository"
echo

# ---- timing ----------------------------------------------------------------------------
STAGED_JSON="$OUT/staged-$FILES.staged.json"
FULL_JSON="$OUT/staged-$FILES.full.json"
STAGED_OK=1
bench_probe --staged "$STAGED_JSON" "$OUT/staged-$FILES.err" || STAGED_OK=0

if (( STAGED_OK )); then
  log "timing (a) jwtscan --staged"
  bench_measure "jwtscan --staged" "$RUNS" 2 "$STAGED_JSON" -- "$BIN" --staged --format json --fail-on never || STAGED_OK=0
fi
log "timing (b) jwtscan full scan"
bench_measure "jwtscan . (full tree)" "$RUNS" 2 "$FULL_JSON" -- "$BIN" --format json --fail-on never . \
  || die "the full-tree scan failed"
log "timing (c) git diff --cached --name-only"
bench_measure "git diff --cached --name-only" "$RUNS" 2 /dev/null -- git diff --cached --name-only \
  || die "git diff --cached failed"

# ---- table and check -------------------------------------------------------------------
set +e
python3 - "$BENCH_RESULTS" "$STAGED_JSON" "$FULL_JSON" "$STAGED_OK" "$JS" "$KEY_LINE" <<'PY'
import json, sys

results, staged_json, full_json, staged_ok, key_path, key_line = sys.argv[1:7]
rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]
floor = next((float(r[3]) for r in rows if r[0].startswith("git diff")), None)

def ms(x):
    return "%.1f" % (float(x) * 1000)

print("| command | runs | mean ms | median ms | min ms | max ms | CPU ms (user+sys) | peak RSS MB | median / git floor |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, runs, mean, median, mn, mx, cpu, rss, method in rows:
    rss_mb = "%.1f" % (int(rss) / 1024) if rss != "-" else "-"
    ratio = "%.1fx" % (float(median) / floor) if floor else "-"
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        name, runs, ms(mean), ms(median), ms(mn), ms(mx), ms(cpu) if cpu != "-" else "-", rss_mb, ratio))
print()

def load(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as e:
        return None

def jwt201(doc):
    return [f for f in (doc or {}).get("findings", []) if f.get("rule_id") == "JWT201"]

full = load(full_json)
if full is not None:
    fs = jwt201(full)
    print("- full-tree scan: %d JWT201 finding(s)%s; %s" % (
        len(fs), "" if len(fs) == 1 else " (expected 1: the staged key is in the work tree too)",
        ", ".join("%s %s" % (k, v) for k, v in sorted(full.get("summary", {}).items()) if k in ("files_scanned", "bytes_scanned"))))

if staged_ok != "1":
    print()
    print("RESULT: NOT RUN, this jwtscan does not support --staged (or it failed)")
    sys.exit(2)
doc = load(staged_json)
if doc is None:
    print("RESULT: FAIL, cannot read the --staged JSON output %s" % staged_json)
    sys.exit(1)
fs = jwt201(doc)
others = [f.get("rule_id") for f in doc.get("findings", []) if f.get("rule_id") != "JWT201"]
print("- --staged: %d JWT201 finding(s)%s: %s" % (
    len(fs), " and %d other finding(s) (%s)" % (len(others), ", ".join(sorted(set(others)))) if others else "",
    "; ".join("%s:%s" % (f.get("path"), f.get("line")) for f in fs) or "none"))
print()
if len(fs) != 1:
    print("RESULT: FAIL, expected exactly one JWT201 finding from --staged, got %d" % len(fs))
    sys.exit(1)
f = fs[0]
path = str(f.get("path", "")).replace("\\", "/")
while path.startswith("./"):
    path = path[2:]
if path != key_path or str(f.get("line")) != key_line:
    print("RESULT: FAIL, the JWT201 finding is at %s:%s, the planted key at %s:%s" % (path, f.get("line"), key_path, key_line))
    sys.exit(1)
print("RESULT: OK, exactly one JWT201 finding, at the planted line %s:%s" % (key_path, key_line))
PY
rc=$?
exit $rc
