#!/usr/bin/env bash
# Issue 29 measurements: the dev collection (H1, H2, H3) and the title-linking tasks (T1, T2fr, T2en,
# scripts/evaluation/title_tasks.py) for one set of `passerelle index` arguments, with per-query metrics saved so
# that two runs can be compared by a paired bootstrap (scripts/evaluation/paired_bootstrap.py).
#
#   scripts/evaluation/eval-titles.sh OUT_DIR HALF [-- extra `passerelle index` arguments] [--- extra `eval` arguments]
#
# HALF: tune or unseen (the title tasks' query halves). Writes OUT_DIR/{h1,h2,h3,t1,t2fr,t2en}.json.
# Release build (PASSERELLE_BIN=path to time another binary); ../shared/data read in place, task files
# built in a temporary folder. TASKS="h2 t1" runs only those tasks (default: all six).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OUT=$1; HALF=$2; shift 2
[ "${1:-}" = "--" ] && shift
INDEX=(); EVAL=()
while [ $# -gt 0 ] && [ "$1" != "---" ]; do INDEX+=("$1"); shift; done
[ "${1:-}" = "---" ] && shift
EVAL=("$@")
DEV=../shared/data/dev
P=${PASSERELLE_BIN:-.build/release/passerelle}
TASKS=" ${TASKS:-h1 h2 h3 t1 t2fr t2en} "
wants() { [[ "$TASKS" == *" $1 "* ]]; }
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 scripts/evaluation/title_tasks.py "$TMP/titles" "$DEV/.." > /dev/null
common=(--depth 100 --worst 0 --format json --per-query ${EVAL[@]+"${EVAL[@]}"})
if wants h1 || wants h2 || wants h3 || wants t1; then
    "$P" index "$DEV/corpus_rome.jsonl" --out "$TMP/dev.plm" ${INDEX[@]+"${INDEX[@]}"} >&2
fi
wants h1 && "$P" eval --model "$TMP/dev.plm" "${common[@]}" --task similar --queries "$DEV/h1_queries.txt" --qrels "$DEV/h1_qrels.tsv" > "$OUT/h1.json"
wants h2 && "$P" eval --model "$TMP/dev.plm" "${common[@]}" --task rank --queries "$DEV/h2_queries.jsonl" --qrels "$DEV/h2_qrels.tsv" > "$OUT/h2.json"
wants h3 && "$P" eval --model "$TMP/dev.plm" "${common[@]}" --task rank --queries "$DEV/h3_queries.jsonl" --qrels "$DEV/h3_qrels.tsv" > "$OUT/h3.json"
wants t1 && "$P" eval --model "$TMP/dev.plm" "${common[@]}" --task rank --queries "$TMP/titles/t1_${HALF}_queries.jsonl" --qrels "$TMP/titles/t1_${HALF}_qrels.tsv" > "$OUT/t1.json"
for lang in fr en; do
    wants "t2$lang" || continue
    "$P" index "$TMP/titles/t2${lang}_corpus.jsonl" --out "$TMP/t2$lang.plm" ${INDEX[@]+"${INDEX[@]}"} >&2
    "$P" eval --model "$TMP/t2$lang.plm" "${common[@]}" --task rank --queries "$TMP/titles/t2_${HALF}_queries.jsonl" \
        --qrels "$TMP/titles/t2_${HALF}_qrels.tsv" > "$OUT/t2$lang.json"
done
python3 - "$OUT" <<'PY'
import json, sys
d = sys.argv[1]
for t, m in [("h1", "ndcg@10"), ("h2", "mrr"), ("h3", "mrr"), ("t1", "mrr"), ("t2fr", "mrr"), ("t2en", "mrr")]:
    try:
        r = json.load(open(f"{d}/{t}.json"))
    except FileNotFoundError:
        continue
    print(f"{t:5s} {m:8s} " + "  ".join(f"{s['system']}={s['metrics'][m]:.3f}" for s in r["systems"]) + f"  (queries {r['queries']})")
PY
