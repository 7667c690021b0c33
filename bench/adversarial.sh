#!/usr/bin/env bash
# Linear cost on hostile inputs: each shape of bench/gen_adversarial.py at
# doubling sizes, scanned by the release binary; prints seconds and peak
# RSS per size, the ratio to the previous size (super-linear growth shows
# as ratios above about 2.2) and per shape the growth exponent from the
# smallest to the largest measurable size (1 linear, 2 quadratic). Exit 1
# if a shape's exponent is over 1.2 or any size is over 1 s per MB.
#
#   bench/adversarial.sh [--bin PATH] [--sizes "256K 512K 1M 2M 4M"] [--shapes "a b"] [--smoke]
#
# --smoke (CI, with the debug binary): every shape is generated and scanned
# and jwtscan must exit 0, 1 or 2 (never crash); the time bounds, which
# hold for the release binary, are not checked.
#
# Each size is scanned twice with --format json --max-findings-per-file 0
# (every finding built and printed); the faster run counts.
#
# Results (tab-separated) go to bench/results/adversarial.tsv as well.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=target/release/jwtscan
SIZES="256K 512K 1M 2M 4M"
SHAPES=""
SMOKE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1; shift;;
    --bin) BIN="$2"; shift 2;;
    --sizes) SIZES="$2"; shift 2;;
    --shapes) SHAPES="$2"; shift 2;;
    -h|--help) sed -n '2,12p' "$0"; exit 0;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed for peak RSS" >&2; exit 2; }
[ -n "$SHAPES" ] || SHAPES="$(python3 bench/gen_adversarial.py --list | tr '\n' ' ')"
bytes() { numfmt --from=iec "$1"; }
mkdir -p bench/results
OUT=bench/results/adversarial.tsv
printf 'shape\tbytes\tseconds\trss_kb\ttime_ratio\ts_per_mb\n' > "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
bad=0
printf '%-22s %9s %8s %9s %6s %7s\n' shape bytes seconds rss_mb ratio s/MB
for shape in $SHAPES; do
  prev=""
  for size in $SIZES; do
    n="$(bytes "$size")"
    dir="$WORK/$shape-$size"
    mkdir -p "$dir"
    git -C "$dir" init -q
    python3 bench/gen_adversarial.py "$shape" "$n" "$dir" >/dev/null
    real="$(du -b "$dir" --exclude=.git -s | cut -f1)"
    # Exit 1 (findings) and 2 (a config the shape broke) are outcomes, not
    # failures. No per-file cap: the worst case. Best of two runs (the
    # machine is shared; a single run's noise looks like a bad ratio).
    secs="" rss=0
    for _ in 1 2; do
      code=0
      /usr/bin/time -f '%e %M' -o "$WORK/t" "$BIN" "$dir" --format json --max-findings-per-file 0 \
        >/dev/null 2>"$WORK/err" || code=$?
      if [ "$code" -gt 2 ]; then
        echo "  ^ $shape at $size: jwtscan exited $code" >&2; tail -3 "$WORK/err" >&2; bad=1
      fi
      read -r s r < <(tail -n 1 "$WORK/t")
      secs="$(python3 -c "print(min(float('$s'), float('${secs:-$s}')))")"
      [ "$r" -gt "$rss" ] && rss="$r"
    done
    ratio="-"
    if [ -n "$prev" ]; then
      ratio="$(python3 -c "p=$prev;s=$secs;print(f'{s/p:.2f}' if p>=0.05 else '-')")"
    fi
    spm="$(python3 -c "print(f'{$secs/($real/1048576):.3f}')")"
    printf '%-22s %9s %8s %9s %6s %7s\n' "$shape" "$real" "$secs" "$((rss/1024))" "$ratio" "$spm"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$real" "$secs" "$rss" "$ratio" "$spm" >> "$OUT"
    if (( SMOKE )) || python3 -c "import sys; s=$secs; m=$real/1048576; sys.exit(0 if s<0.2 or s/m<=1.0 else 1)"; then :; else
      echo "  ^ $shape is over 1 s/MB at $size" >&2; bad=1
    fi
    prev="$secs"
    rm -rf "$dir"
  done
  # The growth exponent over the sizes that take measurable time: 1 is
  # linear, 2 quadratic. One noisy ratio of 2.3 on a shared machine is not
  # super-linear; an exponent over 1.2 is.
  python3 - "$OUT" "$shape" <<'PY' || (( SMOKE )) || bad=1
import math, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
pts = [(int(r[1]), float(r[2])) for r in rows if r[0] == sys.argv[2] and float(r[2]) >= 0.05]
if len(pts) >= 2:
    (b0, t0), (b1, t1) = pts[0], pts[-1]
    k = math.log(t1 / t0) / math.log(b1 / b0)
    print(f"{sys.argv[2]:<22} growth exponent {k:.2f} ({b0}->{b1} bytes)")
    sys.exit(1 if k > 1.2 else 0)
print(f"{sys.argv[2]:<22} under 50 ms at every size")
PY
done
echo "results: $OUT" >&2
exit $bad
