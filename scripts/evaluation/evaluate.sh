#!/usr/bin/env bash
# Runs every evaluation on the collections of scripts/evaluation/build-collections.sh and writes scripts/evaluation/eval-results.md
# (each table under the exact command that produced it). Release build; about 10 minutes on 2 cores.
#
#   scripts/evaluation/build-collections.sh && scripts/evaluation/evaluate.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
D=eval-data
OUT=${EVAL_RESULTS:-scripts/evaluation/eval-results.md}
[ -f "$D/esco-isco.qrels" ] || { echo "evaluate: $D is missing its collections; run scripts/evaluation/build-collections.sh first" >&2; exit 1; }
swift build -c release --product passerelle >&2
P=.build/release/passerelle
BODY=$(mktemp)
rm -rf "$D/results"; mkdir -p "$D/results"
trap 'rm -f "$BODY"' EXIT

section() { printf '\n## %s\n\n%s\n' "$1" "$2" >> "$BODY"; }
# run SLUG LABEL ARGS...: runs passerelle eval, appends the command and its table to the report (stderr stays
# on the terminal) and keeps the JSON report in $D/results/SLUG.json for the summary.
run() {
    local slug=$1 label=$2; shift 2
    echo "evaluate: $label" >&2
    { printf '\n### %s\n\n```\n$ passerelle %s\n' "$label" "$*"; "$P" "$@" --json-out "$D/results/$slug.json"; printf '```\n'; } >> "$BODY"
}
index() { echo "evaluate: passerelle index $*" >&2; "$P" index "$@" >&2; }

# Models. Built from the project root, so the default features apply: the French/English analyzer, the
# competency concept features (Data/competencies.tsv) and the English→French terms (Data/lexicon, from ESCO
# *skill* labels only). Ablations drop them with --no-competencies / --no-cross-language.
index $D/rome-fiches.jsonl --dims 200 --out $D/rome.plm
index $D/rome-fiches.jsonl --dims 200 --no-competencies --no-cross-language --out $D/rome-terms.plm
index $D/esco-en.jsonl --dims 200 --no-competencies --no-cross-language --out $D/esco-en-terms.plm
index $D/esco-fr.jsonl --dims 200 --analyzer plain --no-competencies --no-cross-language --out $D/esco-fr-plain.plm
index $D/esco-xl-train.jsonl --dims 500 --no-competencies --out $D/xl-lexicon.plm
for share in 0.1 0.25; do
    index $D/rome-fiches.jsonl --dims 200 --no-cross-language --concept-share $share --out $D/rome-share$share.plm
    index $D/esco-fr.jsonl --dims 200 --no-cross-language --concept-share $share --out $D/esco-fr-share$share.plm
done
index $D/esco-fr.jsonl --dims 200 --out $D/esco-fr.plm
index $D/esco-en.jsonl --dims 200 --out $D/esco-en.plm
index $D/esco-fr.jsonl --dims 200 --no-competencies --no-cross-language --out $D/esco-fr-terms.plm
index $D/esco-fr.jsonl --dims 200 --no-cross-language --out $D/esco-fr-concepts.plm
index $D/esco-fr.jsonl --dims 200 --no-competencies --out $D/esco-fr-lexicon.plm
index $D/esco-xl-train.jsonl --dims 500 --out $D/xl.plm
index $D/esco-xl-train.jsonl --dims 500 --no-competencies --no-cross-language --out $D/xl-terms.plm
index $D/esco-xl-test-fr.jsonl --dims 200 --out $D/xl-test-fr.plm
index $D/esco-xl-test-fr.jsonl --dims 200 --no-competencies --no-cross-language --out $D/xl-test-fr-terms.plm
index Data/postings --dims 200 --out $D/own-default.plm
index Data/postings --dims 200 --no-competencies --no-cross-language --out $D/own-terms.plm
index Data/postings --dims 200 --no-competencies --out $D/own-translations.plm
for share in 0.1 0.25; do index Data/postings --dims 200 --concept-share $share --out $D/own-share$share.plm; done

section "Job title → role (ROME)" "3,000 ROME appellations (job titles, sampled deterministically) → their fiche among the 532. Fiche text: name, definition, access, working conditions, savoirs and savoir-faire."
run titles-terms "Terms only (--no-competencies --no-cross-language): LSA k=200 and baselines on the same features, sweep over k" eval --model $D/rome-terms.plm --queries $D/rome-titles.jsonl --qrels $D/rome-titles.qrels --sweep 50,100,150,200,300,400,500 --plot $D/rome-titles-terms-sweep.svg --worst 5
run titles-default "Default features (competency concepts, share 0.5 × (1 − e^(−n/16)); translations do nothing on French text), sweep over k" eval --model $D/rome.plm --queries $D/rome-titles.jsonl --qrels $D/rome-titles.qrels --sweep 50,100,150,200,300,400,500 --plot $D/rome-titles-sweep.svg

