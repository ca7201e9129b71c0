#!/usr/bin/env bash
# Builds the evaluation collections from the public ROME and ESCO files in ../shared/data (or $SHARED_DATA)
# into eval-data/ (git-ignored; nothing of the data is committed). Deterministic: same files, same collections.
#
#   scripts/evaluation/build-collections.sh [OUT_DIR]
#
# Corpora (JSON Lines, the `passerelle index` format):
#   rome-fiches.jsonl                 the 532 ROME fiches            (passerelle import rome DIR)
#   rome-appellations-all.jsonl       10,990 job titles → code_rome  (passerelle import rome DIR --what appellations)
#   esco-en.jsonl, esco-fr.jsonl      3,007 ESCO occupations         (passerelle import esco DIR --lang en|fr)
# Collections (queries + TREC qrels), see scripts/evaluation/make-collections.py:
#   esco-isco.qrels                   similar roles (same ISCO-08 unit group), task similar
#   esco-xl-all.qrels                 cross-language twins, all 3,007 (nothing learned from them)
#   esco-xl-train.jsonl               cross-language LSI training half (English + French text per occupation)
#   esco-xl-test-{en,fr}.jsonl        held-out half, each language alone; esco-xl-test.qrels
#   rome-titles.jsonl, .qrels         job title → role, 3,000 appellations sampled deterministically
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${SHARED_DATA:-$ROOT/../shared/data}
OUT=${1:-$ROOT/eval-data}
if [ ! -d "$DATA/rome" ] || [ ! -d "$DATA/esco" ]; then
    echo "build-collections: $DATA/rome and $DATA/esco not found (set SHARED_DATA to the folder holding rome/ and esco/)" >&2
    exit 1
fi
cd "$ROOT"
swift build -c release --product passerelle >&2
P="$ROOT/.build/release/passerelle"
mkdir -p "$OUT"
"$P" import rome "$DATA/rome" --out "$OUT/rome-fiches.jsonl"
"$P" import rome "$DATA/rome" --what appellations --out "$OUT/rome-appellations-all.jsonl"
"$P" import esco "$DATA/esco" --lang en --out "$OUT/esco-en.jsonl"
"$P" import esco "$DATA/esco" --lang fr --out "$OUT/esco-fr.jsonl"
python3 "$ROOT/scripts/evaluation/make-collections.py" "$OUT"
echo "build-collections: collections in $OUT" >&2
