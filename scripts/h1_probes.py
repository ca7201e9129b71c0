#!/usr/bin/env python3
"""What can still move the dev collection's similar-roles task (H1, ROME mobility links, nDCG@10)?

Probes in a prototype, not in the engine: exact cosine on sublinear TF-IDF over a deliberately simple
analyzer (accents folded, 7-letter prefixes, a small stop list), so only the direction of each idea counts
(the engine's own H1 is `scripts/eval-dev.sh`). Each line prints one variant's H1 nDCG@10:

  * word bigrams added to the words; each short line of a fiche (a skill item) as one feature;
  * pseudo-relevance feedback (Rocchio: the query plus beta times the mean of its m nearest fiches);
  * second-order similarity (cosine of the fiches' similarity profiles) blended with the cosine;
  * sections weighted apart (title, definition, access, working conditions, skill items);
  * upper bounds from ROME's own structure, which no posting has: a bonus for fiches of the same
    professional domain (A11, K18, ...) and the overlap of the ROME competence items linked to each fiche
    (`../shared/data/rome`), alone and blended; and LSA fitted with one extra row per domain.

Reads ../shared/data/dev and ../shared/data/rome in place (never copied). Python 3 + numpy; about a minute.

    python3 scripts/h1_probes.py [SHARED_DATA_DIR]
"""
import collections
import csv
import json
import os
import re
import sys
import unicodedata

import numpy as np

DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
DEV, ROME = os.path.join(DATA, "dev"), os.path.join(DATA, "rome")
STOP = set("le la les de des du un une et en a au aux pour par sur dans avec ou d l cet emploi metier est peut etre selon".split())


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn")


def words(s):
    return [w[:7] for w in re.findall(r"[a-z]{2,}", fold(s)) if w not in STOP]


corpus = [json.loads(line) for line in open(os.path.join(DEV, "corpus_rome.jsonl"), encoding="utf-8")]
ids = [c["id"] for c in corpus]
position = {d: i for i, d in enumerate(ids)}
qrels = collections.defaultdict(dict)
for line in open(os.path.join(DEV, "h1_qrels.tsv"), encoding="utf-8"):
    q, _, d, g = line.split()
    qrels[q][d] = int(g)


def counts(docs):
    vocab = {}
    for d in docs:
        for t in d:
            vocab.setdefault(t, len(vocab))
    c = np.zeros((len(docs), len(vocab)), dtype=np.float32)
    for i, d in enumerate(docs):
        for t in d:
            c[i, vocab[t]] += 1
    return c


def normalized(x):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def tfidf(c):
    n = c.shape[0]
    idf = np.log((1 + n) / (1 + (c > 0).sum(0))) + 1
    return normalized(np.where(c > 0, 1 + np.log(np.maximum(c, 1)), 0) * idf)


def ndcg10(ranking, relevant):
    dcg = sum(relevant.get(ids[r], 0) / np.log2(i + 2) for i, r in enumerate(ranking[:10]))
    ideal = sum(g / np.log2(i + 2) for i, g in enumerate(sorted(relevant.values(), reverse=True)[:10]))
    return dcg / ideal


def h1(similarity):
    s = similarity.copy()
    np.fill_diagonal(s, -9)       # the fiche is dropped from its own ranking, as `similar` does
    return np.mean([ndcg10(list(np.argsort(-s[position[q]])), qrels[q]) for q in qrels])


def show(name, value):
    print(f"{name:<58} {value:.3f}")


def sections(text):
    lines = text.split("\n")
    parts = {"title": [lines[0]], "definition": [], "access": [], "conditions": [], "items": []}
    for line in lines[1:]:
        if "accessible" in line or "exigé" in line or "requis" in line or "diplôme" in line.lower():
            parts["access"].append(line)
        elif "L'activité" in line or "s'exerce" in line or "horaires" in line or "déplacements" in line:
            parts["conditions"].append(line)
        elif len(line.split()) > 12:
            parts["definition"].append(line)
        else:
            parts["items"].append(line)
    return parts


