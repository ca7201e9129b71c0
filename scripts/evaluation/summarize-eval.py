#!/usr/bin/env python3
"""Summary tables of scripts/evaluation/evaluate.sh, computed from the JSON reports it keeps in eval-data/results/
(`passerelle eval --json-out`). Prints Markdown on stdout. Standard library only."""
import json
import sys
from pathlib import Path


def load(folder):
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in Path(folder).glob("*.json")}


def system(report, prefix):
    for s in report["systems"]:
        if s["system"] == prefix or (prefix == "lsa" and s["system"].startswith("lsa")):
            return s
    return None


def metric(report, name, m):
    s = system(report, name) if report else None
    return s["metrics"][m] if s else None


def best_sweep(report, m):
    rows = report.get("sweep") or []
    if not rows:
        return None
    best = max(rows, key=lambda r: r["metrics"][m])
    return best["metrics"][m], best["dimensions"]


def f(x):
    return "–" if x is None else f"{x:.3f}"


def main(folder):
    r = load(folder)
    out = ["## Summary", ""]

    out += ["### LSA against the baselines (nDCG@10)", "",
            "Goal: LSA beats TF-IDF cosine and BM25 on similar roles and job title → role. \"same features\": LSA and the",
            "baselines see the same analyzer terms; \"default\": the model adds competency concepts (share 0.5 × (1 − e^(−n/16))) and",
            "English→French translated terms, the baselines still see analyzer terms only (their `+features` rows are in the tables below).", "",
            "| collection | queries | LSA k=200 (own: 53) | best LSA in the sweep (k) | TF-IDF cosine | BM25 | LSA > both |",
            "|---|---:|---:|---:|---:|---:|:---:|"]
    rows = [("Job title → role, same features", "titles-terms"), ("Job title → role, default", "titles-default"),
            ("Similar roles (fr), same features", "similar-fr-terms"), ("Similar roles (en), same features", "similar-en-terms"),
            ("Similar roles (fr), default", "similar-fr-default"), ("Similar roles (en), default", "similar-en-default"),
            ("Own CVs → postings, same features (k = 53 = rank)", "own-terms"), ("Own CVs → postings, default (k = 53 = rank)", "own-default")]
    for label, slug in rows:
        rep = r.get(slug)
        if not rep:
            continue
        lsa, tf, bm = metric(rep, "lsa", "ndcg@10"), metric(rep, "tfidf-cosine", "ndcg@10"), metric(rep, "bm25", "ndcg@10")
        best = best_sweep(rep, "ndcg@10")
        # At k = corpus rank LSA ranks exactly as TF-IDF cosine on its own features: no verdict there.
        verdict = "n/a (k = rank)" if slug.startswith("own-") else ("yes" if lsa > tf and lsa > bm else "no")
        out.append(f"| {label} | {rep['queries']} | {f(lsa)} | {f(best[0]) + f' ({best[1]})' if best else '–'} | {f(tf)} | {f(bm)} | {verdict} |")

    out += ["", "### Cross-language (MRR, English query → its French twin unless stated)", "",
            "Goal: MRR ≥ 0.5. Nothing learned from the occupation pairs in the first block (all 3,007); cross-language LSI",
            "learns from the training half and is measured on the held-out half (1,504).", "",
            "| setting | queries | LSA | TF-IDF cosine | BM25 | TF-IDF + features | BM25 + features |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    rows = [("All pairs, plain (scikit-learn-like) analyzer, terms", "xl-all-plain"),
            ("All pairs, fr-en analyzer, terms", "xl-all-terms"),
            ("All pairs, + competency concepts", "xl-all-concepts"),
            ("All pairs, + English→French translations", "xl-all-translations"),
            ("All pairs, default (translations + concepts)", "xl-all-default"),
            ("All pairs, French → English, default", "xl-all-fr-en-default"),
            ("Held-out half, monolingual LSA on the French, terms", "xl-half-mono-terms"),
            ("Held-out half, monolingual LSA on the French, default", "xl-half-mono-default"),
            ("Held-out half, cross-language LSI k=500, terms", "xl-half-lsi-terms"),
            ("Held-out half, cross-language LSI k=500, + translations", "xl-half-lsi-translations"),
            ("Held-out half, cross-language LSI k=500, default", "xl-half-lsi-default"),
            ("Held-out half, cross-language LSI k=500, terms, French → English", "xl-half-lsi-terms-fr-en")]
    for label, slug in rows:
        rep = r.get(slug)
        if not rep:
            continue
        vals = [metric(rep, n, "mrr") for n in ["lsa", "tfidf-cosine", "bm25", "tfidf-cosine+features", "bm25+features"]]
        out.append(f"| {label} | {rep['queries']} | " + " | ".join(f(v) for v in vals) + " |")

    out += ["", "### Competency concept share (LSA k=200 nDCG@10; own CVs: k = 53)", "",
            "| concept share | job title → role | similar roles (fr) | own CVs → postings |", "|---:|---:|---:|---:|"]
    for share, slugs in [("0 (no concepts)", ("titles-terms", "similar-fr-terms", "own-translations")),
                         ("0.1", ("titles-share0.1", "similar-fr-share0.1", "own-share0.1")),
                         ("0.25", ("titles-share0.25", "similar-fr-share0.25", "own-share0.25")),
                         ("0.5 (default)", ("titles-default", "similar-fr-default", "own-default"))]:
        out.append(f"| {share} | " + " | ".join(f(metric(r.get(s), 'lsa', 'ndcg@10')) for s in slugs) + " |")
    out.append("")
    out.append("(ROME and ESCO French texts get no translated terms, so their share-0 column is the terms-only model; the own"
               " collection's share-0 model keeps the translations, like the others in its column.)")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "eval-data/results")
