#!/usr/bin/env python3
"""Ranking quality on the judged CVs (Data/judgments/candidates.qrels), as `passerelle rank` gives it.

For every CV of the qrels found in the candidate folders, runs `passerelle rank --format json` over all the
postings of the model, once with the language rule and once with --ignore-language-fit, and prints
nDCG@10 (gain 2^grade − 1, log2 discount, ideal from the qrels), P@3 (grade ≥ 2), and how the fit labels
agree with the grades. --factors also replays the language rule with other unmet factors on the raw
scores (same formula as Sources/Passerelle/LanguageFitRanking.swift) to show how the factor was chosen.

    python3 scripts/evaluation/eval-judged.py --model /tmp/m.plm [--bin .build/debug/passerelle] [--factors]
"""
import argparse, json, math, os, subprocess, sys
from collections import defaultdict

ap = argparse.ArgumentParser()
ap.add_argument("--model", required=True)
ap.add_argument("--bin", default=".build/debug/passerelle")
ap.add_argument("--qrels", nargs="+", default=["Data/judgments/candidates.qrels", "Data/judgments/judged-cvs.qrels"])
ap.add_argument("--calibrate", action="store_true", help="grid-search the fit label thresholds against the grades")
ap.add_argument("--candidates", nargs="+", default=["Data/candidates", "Data/judged-cvs"])
ap.add_argument("--factors", action="store_true")
a = ap.parse_args()

qrels = defaultdict(dict)
# Grades: candidates.qrels uses 0–3, judged-cvs.qrels 0–2; both are read as written (nDCG is per CV,
# normalized by that CV's ideal ranking, so the scales never mix within one CV). For the fit label,
# "relevant" means grade >= 2 on either scale, "partial" grade 1.
for path in a.qrels:
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if len(f) == 4 and not line.startswith("#"):
            qrels[f[0]][f[2]] = int(f[3])

def cv_files():
    out = {}
    for d in a.candidates:
        if not os.path.isdir(d): continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".txt"):
                path = os.path.join(d, name)
                ident = name[:-4]
                for line in open(path, encoding="utf-8"):
                    if line.startswith("id:"): ident = line[3:].strip(); break
                    if line.strip() and not line.startswith("---") and ":" not in line: break
                out[ident] = path
    return out

def rank(path, ignore):
    args = [a.bin, "rank", "--cv", path, "--model", a.model, "--top", "200", "--format", "json"]
    if ignore: args.append("--ignore-language-fit")
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0: sys.exit(r.stderr)
    return json.loads(r.stdout)

def ndcg(ids, grades, k=10):
    dcg = sum((2 ** grades.get(p, 0) - 1) / math.log2(i + 2) for i, p in enumerate(ids[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0

files = cv_files()
judged = [c for c in sorted(qrels) if c in files]
missing = [c for c in sorted(qrels) if c not in files]
if missing: print("judged but not found:", missing, file=sys.stderr)
res = {False: [], True: []}
p3 = {False: [], True: []}
raw_runs = {}
rule_runs = {}
labels = defaultdict(lambda: defaultdict(int))
for cv in judged:
    for ignore in (True, False):
        out = rank(files[cv], ignore)
        ids = [m["id"] for m in out["matches"]]
        res[ignore].append(ndcg(ids, qrels[cv]))
        p3[ignore].append(1.0 if ids and qrels[cv].get(ids[0], 0) >= 1 else 0.0)
        if ignore: raw_runs[cv] = out["matches"]
        else:
            rule_runs[cv] = out
            for m in out["matches"]:
                if "fit" in m: labels[m["fit"]][min(2, qrels[cv].get(m["id"], 0))] += 1

n = len(judged)
print(f"{n} judged CVs, {sum(len(v) for v in qrels.values() if True)} graded pairs")
for ignore, name in ((True, "raw similarity (--ignore-language-fit)"), (False, "with the language rule")):
    print(f"  {name}: nDCG@10 {sum(res[ignore]) / n:.3f}, P@1 (first match graded >= 1) {sum(p3[ignore]) / n:.3f}")
if labels:
    print("fit label × grade (all postings of every judged CV):")
    for lab in ("strong", "possible", "weak"):
        row = labels.get(lab, {})
        print(f"  {lab:8s} " + "  ".join(f"grade {'2-3' if g == 2 else g}: {row.get(g, 0):4d}" for g in (2, 1, 0)))
if a.factors:
    for factor in (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.4, 0.3):
        scores = []
        for cv in judged:
            ms = []
            for m in raw_runs[cv]:
                f = 1.0
                for l in m.get("languages", []):
                    if l.get("requirement", "required") == "desirable": continue
                    if l["fit"] == "unmet": f *= factor
                    elif l["fit"] == "partly": f *= (1 - (1 - factor) / 3)
                ms.append((-m["score"] * f, m["rank"], m["id"]))
            ms.sort()
            scores.append(ndcg([x[2] for x in ms], qrels[cv]))
        print(f"  unmet factor {factor:.2f} (partly {1 - (1 - factor) / 3:.3f}): nDCG@10 {sum(scores) / n:.3f}")

if a.calibrate:
    # Every (CV, posting) pair: ranking score, shared competencies, the CV's warning, grade.
    pairs = []
    for cv, out in rule_runs.items():
        low = bool(out["query"].get("warning"))
        for m in out["matches"]:
            pairs.append((m["score"], len(m["competencies"]["shared"]), low, min(2, qrels[cv].get(m["id"], 0))))
    best = []
    for ts in [x / 100 for x in range(40, 81, 2)]:
        for tp in [x / 100 for x in range(20, 51, 2)]:
            if tp >= ts: continue
            for ms in (0, 1, 2, 3):
                strong0 = sum(1 for s_, sh, low, g in pairs if s_ >= ts and sh >= ms and not low and g == 0)
                strong2 = sum(1 for s_, sh, low, g in pairs if s_ >= ts and sh >= ms and not low and g == 2)
                strong1 = sum(1 for s_, sh, low, g in pairs if s_ >= ts and sh >= ms and not low and g == 1)
                weak_rel = sum(1 for s_, sh, low, g in pairs if s_ < tp and g >= 1)
                poss0 = sum(1 for s_, sh, low, g in pairs if s_ >= tp and g == 0 and not (s_ >= ts and sh >= ms and not low))
                total2 = sum(1 for p in pairs if p[3] == 2)
                total1 = sum(1 for p in pairs if p[3] == 1)
                # Objective: no grade-0 pair strong (hard), then most grade-2 pairs strong, fewest relevant pairs weak,
                # fewest grade-0 pairs "possible".
                if strong0 > 0: continue
                best.append((-(strong2 / total2) + (weak_rel / (total1 + total2)) + poss0 / 200, ts, tp, ms, strong2, strong1, weak_rel, poss0))
    best.sort()
    print("fit label calibration (no grade-0 pair strong; maximize grade>=2 pairs strong, minimize relevant pairs weak):")
    for b in best[:8]:
        print(f"  strong >= {b[1]:.2f} with >= {b[3]} shared, possible >= {b[2]:.2f}: strong holds {b[4]} grade-2 and {b[5]} grade-1 pairs; {b[6]} relevant pairs weak; {b[7]} grade-0 pairs possible")