section "Similar roles (ESCO, same ISCO-08 unit group)" "Each of the 3,007 ESCO occupations ranks the others (task similar); relevant: the occupations of its ISCO-08 unit group (2,934 occupations have at least one). Text: preferred label and description."
run similar-fr-terms "French, terms only: LSA k=200 and baselines on the same features, sweep over k" eval --model $D/esco-fr-terms.plm --task similar --qrels $D/esco-isco.qrels --sweep 50,100,200,300,500,800 --plot $D/esco-isco-fr-terms-sweep.svg
run similar-en-terms "English, terms only" eval --model $D/esco-en-terms.plm --task similar --qrels $D/esco-isco.qrels --sweep 100,300,500 --worst 0
run similar-fr-default "French, default features (competency concepts, share 0.5 × (1 − e^(−n/16)))" eval --model $D/esco-fr.plm --task similar --qrels $D/esco-isco.qrels --sweep 100,300,500 --plot $D/esco-isco-fr-sweep.svg --worst 0
run similar-en-default "English, default features (competency concepts, share 0.5 × (1 − e^(−n/16)), and English→French translated terms)" eval --model $D/esco-en.plm --task similar --qrels $D/esco-isco.qrels --worst 0

section "Competency concept share on general occupations" "The competency taxonomy (48 competencies of the project's field) fires on few ROME/ESCO texts; where it fires, the concepts take \`--concept-share\` of the vector's squared norm. LSA k=200 only, without translations (French text)."
for share in 0.1 0.25; do
    run titles-share$share "Job titles, concept share $share" eval --model $D/rome-share$share.plm --queries $D/rome-titles.jsonl --qrels $D/rome-titles.qrels --no-baselines --worst 0
    run similar-fr-share$share "Similar roles (French), concept share $share" eval --model $D/esco-fr-share$share.plm --task similar --qrels $D/esco-isco.qrels --no-baselines --worst 0
done

section "Cross-language, all 3,007 pairs: English occupation → its French twin" "Nothing here learns from the occupation pairs. The model is fitted on the French occupations; English descriptions are folded in. Rows \`+features\`: the lexical baselines on the model's full features (terms, English→French translated terms, competency concepts)."
run xl-all-default "Default features (terms + translations + concepts)" eval --model $D/esco-fr.plm --queries $D/esco-en.jsonl --qrels $D/esco-xl-all.qrels --worst 3
run xl-all-terms "Terms only (--no-competencies --no-cross-language)" eval --model $D/esco-fr-terms.plm --queries $D/esco-en.jsonl --qrels $D/esco-xl-all.qrels --worst 0
run xl-all-concepts "Terms + competency concepts (--no-cross-language)" eval --model $D/esco-fr-concepts.plm --queries $D/esco-en.jsonl --qrels $D/esco-xl-all.qrels --worst 0
run xl-all-translations "Terms + English→French translations (--no-competencies)" eval --model $D/esco-fr-lexicon.plm --queries $D/esco-en.jsonl --qrels $D/esco-xl-all.qrels --worst 0
run xl-all-plain "Reference: scikit-learn-like analyzer, terms only (--analyzer plain)" eval --model $D/esco-fr-plain.plm --queries $D/esco-en.jsonl --qrels $D/esco-xl-all.qrels --worst 0
run xl-all-fr-en-default "French → English, default features" eval --model $D/esco-en.plm --queries $D/esco-fr.jsonl --qrels $D/esco-xl-all.qrels --worst 0

section "Cross-language LSI (Dumais et al. 1997), held-out half" "The SVD is fitted on 1,503 training occupations, each document the English text followed by the French text of the same occupation (esco-xl-train.jsonl). The other 1,504 occupations are folded in separately, English and French, and French is ranked by English (and the reverse). The baselines are fitted on the held-out corpus itself. Split: SHA-1 order of the occupation ids (scripts/evaluation/make-collections.py)."
run xl-half-mono-terms "Monolingual reference on the same held-out queries: model fitted on the held-out French, terms only" eval --model $D/xl-test-fr-terms.plm --queries $D/esco-xl-test-en.jsonl --qrels $D/esco-xl-test.qrels --worst 0
run xl-half-mono-default "Monolingual reference, default features" eval --model $D/xl-test-fr.plm --queries $D/esco-xl-test-en.jsonl --qrels $D/esco-xl-test.qrels --worst 0
run xl-half-lsi-terms "Cross-language LSI, terms only, English → French, sweep over k" eval --model $D/xl-terms.plm --corpus $D/esco-xl-test-fr.jsonl --queries $D/esco-xl-test-en.jsonl --qrels $D/esco-xl-test.qrels --sweep 50,100,200,300,500,800,1200 --plot $D/esco-xl-lsi-sweep.svg --worst 3
run xl-half-lsi-default "Cross-language LSI + default features, English → French" eval --model $D/xl.plm --corpus $D/esco-xl-test-fr.jsonl --queries $D/esco-xl-test-en.jsonl --qrels $D/esco-xl-test.qrels --worst 0
run xl-half-lsi-translations "Cross-language LSI + English→French translations (--no-competencies), English → French" eval --model $D/xl-lexicon.plm --corpus $D/esco-xl-test-fr.jsonl --queries $D/esco-xl-test-en.jsonl --qrels $D/esco-xl-test.qrels --worst 0
run xl-half-lsi-terms-fr-en "Cross-language LSI, terms only, French → English" eval --model $D/xl-terms.plm --corpus $D/esco-xl-test-en.jsonl --queries $D/esco-xl-test-fr.jsonl --qrels $D/esco-xl-test.qrels --worst 0

