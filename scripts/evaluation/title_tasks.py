#!/usr/bin/env python3
"""Builds the title-linking dev tasks (issue 29) from ../shared/data, into a folder OUT (never the repo).

  python3 scripts/evaluation/title_tasks.py OUT [SHARED_DATA]

T1  French job titles -> their ROME fiche: every ROME v3.47 appellation (libelle_appellation_long) is a
    query; its one relevant document is the fiche it is filed under (corpus = dev/corpus_rome.jsonl).
T2  French job titles -> occupation labels (the shape of the benchmark kept aside): the corpus is the
    preferred labels of the 278 ESCO occupations of dev/h3 (French labels: t2fr_corpus.jsonl, English:
    t2en_corpus.jsonl), a query is an appellation whose fiche one of them is linked to through ISCO-08
    (dev/h3_qrels.tsv), relevant = those occupations. Evaluation only: ESCO occupation labels and ROME
    appellations are never a resource of the product (they are the answers of held-out tests).

Queries are split in two deterministic halves by the MD5 of the appellation code: "tune" (first hex
digit even) is what alpha and the rest were tuned on; "unseen" was only run for the report.
"""
import csv, hashlib, json, os, sys
from collections import defaultdict

out = sys.argv[1]
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
os.makedirs(out, exist_ok=True)

def half(code):
    return "tune" if int(hashlib.md5(code.encode()).hexdigest()[0], 16) % 2 == 0 else "unseen"

fiches = {json.loads(l)["id"] for l in open(os.path.join(data, "dev", "corpus_rome.jsonl"), encoding="utf-8")}
apps = []
with open(os.path.join(data, "rome", "unix_referentiel_appellation_v347_utf8.csv"), encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["code_rome"] in fiches:
            apps.append((r["code_ogr"], r["libelle_appellation_long"].strip().replace("''", "'"), r["code_rome"]))

# ESCO occupations of h3 and the fiches they are linked to through ISCO-08.
linked = defaultdict(set)  # fiche -> occupations
occupations = set()
for line in open(os.path.join(data, "dev", "h3_qrels.tsv"), encoding="utf-8"):
    q, _, fiche, grade = line.split()
    if int(grade) > 0:
        linked[fiche].add(q)
        occupations.add(q)
labels = {}
for lang in ("en", "fr"):
    with open(os.path.join(data, "esco", f"occupations_{lang}.csv"), encoding="utf-8") as f:
        labels[lang] = {r["conceptUri"]: r["preferredLabel"].strip() for r in csv.DictReader(f) if r["conceptUri"] in occupations}

def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")

for lang in ("en", "fr"):
    write_jsonl(os.path.join(out, f"t2{lang}_corpus.jsonl"),
                [{"id": u, "title": labels[lang][u], "text": labels[lang][u]} for u in sorted(labels[lang])])

counts = {}
for h in ("tune", "unseen"):
    mine = [a for a in apps if half(a[0]) == h]
    write_jsonl(os.path.join(out, f"t1_{h}_queries.jsonl"), [{"id": "a" + c, "title": t, "text": t} for c, t, _ in mine])
    with open(os.path.join(out, f"t1_{h}_qrels.tsv"), "w") as f:
        for c, _, fiche in mine: f.write(f"a{c} 0 {fiche} 1\n")
    t2 = [a for a in mine if linked.get(a[2])]
    write_jsonl(os.path.join(out, f"t2_{h}_queries.jsonl"), [{"id": "a" + c, "title": t, "text": t} for c, t, _ in t2])
    with open(os.path.join(out, f"t2_{h}_qrels.tsv"), "w") as f:
        for c, _, fiche in t2:
            for u in sorted(linked[fiche]):
                if u in labels["en"] and u in labels["fr"]: f.write(f"a{c} 0 {u} 1\n")
    counts[h] = (len(mine), len(t2))
print(json.dumps({"t1": {h: counts[h][0] for h in counts}, "t2": {h: counts[h][1] for h in counts}, "t2_corpus": len(labels["en"])}))