x = tfidf(counts([words(c["text"]) for c in corpus]))
s = x @ x.T
show("TF-IDF cosine (words)", h1(s))

bigrams = []
for c in corpus:
    w = words(c["text"])
    bigrams.append(w + [a + "_" + b for a, b in zip(w, w[1:])])
xb = tfidf(counts(bigrams))
show("words + bigrams", h1(xb @ xb.T))
lines = [words(c["text"]) + ["L:" + " ".join(words(l)) for l in c["text"].split("\n")[1:] if 0 < len(words(l)) <= 6] for c in corpus]
xl = tfidf(counts(lines))
show("words + each short line (skill item) as one feature", h1(xl @ xl.T))

nearest = np.argsort(-(s - 9 * np.eye(len(ids))), axis=1)
for m in (3, 5, 10):
    for beta in (0.3, 0.6):
        q = normalized(x + beta * x[nearest[:, :m]].mean(1))
        show(f"pseudo-relevance feedback m = {m}, beta = {beta}", h1(q @ x.T))

profile = normalized(s - np.diag(np.diag(s)))
second = profile @ profile.T
for a in (0.3, 0.5):
    show(f"second-order similarity blended, weight {a}", h1((1 - a) * s + a * second))

parts = [sections(c["text"]) for c in corpus]
for weights in [(2, 1, 1, 1, 1), (1, 1, 0, 1, 1), (1, 1, 1, 0, 1), (1, 1, 0, 0, 1), (1, 2, 0, 1, 1), (1, 1, 0, 1, 2)]:
    docs = []
    for p in parts:
        d = []
        for w, key in zip(weights, ["title", "definition", "access", "conditions", "items"]):
            for line in p[key]:
                d += words(line) * w
        docs.append(d)
    xs = tfidf(counts(docs))
    show("sections weighted (title, def, access, cond, items) = " + ",".join(map(str, weights)), h1(xs @ xs.T))

# Upper bounds from ROME's structure (not available for postings).
domain = np.array([i[:3] for i in ids])
same_domain = (domain[:, None] == domain[None, :]).astype(np.float32)
pairs = [(q, d) for q in qrels for d in qrels[q]]
print(f"(relevant pairs in the same professional domain: {np.mean([q[:3] == d[:3] for q, d in pairs]):.2f}, "
      f"same major domain: {np.mean([q[0] == d[0] for q, d in pairs]):.2f})")
for a in (0.05, 0.1):
    show(f"oracle: + {a} for the same professional domain", h1(s + a * same_domain))
items = collections.defaultdict(set)
for name in ("correspondances.csv", "unix_coherence_item_v347_utf8.csv", "unix_liens_rome_referentiels_v347_utf8.csv"):
    path = os.path.join(ROME, name)
    if os.path.exists(path):
        for row in csv.DictReader(open(path, encoding="utf-8")):
            items[row["code_rome"]].add(row["code_ogr"])
if items:
    xi = tfidf(counts([sorted(items[i]) for i in ids]))
    si = xi @ xi.T
    show("oracle: ROME competence items linked to each fiche (cosine)", h1(si))
    for a in (0.3, 0.5):
        show(f"oracle: words blended with those items, weight {a}", h1((1 - a) * s + a * si))
u, sigma, vt = np.linalg.svd(x, full_matrices=False)
for k in (100, 200):
    z = normalized(x @ vt[:k].T)
    show(f"LSA k = {k}", h1(z @ z.T))
    rows = np.stack([x[domain == d].sum(0) for d in sorted(set(domain))])
    u2, s2, vt2 = np.linalg.svd(np.vstack([x, normalized(rows)]), full_matrices=False)
    z = normalized(x @ vt2[:k].T)
    show(f"LSA k = {k} fitted with one extra row per professional domain", h1(z @ z.T))
