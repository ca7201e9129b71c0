#!/usr/bin/env python3
"""Paired bootstrap over queries between two `passerelle eval --per-query --format json` reports.

  python3 scripts/evaluation/paired_bootstrap.py A.json B.json [METRIC] [SYSTEM_A_PREFIX] [SYSTEM_B_PREFIX]

Compares system A of A.json (default: the first, the model) with system B of B.json on the queries
both rank; prints the mean difference B − A, its 95% interval (10,000 resamples, seed 29) and the share
of resamples where B ≤ A (a one-sided p-value).
"""
import json, random, sys

def per_query(path, prefix, metric):
    r = json.load(open(path))
    s = next(x for x in r["systems"] if x["system"].startswith(prefix)) if prefix else r["systems"][0]
    return s["system"], {q["id"]: q["metrics"][metric] for q in s["per_query"]}

a_path, b_path = sys.argv[1], sys.argv[2]
metric = sys.argv[3] if len(sys.argv) > 3 else "mrr"
na, a = per_query(a_path, sys.argv[4] if len(sys.argv) > 4 else None, metric)
nb, b = per_query(b_path, sys.argv[5] if len(sys.argv) > 5 else None, metric)
ids = sorted(set(a) & set(b))
d = [b[i] - a[i] for i in ids]
rng = random.Random(29)
means = []
for _ in range(10000):
    s = [d[rng.randrange(len(d))] for _ in d]
    means.append(sum(s) / len(s))
means.sort()
mean = sum(d) / len(d)
p = sum(1 for m in means if m <= 0) / len(means)
print(f"{metric}: {na} {sum(a[i] for i in ids)/len(ids):.3f} -> {nb} {sum(b[i] for i in ids)/len(ids):.3f}; "
      f"diff {mean:+.4f} [95% {means[249]:+.4f}, {means[9749]:+.4f}], P(diff <= 0) = {p:.4f}, {len(ids)} queries")
