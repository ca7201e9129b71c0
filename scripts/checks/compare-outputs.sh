#!/usr/bin/env bash
# Compare what two `passerelle` binaries print, byte for byte, on the shipped data and a 2,000-posting
# synthetic corpus: every command a user runs (index, info, rank in each format and language, similar,
# competencies, analyze, batch, add, remove, compact, merge, eval), stdout, stderr, exit codes and the files
# written; and the HTML pages `passerelle serve` answers for rank and similar (dated like the CLI's). Used when code moves without meaning to change behaviour (issue 28: "outputs byte-identical to
# before the move").
#
# Usage: scripts/checks/compare-outputs.sh OLD_BINARY NEW_BINARY [WORK_FOLDER]
#   e.g. git worktree add /tmp/old <commit> && (cd /tmp/old && swift build --product passerelle)
#        scripts/checks/compare-outputs.sh /tmp/old/.build/debug/passerelle .build/debug/passerelle
# Exit 0 when every output is identical, 1 with the differing files listed otherwise.
# Model files are compared too: same input, same bytes (they hold no date).
set -euo pipefail
if [ $# -lt 2 ]; then sed -n '2,12p' "$0"; exit 64; fi
OLD=$(realpath "$1"); NEW=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${3:-$(mktemp -d /tmp/compare-outputs.XXXXXX)}
mkdir -p "$WORK"
export SOURCE_DATE_EPOCH=1764720000 LANG=C.UTF-8 LC_ALL=C.UTF-8 PASSERELLE_HOME="$ROOT"

CORPUS="$WORK/synthetic"
if [ ! -f "$CORPUS/postings-2000.jsonl" ]; then
  python3 "$ROOT/scripts/benchmarks/bench_corpus.py" --postings 2000 --candidates 50 --out "$CORPUS" >/dev/null
fi
CV="$ROOT/Data/candidates/cv-fr-participation.txt"
CV_EN="$ROOT/Data/candidates/cv-en-community.txt"
POSTING="$ROOT/Data/postings/en-community-organizer-montreal.txt"
SYN_CANDIDATES="$CORPUS/cvs-50.jsonl"

# run NAME ARGS…: the command's stdout, stderr and exit code into $OUT/NAME.{out,err,rc}
run() {
  local name=$1; shift
  set +e
  (cd "$OUT" && "$BIN" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"); echo $? >"$OUT/$name.rc"
  set -e
  # Allowed to differ: the temporary folder's own name, wall-clock durations, and the wall-clock times
  # `info` gives a change log (when the model file was written, when the last change was appended).
  sed -i -E -e "s|$OUT|OUT|g" -e 's/"seconds" : [0-9.e-]+/"seconds" : TIME/g' \
    -e 's/ in [0-9]+([.,][0-9]+)? (s|ms|min)\b/ in TIME/g' \
    -e 's/written \([0-9:TZ-]+\); last change [0-9:TZ-]+;/written (TIME); last change TIME;/' "$OUT/$name.out" "$OUT/$name.err"
}

# fetch NAME CURL_ARGS…: an HTTP answer of the server on $PORT into $OUT/NAME.out, its status into NAME.rc
fetch() {
  local name=$1; shift
  curl -s -o "$OUT/$name.out" -w '%{http_code}\n' "$@" >"$OUT/$name.rc" || echo "curl failed: $?" >>"$OUT/$name.rc"
  sed -i -e "s|$OUT|OUT|g" "$OUT/$name.out"
}

# serve_pages: `passerelle serve` on a free port of this machine, its HTML answers to rank and similar, stopped.
serve_pages() {
  local log="$WORK/serve-$side.log" port="" pid i
  (cd "$OUT" && exec "$BIN" serve --model "$OUT/shipped.plm" --port 0 >"$log" 2>&1) &
  pid=$!
  for i in $(seq 1 1200); do   # the model loads, then the port is printed (at most 2 minutes)
    port=$(sed -n -E 's|.*serving on http://[^:/]+:([0-9]+)/.*|\1|p' "$log")
    if [ -n "$port" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$port" ]; then echo "serve did not start (see $log)" >"$OUT/serve.rc"; kill "$pid" 2>/dev/null || true; return; fi
  fetch serve-rank-html -X POST -F "file=@$CV" -F format=html "http://127.0.0.1:$port/v1/rank"
  fetch serve-rank-json -X POST -F "file=@$CV" "http://127.0.0.1:$port/v1/rank?format=json"
  fetch serve-similar-html "http://127.0.0.1:$port/v1/postings/en-community-organizer-montreal/similar?format=html"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for side in old new; do
  OUT="$WORK/$side"; rm -rf "$OUT"; mkdir -p "$OUT"
  if [ $side = old ]; then BIN=$OLD; else BIN=$NEW; fi
  run index-shipped index "$ROOT/Data/postings" --out "$OUT/shipped.plm"
  run info info --model "$OUT/shipped.plm"
  run info-json info --model "$OUT/shipped.plm" --format json --ids
  for format in table json jsonl csv markdown html; do
    run rank-$format rank --cv "$CV" --model "$OUT/shipped.plm" --format $format
  done
  run rank-en rank --cv "$CV_EN" --model "$OUT/shipped.plm" --lang en --all
  run rank-fr-details rank --cv "$CV_EN" --model "$OUT/shipped.plm" --lang fr --format html --details
  run rank-text rank --text "animation d'ateliers participatifs, design de services" --model "$OUT/shipped.plm"
  run rank-title rank --text "médiatrice culturelle" --model "$OUT/shipped.plm" --format json
  run rank-where rank --cv "$CV" --model "$OUT/shipped.plm" --where "title~design"
  run rank-missing rank --cv "$OUT/nope.txt" --model "$OUT/shipped.plm"
  run similar-id similar en-community-organizer-montreal --model "$OUT/shipped.plm" --format json
  run similar-file similar "$POSTING" --model "$OUT/shipped.plm"
  run similar-html similar en-community-organizer-montreal --model "$OUT/shipped.plm" --format html --lang en
  run competencies competencies "$CV"
  run competencies-posting competencies --posting "$POSTING"
  run analyze analyze "$CV_EN"
  run batch batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --out "$OUT/batch.jsonl" --quiet
  run batch-csv batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --format csv --quiet
  run batch-html batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --format html --top 3 --out "$OUT/shortlist.html" --quiet
  # The rules between batch options (usage errors, exit 64).
  run batch-rule-resume batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --resume
  run batch-rule-csv-explain batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --format csv --explain
  run batch-rule-html-explain batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --format html --explain
  run batch-rule-html-resume batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --format html --out "$OUT/r.html" --resume
  run batch-rule-html-shard batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --format html --shard 1/2
  run batch-rule-min-score batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --min-score 2
  run batch-explain batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --format json --explain --top 3 --quiet
  serve_pages
  cp "$OUT/shipped.plm" "$OUT/edited.plm"
  run remove remove en-community-organizer-montreal --model "$OUT/edited.plm" --quiet
  run add-twice add "$ROOT/Data/postings/en-backend-developer-montreal.txt" --model "$OUT/edited.plm" --quiet
  run info-log info --model "$OUT/edited.plm"
  run add add "$POSTING" --model "$OUT/edited.plm" --quiet
  run compact compact --model "$OUT/edited.plm"
  run info-edited info --model "$OUT/edited.plm"
  run index-synthetic index "$CORPUS/postings-2000.jsonl" --out "$OUT/synthetic.plm"
  run info-synthetic info --model "$OUT/synthetic.plm"
  run batch-synthetic batch --candidates "$SYN_CANDIDATES" --model "$OUT/synthetic.plm" --out "$OUT/batch-synthetic.jsonl" --quiet
  run batch-shard-1 batch --candidates "$SYN_CANDIDATES" --model "$OUT/synthetic.plm" --shard 1/2 --out "$OUT/shard-1.jsonl" --quiet
  run batch-shard-2 batch --candidates "$SYN_CANDIDATES" --model "$OUT/synthetic.plm" --shard 2/2 --out "$OUT/shard-2.jsonl" --quiet
  run merge merge "$OUT/shard-1.jsonl" "$OUT/shard-2.jsonl" --out "$OUT/merged.jsonl" --quiet
  run similar-synthetic similar "$POSTING" --model "$OUT/synthetic.plm" --format json
  run eval eval --model "$OUT/shipped.plm" --queries "$ROOT/Data/judged-cvs" --qrels "$ROOT/Data/judgments/judged-cvs.qrels" --format json --per-query --sweep 20,40 --plot "$OUT/sweep.svg" --quiet
done

if diff -r "$WORK/old" "$WORK/new" >"$WORK/diff.txt"; then
  echo "compare-outputs: identical ($(find "$WORK/old" -type f | wc -l) files: outputs, errors, exit codes, models) in $WORK"
else
  echo "compare-outputs: DIFFERENT — $(grep -c '^diff\|^Only\|^Binary' "$WORK/diff.txt") files differ, see $WORK/diff.txt:" >&2
  grep '^diff\|^Only\|^Binary' "$WORK/diff.txt" | sed -n 1,20p >&2
  exit 1
fi
