#!/usr/bin/env bash
# Throughput of scripts/product/spark-batch.py in local[N] against one `passerelle batch` process on the same pool
# (issue 18): candidates/s, medians of RUNS runs each, with the machine's load (uptime) before and after.
#   scripts/benchmarks/bench-spark.sh [POOL_SIZE=20000] [RUNS=3] [MASTER=local[2]]
# Release binary ($PASSERELLE, else .build/release/passerelle, built if missing); PySpark from
# scripts/.venv-spark (made by scripts/checks/test-spark.sh). The Spark figure is the whole job, JVM start included;
# the job's own split (Spark start, scoring, merge and output) is printed too.
set -euo pipefail
# Spark in local mode binds to loopback only.
export SPARK_LOCAL_IP=127.0.0.1
cd "$(dirname "$0")/../.."
N="${1:-20000}" RUNS="${2:-3}" MASTER="${3:-local[2]}"
PY=scripts/.venv-spark/bin/python
[ -x "$PY" ] || { echo "bench-spark: no $PY; run scripts/checks/test-spark.sh once (it installs PySpark)" >&2; exit 1; }
if [ -z "${PASSERELLE:-}" ]; then
  [ -x .build/release/passerelle ] || swift build -c release --product passerelle >&2
  PASSERELLE=.build/release/passerelle
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/passerelle-bench-spark.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
"$PASSERELLE" index Data/postings --out "$WORK/model.plm" >/dev/null 2>&1
"$PY" scripts/product/spark_pool.py "$N" "$WORK/pool.jsonl"
records=$(wc -l < "$WORK/pool.jsonl")
seconds() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "load before: $(uptime)"
batch_times="" spark_times=""
for r in $(seq "$RUNS"); do
  t0=$(date +%s%N)
  "$PASSERELLE" batch --model "$WORK/model.plm" --candidates "$WORK/pool.jsonl" --top 10 --format jsonl --quiet > "$WORK/batch.jsonl" 2>/dev/null
  t=$(seconds "$t0"); batch_times="$batch_times $t"
  echo "run $r: passerelle batch $t s"
  t0=$(date +%s%N)
  "$PY" scripts/product/spark-batch.py --model "$WORK/model.plm" --candidates "$WORK/pool.jsonl" --top 10 --out "$WORK/spark.jsonl" \
    --master "$MASTER" --passerelle "$PASSERELLE" 2> "$WORK/spark.log"
  t=$(seconds "$t0"); spark_times="$spark_times $t"
  echo "run $r: spark-batch $MASTER $t s — $(grep -o 'partitions, .* s (Spark start.*)' "$WORK/spark.log")"
  cmp -s <(grep '"posting"' "$WORK/batch.jsonl") <(grep '"posting"' "$WORK/spark.jsonl") || { echo "bench-spark: posting rows differ" >&2; exit 1; }
done
echo "load after: $(uptime)"
b=$(echo $batch_times | median) s=$(echo $spark_times | median)
awk -v n="$records" -v b="$b" -v s="$s" -v m="$MASTER" -v runs="$RUNS" 'BEGIN {
  printf "%d candidates, 53 postings, top 10, median of %d runs: passerelle batch %.2f s = %.0f candidates/s; spark-batch %s %.2f s = %.0f candidates/s (%.2fx the time of batch)\n",
         n, runs, b, n / b, m, s, n / s, s / b }'
