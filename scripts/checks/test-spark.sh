#!/usr/bin/env bash
# The Spark tests (issue 18), run by scripts/test.sh after the Swift tests: scripts/product/spark-batch.py on a
# deterministic pool (4,000 candidates by default, SPARK_TEST_POOL=N for another size: what is asserted —
# same rows, a killed task retried, duplicates and bad lines refused — does not depend on it; 20,000 took
# 80 s of the debug binary's `batch` alone, three times) in local[2] must give exactly the rows of one `passerelle batch` run;
# a task whose passerelle process is killed once must be retried with no row lost or duplicated; a candidate
# id in two partitions must be refused. Installs a JRE (apt) when `java` is missing and PySpark into
# scripts/.venv-spark; skips (exit 0) only when no Java runtime can be installed.
# Binary: $PASSERELLE if set, else a build of the debug product (a no-op after scripts/test.sh).
set -uo pipefail
# Spark in local mode binds to loopback only.
export SPARK_LOCAL_IP=127.0.0.1
cd "$(dirname "$0")/../.."
PYSPARK_VERSION="${PYSPARK_VERSION:-3.5.*}"
POOL_SIZE="${SPARK_TEST_POOL:-4000}"
passed=0 failed=0
say() { echo "spark: $*"; }
pass() { passed=$((passed + 1)); say "PASS $1"; }
fail() { failed=$((failed + 1)); say "FAIL $1"; }
finish() { say "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }
since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Java (Spark 3.5 runs on Java 8/11/17).
if ! command -v java >/dev/null 2>&1; then
  say "no java on PATH; installing openjdk-17-jre-headless"
  { $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless \
      || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless; }; } >&2
fi
if ! command -v java >/dev/null 2>&1 || ! java -version >/dev/null 2>&1; then
  say "skipped: no Java runtime could be installed (apt-get install openjdk-17-jre-headless failed); Spark needs one"
  exit 0
fi
say "$(java -version 2>&1 | sed -n 1p)"

# PySpark in a venv (ignored by git).
VENV=scripts/.venv-spark
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" 2>/dev/null || {
    $SUDO apt-get install -y -qq python3-venv >&2 && python3 -m venv "$VENV"; } || { fail "python3 -m venv $VENV"; finish; }
fi
if ! "$VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
  "$VENV/bin/pip" install -q --disable-pip-version-check "pyspark==$PYSPARK_VERSION" >&2 || { fail "pip install pyspark==$PYSPARK_VERSION"; finish; }
fi
PY="$VENV/bin/python"
say "pyspark $("$PY" -c 'import pyspark; print(pyspark.__version__)')"

# The binary.
if [ -z "${PASSERELLE:-}" ]; then
  swift build --product passerelle >&2 || { fail "swift build --product passerelle"; finish; }
  PASSERELLE="$(swift build --show-bin-path)/passerelle"
fi
say "binary $PASSERELLE"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/passerelle-spark.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
"$PASSERELLE" index Data/postings --out "$WORK/model.plm" >/dev/null 2>&1 || { fail "passerelle index Data/postings"; finish; }
"$PY" scripts/product/spark_pool.py "$POOL_SIZE" "$WORK/pool.jsonl" || { fail "spark_pool.py"; finish; }
records=$(wc -l < "$WORK/pool.jsonl")

t0=$(date +%s%N)
"$PASSERELLE" batch --model "$WORK/model.plm" --candidates "$WORK/pool.jsonl" --top 10 --format jsonl --quiet \
  > "$WORK/batch.jsonl" 2>"$WORK/batch.err" || { cat "$WORK/batch.err" >&2; fail "passerelle batch"; finish; }
say "passerelle batch: $records candidates in $(since "$t0") s"
grep '^{"direction": "candidate"' "$WORK/batch.jsonl" | LC_ALL=C sort > "$WORK/batch.cand"
grep '^{"direction": "posting"' "$WORK/batch.jsonl" > "$WORK/batch.post"
postings=$(wc -l < "$WORK/batch.post")

# Same rows as batch: candidate rows as a set (sorted bytes), posting rows in model order (bytes).
same_rows() {  # label output
  local label=$1 out=$2 ok=1
  grep '^{"direction": "candidate"' "$out" | LC_ALL=C sort > "$out.cand"
  grep '^{"direction": "posting"' "$out" > "$out.post"
  local lines cands posts
  lines=$(wc -l < "$out"); cands=$(wc -l < "$out.cand"); posts=$(wc -l < "$out.post")
  if [ "$lines" -ne $((cands + posts)) ]; then say "$label: $((lines - cands - posts)) lines are neither candidate nor posting rows"; ok=0; fi
  local distinct; distinct=$(LC_ALL=C sort -u "$out.cand" | wc -l)
  if [ "$distinct" -ne "$cands" ]; then say "$label: $((cands - distinct)) duplicate candidate rows"; ok=0; fi
  if [ "$cands" -ne "$(wc -l < "$WORK/batch.cand")" ]; then say "$label: $cands candidate rows, batch has $(wc -l < "$WORK/batch.cand")"; ok=0; fi
  if ! cmp -s "$WORK/batch.cand" "$out.cand"; then say "$label: candidate rows differ from batch's: $(diff "$WORK/batch.cand" "$out.cand" | grep -c '^[<>]') lines"; ok=0; fi
  if ! cmp -s "$WORK/batch.post" "$out.post"; then say "$label: posting rows differ from batch's: $(diff "$WORK/batch.post" "$out.post" | grep -c '^[<>]') lines"; ok=0; fi
  # Candidate rows come before posting rows.
  if [ "$(grep -n '^{"direction": "posting"' "$out" | sed -n 1p | cut -d: -f1)" != "$((cands + 1))" ]; then say "$label: posting rows are not after the candidate rows"; ok=0; fi
  [ $ok -eq 1 ] && say "$label: $cands candidate rows and $posts posting rows byte-identical to passerelle batch"
  [ $ok -eq 1 ]
}

