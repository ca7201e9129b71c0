"""scikit-learn's whole pipeline as the three processes a user of it would run, the peers of
`passerelle index`, `passerelle batch` and `passerelle rank` in scripts/benchmarks/bench (each timed as a whole
process, Python's start and imports included, as Passerelle's are):

    bench_sklearn.py index --postings P.jsonl --model M.joblib      TF-IDF + randomized SVD + unit rows, saved
    bench_sklearn.py batch --model M.joblib --candidates C.jsonl --out TOP.json
                                                                    load, fold the CVs, top-10 both ways
    bench_sklearn.py rank --model M.joblib --cv CV.txt              load, fold one CV, its top-10

Same job as Passerelle's `index --analyzer plain --no-competencies --min-df 2 --power-iterations 5`:
TfidfVectorizer(sublinear_tf=True, min_df=2, strip_accents="unicode") + TruncatedSVD(200, randomized,
5 power iterations, 10 oversamples) + normalize; scores are dense products per chunk of 1,000 CVs with
argpartition top-10 both ways (each CV's postings, each posting's CVs), as `passerelle batch` does.
"""
import argparse
import json
import sys

import numpy as np


def read(path):
    ids, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                ids.append(r["id"])
                texts.append(r["text"])
    return ids, texts


def top_both_ways(zc, zp, top, chunk=1000):
    n = zp.shape[0]
    cand_top = []
    best_scores = np.full((top, n), -np.inf)
    best_ids = np.zeros((top, n), dtype=np.int64)
    for start in range(0, zc.shape[0], chunk):
        s = zc[start:start + chunk] @ zp.T
        kk = min(top, n)
        part = np.argpartition(-s, kk - 1, axis=1)[:, :kk]
        ps = np.take_along_axis(s, part, axis=1)
        order = np.argsort(-ps, axis=1, kind="stable")
        cand_top.extend(np.take_along_axis(part, order, axis=1).tolist())
        kc = min(top, s.shape[0])
        colpart = np.argpartition(-s, kc - 1, axis=0)[:kc, :]
        cs = np.take_along_axis(s, colpart, axis=0)
        all_s = np.vstack([best_scores, cs])
        all_i = np.vstack([best_ids, colpart + start])
        keep = np.argpartition(-all_s, top - 1, axis=0)[:top, :]
        best_scores = np.take_along_axis(all_s, keep, axis=0)
        best_ids = np.take_along_axis(all_i, keep, axis=0)
    return cand_top, best_ids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stage", choices=["index", "batch", "rank"])
    parser.add_argument("--postings")
    parser.add_argument("--model", required=True)
    parser.add_argument("--candidates")
    parser.add_argument("--cv")
    parser.add_argument("--out")
    parser.add_argument("--dims", type=int, default=200)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--random-state", type=int, default=42)
    args = parser.parse_args()
    import joblib
    from sklearn.preprocessing import normalize
    if args.stage == "index":
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        ids, texts = read(args.postings)
        vec = TfidfVectorizer(sublinear_tf=True, min_df=2, strip_accents="unicode")
        x = vec.fit_transform(texts)
        svd = TruncatedSVD(n_components=args.dims, algorithm="randomized", n_iter=5, n_oversamples=10,
                           random_state=args.random_state)
        zp = normalize(svd.fit_transform(x)).astype(np.float32)
        joblib.dump({"ids": ids, "vectorizer": vec, "svd": svd, "postings": zp}, args.model)
        print(json.dumps({"postings": len(ids), "vocabulary": len(vec.vocabulary_), "nonzeros": int(x.nnz)}))
        return
    m = joblib.load(args.model)
    vec, svd, zp, ids = m["vectorizer"], m["svd"], m["postings"], m["ids"]
    if args.stage == "batch":
        cids, texts = read(args.candidates)
        zc = normalize(svd.transform(vec.transform(texts))).astype(np.float32)
        cand_top, _ = top_both_ways(zc, zp, args.top)
        with open(args.out, "w") as f:
            json.dump([[ids[j] for j in row] for row in cand_top], f)
        return
    with open(args.cv, encoding="utf-8") as f:
        text = f.read()
    z = normalize(svd.transform(vec.transform([text]))).astype(np.float32)
    s = (z @ zp.T)[0]
    part = np.argpartition(-s, args.top - 1)[:args.top]
    print(json.dumps([ids[j] for j in part[np.argsort(-s[part])]]))


if __name__ == "__main__":
    sys.exit(main())
