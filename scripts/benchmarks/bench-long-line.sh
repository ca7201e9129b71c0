#!/usr/bin/env bash
# Linearity of text handling, on the real command (issue 23): `passerelle rank --cv` of a CV made of one
# line of SIZE bytes against the same text cut into lines of about 200 characters. Before the fix a
# one-line CV of 16 KB ranked in 3.5 s, 128 KB in over 100 s (every quote and sense check scanned its
# whole line); now the one-line CV must rank within 3× of the same text in short lines.
#
#   scripts/benchmarks/bench-long-line.sh [SIZE_BYTES ...]     (default: 1048576; several sizes print one line each)
#
# Env: PASSERELLE_BIN (default: the release build, built if missing), RUNS (timed runs per file, median;
# default 3), MAX_RATIO (default 3). The CV text is the shipped CVs (Data/candidates) repeated, with every
# sentence boundary (line break, . ; | ! ? …) made a space in the one-line file: the worst case, one
# sentence of SIZE bytes. The model is the default one (built from Data/postings on first use).
# Prints: size, one-line median s, short-lines median s, ratio, and the machine's load (uptime); exits 1
# when a ratio exceeds MAX_RATIO.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${RUNS:-3}"
max_ratio="${MAX_RATIO:-3}"
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(1048576)
bin="${PASSERELLE_BIN:-}"
if [ -z "$bin" ]; then
  swift build -c release --product passerelle >&2
  bin="$(swift build -c release --show-bin-path)/passerelle"
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
model="$scratch/m.plm"
"$bin" index Data/postings --out "$model" >&2
echo "load: $(uptime)"
status=0
for size in "${sizes[@]}"; do
  python3 - "$size" "$scratch" <<'PY'
import glob, re, sys
size, out = int(sys.argv[1]), sys.argv[2]
text = " ".join(open(p, encoding="utf-8").read() for p in sorted(glob.glob("Data/candidates/*.txt")))
flat = re.sub(r"[\s.;|!?…•]+", " ", text).strip()
one = (flat + " ") * (size // len(flat.encode()) + 1)
one = one.encode()[:size].decode("utf-8", "ignore")
words, lines, line = one.split(" "), [], ""
for w in words:
    if len(line) + len(w) + 1 > 200:
        lines.append(line); line = w
    else:
        line = (line + " " + w) if line else w
lines.append(line)
open(f"{out}/one-line.txt", "w", encoding="utf-8").write(one + "\n")
open(f"{out}/short-lines.txt", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
  median() {   # file → median wall seconds of $runs ranks
    local times=()
    for _ in $(seq "$runs"); do
      local t0 t1
      t0=$(date +%s.%N)
      "$bin" rank --cv "$1" --model "$model" --max-record-size 20000000 --format json > /dev/null
      t1=$(date +%s.%N)
      times+=("$(echo "$t1 - $t0" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
  }
  one=$(median "$scratch/one-line.txt")
  short=$(median "$scratch/short-lines.txt")
  ratio=$(echo "$one / $short" | bc -l)
  printf 'size %d bytes: one line %.2f s, 200-char lines %.2f s, ratio %.2f (median of %d)\n' "$size" "$one" "$short" "$ratio" "$runs"
  if [ "$(echo "$ratio > $max_ratio" | bc -l)" = 1 ]; then
    echo "FAIL: the one-line CV is more than ${max_ratio}× slower" >&2
    status=1
  fi
done
exit "$status"
