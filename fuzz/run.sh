#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600) on one core, seeded
# from the repository's own rule files, test corpus and examples, and prints
# each target's last libFuzzer status line (runs, exec/s, coverage).
#
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
# Needs: a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Crashes are written to fuzz/artifacts/<target>/; each one found becomes a
# regression test in tests/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_EACH="${1:-600}"
shift || true
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(scan token rule_file config ignores pack_delta pack_index dotenv gitignore)

# A real pack with deltas and its index, from a throwaway repository: two
# versions of a file so that git stores one as a delta of the other.
real_pack() {
  local tmp
  tmp="$(mktemp -d)"
  git -C "$tmp" init -q
  for v in 1 2 3; do
    seq 1 400 | sed "s/^/const line = $v; \/\/ /" > "$tmp/app.js"
    printf 'JWT_SECRET=dev-%s\n' "$v" > "$tmp/.env.example"
    git -C "$tmp" add -A && git -C "$tmp" -c user.name=f -c user.email=f@f commit -qm "v$v"
  done
  git -C "$tmp" repack -adq -f --depth=10 --window=10
  echo "$tmp"
}

seed() {
  local target="$1" dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  [[ -n "$(ls -A "$dir")" ]] && return 0
  case "$target" in
    scan)
      # One seed per corpus file: byte 1 picks the name (odd: the first line).
      local n=0
      while IFS= read -r -d '' f; do
        n=$((n + 1))
        { printf '\001%s\n' "$(basename "$f")"; head -c 65536 "$f"; } > "$dir/seed-$n"
      done < <(find tests/corpus -type f -print0)
      ;;
    rule_file) cp rules/*.yaml "$dir/" ;;
    config)
      printf 'rules:\n  disable: [JWT701]\n  severity: {JWT201: low}\npaths:\n  exclude: ["vendor/**"]\nallow:\n  secrets: ["^dev-"]\nfail-on: high\n' > "$dir/seed-1"
      printf 'rotation-days: 30\nmax-file-size: 1000\nrules:\n  enable-only: [JWT201]\n' > "$dir/seed-2"
      ;;
    token)
      printf 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\n' > "$dir/seed-1"
      printf 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.\n' > "$dir/seed-2"
      ;;
    pack_index)
      local repo idx pack
      repo="$(real_pack)"
      idx="$(ls "$repo"/.git/objects/pack/*.idx)"
      pack="${idx%.idx}.pack"
      python3 -c 'import struct,sys; i=open(sys.argv[1],"rb").read(); p=open(sys.argv[2],"rb").read(); sys.stdout.buffer.write(struct.pack("<I",len(i))+i+p)' "$idx" "$pack" > "$dir/seed-1"
      rm -rf "$repo"
      ;;
    pack_delta)
      # base "hello world", delta: sizes 11 -> 16, copy 0..11, insert 5 bytes.
      printf '\013\000hello world\013\020\221\000\013\005 jwt!' > "$dir/seed-1"
      ;;
    dotenv)
      printf 'PORT=3000\nexport JWT_SECRET="a\\"b" # c\nJWT_KEY=abc#def\nAUTH_SECRET=\x27raw # x\x27\n' > "$dir/seed-1"
      local n=0 f
      while IFS= read -r -d '' f; do n=$((n + 1)); cp "$f" "$dir/env-$n"; done < <(find tests/corpus -name '.env*' -print0)
      ;;
    gitignore)
      printf '.env\n!.env.example\n/build/\n**/node_modules\n\\#x\n[a-\n*.env.*.local\n' > "$dir/seed-1"
      local n=0 f
      while IFS= read -r -d '' f; do n=$((n + 1)); cp "$f" "$dir/gitignore-$n"; done < <(find tests/corpus -name .gitignore -print0)
      ;;
    ignores)
      printf '// jwtscan:ignore[JWT201, JWT101]\nk = 1 # jwtscan:ignore\nx # gitleaks:allow\n/* jwtscan:ignore[JWT2 */\n' > "$dir/seed-1"
      ;;
  esac
}

for t in "${TARGETS[@]}"; do
  seed "$t"
  log="fuzz/$t.log"
  echo "== $t: ${SECONDS_EACH}s" >&2
  cargo +nightly fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1 || {
      echo "!! $t failed: see $log and fuzz/artifacts/$t/" >&2
      tail -30 "$log" >&2
      exit 1
    }
  echo "$t: $(grep -E '^#[0-9]+' "$log" | tail -1)"
done
