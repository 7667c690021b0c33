# Shared helpers for bench/staged.sh and bench/history.sh (sourced, not run).
#
# bench_measure NAME RUNS WARMUP OUTFILE -- CMD...
#   Runs CMD in the current directory: first once under GNU time with its
#   stdout in OUTFILE (for the caller's checks, and for peak RSS), then RUNS
#   timed runs with hyperfine (after WARMUP warm-up runs; output discarded),
#   or, without hyperfine, a loop of RUNS runs timed with $EPOCHREALTIME and
#   GNU time. CMD must exit 0. Appends one tab-separated row to
#   $BENCH_RESULTS:
#     name runs mean median min max cpu rss_kb method   (times in seconds;
#     cpu = mean user+sys; rss_kb = peak RSS of the untimed run, or -)
#   Returns 1 (after printing CMD's stderr) if CMD fails.
#
# Set BENCH_NO_HYPERFINE=1 to force the fallback loop.

die() { echo "error: $*" >&2; exit 2; }
log() { echo "[bench] $*" >&2; }

GNU_TIME=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
  GNU_TIME=/usr/bin/time
fi
HYPERFINE=""
if [[ -z "${BENCH_NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null 2>&1; then
  HYPERFINE="$(command -v hyperfine)"
  # -N (no intermediate shell) exists since hyperfine 1.13; measures
  # millisecond commands better than shell mode.
  if "$HYPERFINE" -N --runs 1 --style none true >/dev/null 2>&1; then
    HYPERFINE_ARGS=(-N)
  else
    HYPERFINE_ARGS=()
  fi
fi

bench_tools_line() {
  if [[ -n "$HYPERFINE" ]]; then
    echo "timing: $("$HYPERFINE" --version), warm page cache${GNU_TIME:+; peak RSS from GNU time (one extra run)}"
  else
    echo "timing: loop with \$EPOCHREALTIME${GNU_TIME:+ and GNU time} (hyperfine not found or BENCH_NO_HYPERFINE set), warm page cache"
  fi
}

bench_measure() {
  local name="$1" runs="$2" warmup="$3" outfile="$4"
  shift 5
  local tmp rc=0 rss="-"
  tmp="$(mktemp -d)"
  # 1. untimed run: output for the caller, peak RSS, warms the cache
  if [[ -n "$GNU_TIME" ]]; then
    "$GNU_TIME" -f '%M' -o "$tmp/time" "$@" > "$outfile" 2> "$tmp/err" || rc=$?
    [[ $rc -eq 0 ]] && rss="$(tail -n 1 "$tmp/time")"
  else
    "$@" > "$outfile" 2> "$tmp/err" || rc=$?
  fi
  if [[ $rc -ne 0 ]]; then
    echo "error: $name exited with status $rc: $*" >&2
    tail -n 20 "$tmp/err" >&2 || true
    rm -rf "$tmp"
    return 1
  fi
  # 2. timed runs
  if [[ -n "$HYPERFINE" ]]; then
    local cmdstr
    printf -v cmdstr '%q ' "$@"
    if ! "$HYPERFINE" "${HYPERFINE_ARGS[@]}" --style basic --warmup "$warmup" --runs "$runs" \
        --export-json "$tmp/h.json" --command-name "$name" -- "$cmdstr" >&2; then
      echo "error: hyperfine failed for $name" >&2
      rm -rf "$tmp"
      return 1
    fi
    python3 - "$tmp/h.json" "$name" "$rss" >> "$BENCH_RESULTS" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("\t".join([sys.argv[2], str(len(r["times"])), repr(r["mean"]), repr(r["median"]), repr(r["min"]),
                 repr(r["max"]), repr(r["user"] + r["system"]), sys.argv[3], "hyperfine"]))
PY
  else
    local i s e
    for ((i = 0; i < warmup; i++)); do "$@" > /dev/null 2>&1 || true; done
    : > "$tmp/runs"
    for ((i = 0; i < runs; i++)); do
      if [[ -n "$GNU_TIME" ]]; then
        s=$EPOCHREALTIME
        "$GNU_TIME" -f '%U %S' -o "$tmp/time" "$@" > /dev/null 2>&1 || { echo "error: $name failed" >&2; rm -rf "$tmp"; return 1; }
        e=$EPOCHREALTIME
        echo "$s $e $(tail -n 1 "$tmp/time")" >> "$tmp/runs"
      else
        s=$EPOCHREALTIME
        "$@" > /dev/null 2>&1 || { echo "error: $name failed" >&2; rm -rf "$tmp"; return 1; }
        e=$EPOCHREALTIME
        echo "$s $e" >> "$tmp/runs"
      fi
    done
    python3 - "$tmp/runs" "$name" "$rss" >> "$BENCH_RESULTS" <<'PY'
import statistics, sys
walls, cpus = [], []
for line in open(sys.argv[1]):
    p = line.split()
    walls.append(float(p[1]) - float(p[0]))
    if len(p) >= 4:
        cpus.append(float(p[2]) + float(p[3]))
cpu = repr(statistics.mean(cpus)) if cpus else "-"
print("\t".join([sys.argv[2], str(len(walls)), repr(statistics.mean(walls)), repr(statistics.median(walls)),
                 repr(min(walls)), repr(max(walls)), cpu, sys.argv[3], "loop"]))
PY
  fi
  rm -rf "$tmp"
}

bench_machine_line() {
  local cpu_model mem_gib
  cpu_model="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"
  [[ -n "$cpu_model" ]] || cpu_model="$(uname -m)"
  mem_gib="$(awk '/^MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo 2>/dev/null || echo '?')"
  echo "machine: $(nproc) CPUs, $cpu_model, ${mem_gib} GiB RAM, $(uname -sr)"
}

# Paths in the report relative to the repo root ($ROOT must be set).
short() { sed "s|$ROOT/||g"; }

# bench_probe FLAG JSON ERR: run `$BIN FLAG --format json` once. Returns 0
# when it worked; otherwise says in the report (stdout) whether the binary
# lacks FLAG or failed, and returns 1.
bench_probe() {
  local flag="$1" json="$2" err="$3"
  if "$BIN" "$flag" --format json --fail-on never > "$json" 2> "$err"; then
    return 0
  fi
  if grep -qiE "unexpected argument|unrecognized|unknown (option|argument|flag)|wasn't expected" "$err"; then
    log "this jwtscan does not support $flag ($BIN)"
    echo "**jwtscan $flag: not supported by this binary** ($(head -n 1 "$err" | short))"
  else
    log "jwtscan $flag failed:"; sed 's/^/  /' "$err" >&2
    echo "**jwtscan $flag: failed** ($(head -n 1 "$err" | short))"
  fi
  echo
  return 1
}
