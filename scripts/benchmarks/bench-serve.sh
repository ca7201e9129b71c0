#!/usr/bin/env bash
# Load benchmark of `passerelle serve` with wrk (Debian's package), on this machine's loopback only.
# Not a test: it prints and records p50/p99 latency and requests/s of POST /rank (one CV, JSON text, the
# CLI's JSON out, top 10) at 1, 8 and 64 connections against a model of N synthetic postings
# (scripts/benchmarks/bench_corpus.py), then a 60 s run at 8 connections while postings are added (ADDS_PER_SECOND,
# default 1), and counts errors; with COMPACT_DURING=1 another process (`passerelle compact`) compacts the
# model half-way through that run; the server's resident set is sampled every second of that run. Results, with the machine's load, go to a section of
# scripts/benchmarks/bench-serve-results.md.
#
#   scripts/benchmarks/bench-serve.sh                      # 20,000 postings, 30 s per run
#   POSTINGS=100000 DURATION=30 scripts/benchmarks/bench-serve.sh
#   options (environment): POSTINGS, DURATION (s per run), SOAK (s of the run with adds, default 60),
#   CONNECTIONS ("1 8 64"), ADDS_PER_SECOND (1), COMPACT_DURING (0), QUIET_ADDS (20 adds timed alone first), INDEX_ARGS (arguments of `passerelle index`), B (a passerelle binary;
#   default: a release build), RESULTS (the results file).
# Corpora and models go to bench-out/ (ignored by git) and are reused when present.
set -euo pipefail
cd "$(dirname "$0")/../.."
POSTINGS=${POSTINGS:-20000}
DURATION=${DURATION:-30}
SOAK=${SOAK:-60}
ADDS_PER_SECOND=${ADDS_PER_SECOND:-1}
COMPACT_DURING=${COMPACT_DURING:-0}
CONNECTIONS=${CONNECTIONS:-"1 8 64"}
INDEX_ARGS=${INDEX_ARGS:-"--dims 200 --min-df 2"}
RESULTS=${RESULTS:-scripts/benchmarks/bench-serve-results.md}
OUT=bench-out
mkdir -p "$OUT"

command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null; } || true
command -v wrk >/dev/null || { echo "bench-serve: wrk not found (apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "bench-serve: curl not found" >&2; exit 2; }
if [ -z "${B:-}" ]; then
  echo "bench-serve: building passerelle (release)" >&2
  swift build -c release --product passerelle >/dev/null
  B=.build/release/passerelle
fi

CORPUS="$OUT/postings-$POSTINGS.jsonl"
[ -s "$CORPUS" ] || python3 scripts/benchmarks/bench_corpus.py --postings "$POSTINGS" --candidates 10 --out "$OUT" >&2
[ -s "$OUT/cvs-10.jsonl" ] || python3 scripts/benchmarks/bench_corpus.py --postings "$POSTINGS" --candidates 10 --out "$OUT" >&2
MODEL="$OUT/serve-$POSTINGS.plm"
if [ ! -s "$MODEL" ]; then
  echo "bench-serve: indexing $POSTINGS postings ($INDEX_ARGS)" >&2
  # shellcheck disable=SC2086
  "$B" index "$CORPUS" --out "$MODEL" $INDEX_ARGS >&2
fi
WORKMODEL="$OUT/serve-$POSTINGS-work.plm"
if pgrep -f -- "serve --model $WORKMODEL" >/dev/null; then
  echo "bench-serve: a server of an earlier run still serves $WORKMODEL; stop it first" >&2; exit 2
fi
cp "$MODEL" "$WORKMODEL"
rm -f "$WORKMODEL.log"

# The request: the first CV of the synthetic pool, as POST /rank's JSON.
BODY="$OUT/serve-rank-body.json"
head -1 "$OUT/cvs-10.jsonl" | python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); print(json.dumps({"text": d["text"], "top": 10}))' > "$BODY"
LUA="$OUT/serve-rank.lua"
cat > "$LUA" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BENCH_BODY"), "r"))
wrk.body = f:read("*a")
f:close()
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
LUA
sed -e 's/^wrk.method = "POST"/wrk.method = "GET"/' -e '/Content-Type/d' -e '/io.open/,/f:close/d' "$LUA" > "$OUT/serve-get.lua"