section "The project's own judgments" "The 7 sample CVs of Data/candidates against the 53 postings of Data/postings, judged by hand (Data/judgments/candidates.qrels, grades 1–3). k is clipped to the corpus rank (53): at full rank LSA ranks exactly as TF-IDF cosine on the same features."
run own-default "Default features (terms + translations + concepts, share 0.5 × (1 − e^(−n/16)))" eval --model $D/own-default.plm --queries Data/candidates --qrels Data/judgments/candidates.qrels --sweep 10,20,30,40,53 --worst 3
run own-terms "Terms only" eval --model $D/own-terms.plm --queries Data/candidates --qrels Data/judgments/candidates.qrels --worst 0
run own-translations "Terms + translations (--no-competencies)" eval --model $D/own-translations.plm --queries Data/candidates --qrels Data/judgments/candidates.qrels --worst 0
for share in 0.1 0.25; do
    run own-share$share "Default features, concept share $share" eval --model $D/own-share$share.plm --queries Data/candidates --qrels Data/judgments/candidates.qrels --worst 0
done
SUMMARY=$(python3 scripts/evaluation/summarize-eval.py "$D/results")

{
    echo "# Matching quality on public data"
    echo
    echo "Written by \`scripts/evaluation/evaluate.sh\` on $(date -u +'%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Data || echo ' (with uncommitted changes)')."
    echo "Collections from \`scripts/evaluation/build-collections.sh\` (ROME v3.47, ESCO v1.1.1; this service uses the ESCO classification of the European Commission)."
    echo
    echo "Model settings unless stated: \`passerelle index\` defaults — French/English analyzer (fr-en-v1), sublinear TF-IDF with"
    echo "smoothed idf, min-df 1, max-df 1.0, randomized SVD (seed 42, 10 oversamples, 4 power iterations), competency concept"
    echo "features (share up to 0.5 of the norm, growing with the evidence: saturation 16) and English→French translated terms when Data/ has them; k as given (\`--dims\`)."
    echo "Baselines, same harness and analyzer, fitted on the corpus searched: TF-IDF cosine without SVD (same weighting),"
    echo "BM25 (k1 = 1.2, b = 0.75, Lucene idf). Metrics: MRR, Recall@1/10/50, nDCG@10 (linear gain), MAP, depth 1000 (or the"
    echo "corpus size). \"no terms\": queries with no term known to the system (ranked nothing, scored 0)."
    echo "Sweeps refit LSA at each k on the same texts; the plots (SVG) are written next to the collections in eval-data/."
    echo
    echo "How English meets French, three mechanisms measured separately below:"
    echo "- **English→French translated terms** (\`Data/lexicon/esco-en-fr.tsv\`, learned from ESCO *skill* labels only, never from"
    echo "  occupation descriptions): English paragraphs also contribute the analyzer terms of their French translations."
    echo "- **Competency concepts** (\`Data/competencies.tsv\`): language-neutral \`§competency\` features detected in both languages."
    echo "- **Cross-language LSI** (Dumais et al. 1997): the SVD is fitted on training documents that each hold the English and the"
    echo "  French description of one occupation, so that translation-equivalent terms load on the same latent dimensions; held-out"
    echo "  English and French descriptions are folded in separately (\`passerelle index\` on the concatenations, then"
    echo "  \`passerelle eval --corpus\`). It learns from ESCO occupation descriptions, so it trains on one deterministic half and is"
    echo "  measured on the other; the default model ships nothing learned from them."
    echo
    echo "$SUMMARY"
    cat "$BODY"
} > "$OUT"
# The sweep plots go beside the report (small SVGs of metrics, no data), linked from it.
mkdir -p scripts/evaluation/eval-plots
for svg in rome-titles-terms-sweep rome-titles-sweep esco-isco-fr-terms-sweep esco-isco-fr-sweep esco-xl-lsi-sweep; do
    cp "$D/$svg.svg" scripts/evaluation/eval-plots/
done
{
    echo
    echo "## Plots"
    echo
    echo "Quality against k (LSA refitted at each k; dashed: the baselines' nDCG@10):"
    echo "job titles, same features ![](eval-plots/rome-titles-terms-sweep.svg), job titles, default ![](eval-plots/rome-titles-sweep.svg),"
    echo "similar roles (fr), same features ![](eval-plots/esco-isco-fr-terms-sweep.svg), default ![](eval-plots/esco-isco-fr-sweep.svg),"
    echo "cross-language LSI ![](eval-plots/esco-xl-lsi-sweep.svg)."
} >> "$OUT"
echo "evaluate: wrote $OUT" >&2
