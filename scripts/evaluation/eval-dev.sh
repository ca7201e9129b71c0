#!/usr/bin/env bash
# Runs the development collection (../shared/data/dev: 532 ROME fiches; H1 similar roles, H2 real
# France Travail postings → their fiche, H3 English ESCO occupations → French fiches) through
# `passerelle index` (default settings, as a new user would) and `passerelle eval`, and prints one table:
# Passerelle beside TF-IDF cosine, BM25 and plain LSA, MRR / nDCG@10 / Recall@10 per task (depth 100).
#
#   scripts/evaluation/eval-dev.sh [--plots] [--unseen] [DEV_FOLDER] [-- extra `passerelle index` arguments, e.g. --dims 300]
#
# Also the title-linking tasks of issue 29 (scripts/evaluation/title_tasks.py, built in a temporary folder from
# ../shared/data): T1 French job titles (ROME appellations) → their fiche, on the same model; T2 French
# job titles → ESCO occupation labels in French (T2fr) and in English (T2en), each on a model indexed
# from the labels alone (the shape of the benchmark kept aside). Queries: the "tune" half (MD5 of the
# appellation code); --unseen runs the other half instead (report it, never tune on it).
#
# --plots also sweeps k (50 … 500) on each task and redraws scripts/evaluation/eval-plots/dev-h{1,2,3}-sweep.svg
# (the README's k sweep plots).
#
# Release build. The dev data is read in place, never copied into the repository.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DEV=../shared/data/dev
PLOTS=0
HALF=tune
if [ "${1:-}" = "--plots" ]; then PLOTS=1; shift; fi
if [ "${1:-}" = "--unseen" ]; then HALF=unseen; shift; fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then DEV=$1; shift; fi
[ "${1:-}" = "--" ] && shift
[ -f "$DEV/corpus_rome.jsonl" ] || { echo "eval-dev: $DEV/corpus_rome.jsonl is missing (the dev collection lives in ../shared/data/dev)" >&2; exit 1; }
swift build -c release --product passerelle >&2
P=.build/release/passerelle
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "eval-dev: passerelle index $DEV/corpus_rome.jsonl $*" >&2
"$P" index "$DEV/corpus_rome.jsonl" --out "$TMP/dev.plm" "$@" >&2
common=(--model "$TMP/dev.plm" --depth 100 --worst 0 --format json)
"$P" eval "${common[@]}" --task similar --queries "$DEV/h1_queries.txt" --qrels "$DEV/h1_qrels.tsv" > "$TMP/h1.json"
"$P" eval "${common[@]}" --task rank --queries "$DEV/h2_queries.jsonl" --qrels "$DEV/h2_qrels.tsv" > "$TMP/h2.json"
"$P" eval "${common[@]}" --task rank --queries "$DEV/h3_queries.jsonl" --qrels "$DEV/h3_qrels.tsv" > "$TMP/h3.json"
python3 scripts/evaluation/title_tasks.py "$TMP/titles" "$DEV/.." > /dev/null
"$P" eval "${common[@]}" --task rank --queries "$TMP/titles/t1_${HALF}_queries.jsonl" --qrels "$TMP/titles/t1_${HALF}_qrels.tsv" > "$TMP/t1.json"
for lang in fr en; do
    "$P" index "$TMP/titles/t2${lang}_corpus.jsonl" --out "$TMP/t2$lang.plm" "$@" >&2
    "$P" eval --model "$TMP/t2$lang.plm" --depth 100 --worst 0 --format json --task rank \
        --queries "$TMP/titles/t2_${HALF}_queries.jsonl" --qrels "$TMP/titles/t2_${HALF}_qrels.tsv" > "$TMP/t2$lang.json"
done
if [ "$PLOTS" = 1 ]; then
    sweep=(--sweep 50,100,150,200,300,400,500)
    "$P" eval "${common[@]}" "${sweep[@]}" --plot scripts/evaluation/eval-plots/dev-h1-sweep.svg --task similar --queries "$DEV/h1_queries.txt" --qrels "$DEV/h1_qrels.tsv" > /dev/null
    "$P" eval "${common[@]}" "${sweep[@]}" --plot scripts/evaluation/eval-plots/dev-h2-sweep.svg --task rank --queries "$DEV/h2_queries.jsonl" --qrels "$DEV/h2_qrels.tsv" > /dev/null
    "$P" eval "${common[@]}" "${sweep[@]}" --plot scripts/evaluation/eval-plots/dev-h3-sweep.svg --task rank --queries "$DEV/h3_queries.jsonl" --qrels "$DEV/h3_qrels.tsv" > /dev/null
    echo "eval-dev: k sweeps drawn in scripts/evaluation/eval-plots/dev-h{1,2,3}-sweep.svg" >&2
fi
python3 - "$TMP" "$HALF" <<'PY'
import json, sys
d, half = sys.argv[1], sys.argv[2]
tasks = [("H1 similar roles", "h1"), ("H2 postings → role", "h2"), ("H3 EN → FR", "h3")]
reports = {t: json.load(open(f"{d}/{t}.json")) for _, t in tasks}
metrics = ["mrr", "ndcg@10", "recall@10"]
systems = [s["system"] for s in reports["h1"]["systems"]]
def name(s): return "passerelle (" + s + ")" if s.startswith("lsa k=") else s
head = ["system"] + [f"{t.split()[0]} {m}" for t, _ in tasks for m in metrics]
rows = []
for s in systems:
    row = [name(s)]
    for _, t in tasks:
        m = next(x for x in reports[t]["systems"] if x["system"] == s)["metrics"]
        row += ["%.3f" % m[k] for k in metrics]
    rows.append(row)
w = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
print("queries: " + ", ".join(f"{t} {reports[k]['queries']}" for t, k in tasks) + f"; corpus {reports['h1']['corpus']} fiches; depth 100")
print("  ".join(h.ljust(w[i]) if i == 0 else h.rjust(w[i]) for i, h in enumerate(head)))
print("  ".join("-" * x for x in w))
for r in rows: print("  ".join(c.ljust(w[i]) if i == 0 else c.rjust(w[i]) for i, c in enumerate(r)))
titles = [("T1 title → fiche", "t1"), ("T2fr title → FR label", "t2fr"), ("T2en title → EN label", "t2en")]
treports = {t: json.load(open(f"{d}/{t}.json")) for _, t in titles}
print()
print(f"title linking ({half} half): MRR / nDCG@10 / Recall@10; queries " + ", ".join(f"{t.split()[0]} {treports[k]['queries']}" for t, k in titles))
for label, t in titles:
    for s in treports[t]["systems"]:
        m = s["metrics"]
        print(f"  {label:24s} {name(s['system']):32s} {m['mrr']:.3f}  {m['ndcg@10']:.3f}  {m['recall@10']:.3f}")
PY