# 1. local[2]: the rows of one batch run.
t0=$(date +%s%N)
if "$PY" scripts/product/spark-batch.py --model "$WORK/model.plm" --candidates "$WORK/pool.jsonl" --top 10 \
     --out "$WORK/spark.jsonl" --master 'local[2]' --passerelle "$PASSERELLE" >"$WORK/spark.log" 2>&1; then
  say "spark-batch local[2]: $(since "$t0") s"
  if same_rows "local[2]" "$WORK/spark.jsonl" && [ "$(wc -l < "$WORK/spark.jsonl.cand")" -eq "$records" ] && [ "$postings" -eq 53 ]; then
    pass "local[2] gives the rows of passerelle batch ($records candidates, $postings postings)"
  else
    fail "local[2] gives the rows of passerelle batch"
  fi
else
  tail -20 "$WORK/spark.log" >&2; fail "spark-batch local[2] run"
fi

# 2. One task's passerelle killed (SIGKILL) after it handed rows to Spark: local[2,2] allows 2 attempts.
marker="$WORK/killed-once"
if "$PY" scripts/product/spark-batch.py --model "$WORK/model.plm" --candidates "$WORK/pool.jsonl" --top 10 --partitions 4 \
     --out "$WORK/retry.jsonl" --master 'local[2,2]' --passerelle "$PASSERELLE" --kill-once-marker "$marker" >"$WORK/retry.log" 2>&1; then
  killed=$(grep -c 'test fault: killing passerelle' "$WORK/retry.log")
  lost=$(grep -E 'Lost task 0\.0 in stage [0-9.]+ \(TID [0-9]+\)' "$WORK/retry.log" | sed -n 1p)
  why=$(grep -c 'passerelle batch on partition 0 .* failed (killed by signal 9)' "$WORK/retry.log")
  if [ -f "$marker" ] && [ "$killed" -eq 1 ] && [ -n "$lost" ] && [ "$why" -ge 1 ] && same_rows "retry" "$WORK/retry.jsonl"; then
    say "retry: Spark logged \"$(echo "$lost" | sed -E 's/.*WARN TaskSetManager: //; s/: org.apache.*//')\", then \"$(grep -m1 -o 'passerelle batch on partition 0 .* failed (killed by signal 9)' "$WORK/retry.log")\"; the job went on and succeeded"
    pass "a killed task is retried with no row lost or duplicated"
  else
    tail -20 "$WORK/retry.log" >&2
    fail "a killed task is retried (marker $( [ -f "$marker" ] && echo made || echo missing), $killed kills, lost-task line: ${lost:-none})"
  fi
else
  tail -20 "$WORK/retry.log" >&2; fail "spark-batch run with a killed task"
fi

# 3. A candidate id in two partitions is refused, as batch refuses it in one pool.
head -n 200 "$WORK/pool.jsonl" > "$WORK/dup.jsonl"; head -n 1 "$WORK/pool.jsonl" >> "$WORK/dup.jsonl"
dup_id=$(head -n 1 "$WORK/pool.jsonl" | "$PY" -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
if "$PY" scripts/product/spark-batch.py --model "$WORK/model.plm" --candidates "$WORK/dup.jsonl" --top 3 --partitions 2 \
     --out "$WORK/dup.out" --master 'local[2]' --passerelle "$PASSERELLE" >"$WORK/dup.log" 2>&1; then
  fail "a duplicate id across partitions is refused (the run succeeded)"
elif grep -q "duplicate candidate id(s) in the pool: '$dup_id' (2 records)" "$WORK/dup.log" && [ ! -e "$WORK/dup.out" ]; then
  pass "a duplicate id across partitions is refused: $(grep 'duplicate candidate' "$WORK/dup.log" | sed -n 1p)"
else
  tail -5 "$WORK/dup.log" >&2; fail "a duplicate id across partitions is refused with a clear message"
fi

# 4. An invalid line stops the job with the reason and the record, not a Java stack trace.
{ head -n 100 "$WORK/pool.jsonl"; echo '{"id": "broken-record", "text": '; sed -n 101,200p "$WORK/pool.jsonl"; } > "$WORK/bad.jsonl"
if "$PY" scripts/product/spark-batch.py --model "$WORK/model.plm" --candidates "$WORK/bad.jsonl" --top 3 --partitions 2 \
     --out "$WORK/bad.out" --master 'local[2]' --passerelle "$PASSERELLE" >"$WORK/bad.log" 2>&1; then
  fail "an invalid line is an error (the run succeeded)"
elif tail -n 1 "$WORK/bad.log" | grep "^spark-batch: passerelle batch on partition .* its record [0-9]*: '{\"id\": \"broken-record\", \"text\":': invalid JSON line" >/dev/null \
     && [ ! -e "$WORK/bad.out" ]; then
  pass "an invalid line is reported with its record: $(tail -n 1 "$WORK/bad.log")"
else
  tail -n 3 "$WORK/bad.log" >&2; fail "an invalid line is reported with its record"
fi

finish
