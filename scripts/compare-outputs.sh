#!/usr/bin/env bash
# Compare what two `passerelle` binaries print, byte for byte, on the shipped data and a 2,000-posting
# synthetic corpus: every command a user runs (index, info, rank in each format and language, similar,
# competencies, analyze, batch, add, remove, compact, merge, eval), stdout, stderr, exit codes and the files
# written. Used when code moves without meaning to change behaviour (issue 28: "outputs byte-identical to
# before the move").
#
# Usage: scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [WORK_FOLDER]
#   e.g. git worktree add /tmp/old <commit> && (cd /tmp/old && swift build --product passerelle)
#        scripts/compare-outputs.sh /tmp/old/.build/debug/passerelle .build/debug/passerelle
# Exit 0 when every output is identical, 1 with the differing files listed otherwise.
# Model files are compared too: same input, same bytes (they hold no date).
set -euo pipefail
if [ $# -lt 2 ]; then sed -n '2,12p' "$0"; exit 64; fi
OLD=$(realpath "$1"); NEW=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${3:-$(mktemp -d /tmp/compare-outputs.XXXXXX)}
mkdir -p "$WORK"
export SOURCE_DATE_EPOCH=1764720000 LANG=C.UTF-8 LC_ALL=C.UTF-8 PASSERELLE_HOME="$ROOT"

CORPUS="$WORK/synthetic"
if [ ! -f "$CORPUS/postings-2000.jsonl" ]; then
  python3 "$ROOT/scripts/bench_corpus.py" --postings 2000 --candidates 50 --out "$CORPUS" >/dev/null
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
  # Allowed to differ: the temporary folder's own name and wall-clock durations.
  sed -i -E -e "s|$OUT|OUT|g" -e 's/"seconds" : [0-9.e-]+/"seconds" : TIME/g' \
    -e 's/ in [0-9]+([.,][0-9]+)? (s|ms|min)\b/ in TIME/g' "$OUT/$name.out" "$OUT/$name.err"
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
  run competencies competencies "$CV"
  run competencies-posting competencies --posting "$POSTING"
  run analyze analyze "$CV_EN"
  run batch batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --out "$OUT/batch.jsonl" --quiet
  run batch-csv batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --format csv --quiet
  run batch-explain batch --candidates "$ROOT/Data/candidates" --model "$OUT/shipped.plm" --format json --explain --top 3 --quiet
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