SERVER_LOG="$OUT/serve-server.log"
"$B" serve --model "$WORKMODEL" --port 0 --timeout 60 2> "$SERVER_LOG" &
SERVER_PID=$!
ADDER_PID=""
cleanup() {
  [ -n "$ADDER_PID" ] && kill "$ADDER_PID" 2>/dev/null || true
  # Adds still in flight (each its own curl) end with the run: left alive, they kept a server of an
  # earlier run busy for half an hour, and it wrote to the same work model as the next run's.
  [ -n "${URL:-}" ] && pkill -f -- "$URL/v1/postings" 2>/dev/null || true
  kill "$SERVER_PID" 2>/dev/null || true
  # A server draining queued requests is stopped after 10 s.
  for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
PORT=""
for _ in $(seq 1 1200); do
  PORT=$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$SERVER_LOG" | sed -n 1p)
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; exit 1; }
  sleep 0.1
done
[ -n "$PORT" ] || { echo "bench-serve: the server did not start" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"
# Warm up (and check the request is answered).
code=$(curl -s -o "$OUT/serve-rank-sample.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$BODY" "$URL/v1/rank")
[ "$code" = 200 ] || { echo "bench-serve: POST /rank answered $code: $(head -c 300 "$OUT/serve-rank-sample.json")" >&2; exit 1; }

load() { cut -d' ' -f1-3 /proc/loadavg; }
# The server's own CPU time (user + system, in clock ticks): divided by the requests of a run it gives the
# CPU cost of one request, which other processes on the machine do not change much (latency they do).
ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
HZ=$(getconf CLK_TCK)
run() {  # connections seconds label [path]
  local c=$1 d=$2 t path=${4:-/v1/rank} before
  t=$(( c < 2 ? 1 : 2 ))
  before=$(ticks)
  if [ "$path" = /v1/rank ]; then
    BENCH_BODY="$BODY" wrk -t"$t" -c"$c" -d"${d}s" --timeout 30s -s "$LUA" "$URL$path" > "$OUT/serve-wrk.txt" 2>&1 || true
  else
    BENCH_BODY=/dev/null wrk -t"$t" -c"$c" -d"${d}s" --timeout 30s -s "$OUT/serve-get.lua" "$URL$path" > "$OUT/serve-wrk.txt" 2>&1 || true
  fi
  local cpu=$(( $(ticks) - before ))
  local line
  line=$(grep '^RESULT' "$OUT/serve-wrk.txt" || true)
  [ -n "$line" ] || { cat "$OUT/serve-wrk.txt" >&2; echo "bench-serve: wrk gave no result" >&2; exit 1; }
  python3 - "$line" "$c" "$3" "$cpu" "$HZ" <<'PY'
import sys
fields = dict(kv.split("=") for kv in sys.argv[1].split()[1:])
n, us = int(fields["requests"]), int(fields["duration_us"])
errors = sum(int(fields[k]) for k in ("status", "connect", "read", "write", "timeout"))
cpu_ms = 1000 * int(sys.argv[4]) / int(sys.argv[5]) / max(n, 1)
print(f"| {sys.argv[3]} | {sys.argv[2]} | {n} | {n / (us / 1e6):.1f} | {int(fields['p50_us']) / 1000:.1f} | {int(fields['p99_us']) / 1000:.1f} | {cpu_ms:.1f} | {errors} |")
PY
}

rows=()
load_before=$(load)
# The framework's own cost: GET /health (no model work) at 8 connections.
rows+=("$(run 8 10 "GET /health" /health)")
for c in $CONNECTIONS; do
  echo "bench-serve: $c connection(s), ${DURATION} s" >&2
  rows+=("$(run "$c" "$DURATION" "rank")")
done

# Adds alone (no rank traffic): QUIET_ADDS sequential adds, each timed by curl — the cost of one add.
QUIET_ADDS=${QUIET_ADDS:-20}
QUIET="$OUT/serve-quiet-adds.txt"
: > "$QUIET"
for i in $(seq 1 "$QUIET_ADDS"); do
  python3 - "$OUT/cvs-10.jsonl" "$i" "$$" > "$OUT/serve-quiet-body.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
d = json.loads(lines[int(sys.argv[2]) % len(lines)])
print(json.dumps({"id": f"bench-quiet-{sys.argv[3]}-{sys.argv[2]}", "title": "Ajout", "text": d["text"]}))
PY
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' \
    --data-binary @"$OUT/serve-quiet-body.json" "$URL/v1/postings" >> "$QUIET"
done
stats() { awk '{print $2}' "$1" | sort -n | awk '{a[NR]=$1} END {if (NR) {i=int(NR*0.99); if (i < NR*0.99) i++; if (i < 1) i=1; printf "p50 %.1f ms, p99 %.1f ms, max %.1f ms", 1000*a[int((NR+1)/2)], 1000*a[i], 1000*a[NR]} else print "-"}'; }
quiet_stats="$(grep -c '^201 ' "$QUIET" || true) of $(wc -l < "$QUIET") answered 201; $(stats "$QUIET")"
# Rank again right after the adds (the served model now holds a delta segment of QUIET_ADDS postings).
rows+=("$(run 1 "$DURATION" "rank after $QUIET_ADDS adds")")

# The soak: 8 connections ranking while ADDS_PER_SECOND new postings are added (each add folds the posting
# in and appends one fsynced record to the model's change log), each add timed by curl.
echo "bench-serve: ${SOAK} s at 8 connections with ${ADDS_PER_SECOND} add(s)/s" >&2
ADDS="$OUT/serve-adds.txt"
: > "$ADDS"
ADDS_SENT="$OUT/serve-adds-sent.txt"
: > "$ADDS_SENT"
ADD_BODIES="$OUT/serve-add-bodies"
rm -rf "$ADD_BODIES"; mkdir -p "$ADD_BODIES"
ADD_COUNT=$(python3 -c "import math,sys; print(int(math.ceil(float(sys.argv[1]) * float(sys.argv[2]))) + 10)" "$SOAK" "$ADDS_PER_SECOND")
python3 - "$OUT/cvs-10.jsonl" "$ADD_BODIES" "$ADD_COUNT" "$$" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
for i in range(int(sys.argv[3])):
    d = json.loads(lines[i % len(lines)])
    with open(f"{sys.argv[2]}/{i}.json", "w") as f:
        json.dump({"id": f"bench-add-{sys.argv[4]}-{i}", "title": f"Ajout {i}", "text": d["text"]}, f)
PY
INTERVAL_NS=$(python3 -c "import sys; print(int(1e9 / float(sys.argv[1])))" "$ADDS_PER_SECOND")
(
  i=0
  start=$(date +%s%N)
  while [ "$i" -lt "$ADD_COUNT" ]; do
    # Each add in the background: a slow add does not hold back the next ones (the rate asked is sent).
    echo "$i" >> "$ADDS_SENT"
    ( printf '%s\n' "$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
      --data-binary @"$ADD_BODIES/$i.json" "$URL/v1/postings")" >> "$ADDS" ) &
    i=$((i + 1))
    # The next add at start + i × interval (no drift when an add is slow; none skipped).
    # (shell arithmetic: a python start per add took longer than the interval on the loaded machine)
    pause=$(( start + i * INTERVAL_NS - $(date +%s%N) ))
    if [ "$pause" -gt 0 ]; then sleep "$(printf '%d.%09d' $((pause / 1000000000)) $((pause % 1000000000)))"; fi
  done
) &
ADDER_PID=$!
COMPACT_NOTE=""
if [ "$COMPACT_DURING" = 1 ]; then
  (
    sleep $(( SOAK / 2 ))
    s=$(date +%s.%N)
    if "$B" compact --model "$WORKMODEL" > "$OUT/serve-compact.txt" 2>&1; then r=ok; else r=failed; fi
    echo "$r $(python3 -c "import sys,time; print(round(time.time() - float(sys.argv[1]), 2))" "$s")" > "$OUT/serve-compact-result.txt"
  ) &
  COMPACT_PID=$!
fi
# The server's resident set during the soak, once a second (VmRSS, kB): "RSS flat" is read from it.
RSS_SAMPLES="$OUT/serve-rss.txt"
: > "$RSS_SAMPLES"
( while kill -0 "$SERVER_PID" 2>/dev/null; do
    sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVER_PID/status" >> "$RSS_SAMPLES"; sleep 1
  done ) &
RSS_PID=$!
rows+=("$(run 8 "$SOAK" "rank + $ADDS_PER_SECOND add/s")")
kill "$RSS_PID" 2>/dev/null || true
wait "$RSS_PID" 2>/dev/null || true
kill "$ADDER_PID" 2>/dev/null || true
wait "$ADDER_PID" 2>/dev/null || true
# Adds still in flight finish (up to 60 s more): every add sent is counted, with its latency.
for _ in $(seq 1 600); do [ "$(wc -l < "$ADDS")" -ge "$(wc -l < "$ADDS_SENT")" ] && break; sleep 0.1; done
ADDER_PID=""
if [ "$COMPACT_DURING" = 1 ]; then
  wait "$COMPACT_PID" 2>/dev/null || true
  COMPACT_NOTE=" Another process compacted the model half-way: $(cat "$OUT/serve-compact-result.txt" 2>/dev/null || echo 'no result') s ($(tail -1 "$OUT/serve-compact.txt" 2>/dev/null))."
fi
load_after=$(load)
adds_total=$(wc -l < "$ADDS_SENT")
adds_ok=$(grep -c '^201 ' "$ADDS" || true)
adds_stats=$(stats "$ADDS")
final=$(curl -s "$URL/health")
# First, largest and last samples, and the last tenth's mean against the first tenth's (the drift).
rss_stats=$(python3 - "$RSS_SAMPLES" <<'PY'
import sys
v = [int(x) / 1024 for x in open(sys.argv[1]).read().split()]
if len(v) < 10:
    print("too few samples"); sys.exit()
t = max(1, len(v) // 10)
a, b = sum(v[:t]) / t, sum(v[-t:]) / t
print(f"first {v[0]:.0f} MiB, max {max(v):.0f} MiB, last {v[-1]:.0f} MiB; last tenth / first tenth {b / a:.3f} ({len(v)} samples)")
PY
)

cpu=$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | sed -n 1p)
{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC'): $POSTINGS postings"
  echo
  echo "\`POSTINGS=$POSTINGS DURATION=$DURATION SOAK=$SOAK CONNECTIONS=\"$CONNECTIONS\" ADDS_PER_SECOND=$ADDS_PER_SECOND COMPACT_DURING=$COMPACT_DURING scripts/benchmarks/bench-serve.sh\` — model \`index $INDEX_ARGS\` of \`bench_corpus.py\`"
  echo "postings; request: \`POST /rank\` with the first synthetic CV as JSON text, top 10, the CLI's JSON out. $(nproc) cores ($cpu);"
  echo "wrk runs on the same cores as the server. Load average (1/5/15 min) before: $load_before; after: $load_after."
  echo
  echo "| run | connections | requests | requests/s | p50 ms | p99 ms | server CPU ms/request | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for r in "${rows[@]}"; do echo "$r"; done
  echo
  echo "Adds alone (no rank traffic, $QUIET_ADDS one after the other): $quiet_stats."
  echo
  echo "Adds during the soak ($ADDS_PER_SECOND/s asked, $(python3 -c "import sys; print(round(int(sys.argv[1]) / float(sys.argv[2]), 2))" "$adds_total" "$SOAK")/s sent): $adds_ok of $adds_total answered 201 ($(wc -l < "$ADDS") answered in all); add latency $adds_stats.$COMPACT_NOTE Server RSS during the soak: $rss_stats. Health after: \`$final\`."
} | tee -a "$RESULTS"
