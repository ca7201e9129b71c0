"""The same job as `passerelle-bench stages`, with scikit-learn (and gensim when it is installed), for
scripts/bench. Prints one JSON object: per stage the median seconds over --repeats runs, peak memory.

scikit-learn: TfidfVectorizer(sublinear_tf=True, min_df=2, strip_accents="unicode") + TruncatedSVD(200,
algorithm="randomized") + normalize; fold-in = transform + normalize; score + top-k = dense product per
chunk of 1,000 candidates + argpartition top-10 both ways (each candidate's postings, each posting's
candidates), as Passerelle's batch does.
gensim: LsiModel(num_topics=200) on the TF-IDF corpus (same tokens: scikit-learn's analyzer) +
MatrixSimilarity, top-10 per candidate.
"""
import argparse
import json
import resource
import sys
import time

import numpy as np


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read(path):
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r["id"] for r in rows], [r["text"] for r in rows]


def top_both_ways(zc, zp, top, chunk=1000):
    """Each candidate's top postings and each posting's top candidates, chunk by chunk."""
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


def sklearn_run(args, posting_ids, posting_texts, pools):
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    out = {"engine": "sklearn"}
    sample = posting_texts[:2000]
    analyzer = TfidfVectorizer(strip_accents="unicode").build_analyzer()
    t0 = time.perf_counter()
    out["analyzer_terms"] = sum(len(analyzer(t)) for t in sample)
    out["analyzer_mb_s"] = sum(len(t.encode("utf-8")) for t in sample) / 1e6 / (time.perf_counter() - t0)
    vec_t, svd_t = [], []
    for r in range(args.repeats):
        t0 = time.perf_counter()
        vec = TfidfVectorizer(sublinear_tf=True, min_df=2, strip_accents="unicode")
        x = vec.fit_transform(posting_texts)
        t1 = time.perf_counter()
        svd = TruncatedSVD(n_components=args.dims, algorithm="randomized", random_state=args.random_state)
        zp = normalize(svd.fit_transform(x))
        t2 = time.perf_counter()
        vec_t.append(t1 - t0)
        svd_t.append(t2 - t1)
        if r == 0:
            out["index_peak_mb"] = peak_mb()
            out["vocabulary"] = len(vec.vocabulary_)
            out["nonzeros"] = int(x.nnz)
            out["sigma_squared_sum"] = float((svd.singular_values_ ** 2).sum())
    out["vectorize_s"] = float(np.median(vec_t))
    out["svd_s"] = float(np.median(svd_t))
    out["pools"] = []
    for p, (ids, texts) in enumerate(pools):
        fold_t, score_t = [], []
        for r in range(args.repeats):
            t0 = time.perf_counter()
            zc = normalize(svd.transform(vec.transform(texts)))
            t1 = time.perf_counter()
            cand_top, _ = top_both_ways(zc, zp, args.top)
            t2 = time.perf_counter()
            fold_t.append(t1 - t0)
            score_t.append(t2 - t1)
        pool = {"candidates": len(ids), "fold_s": float(np.median(fold_t)), "score_topk_s": float(np.median(score_t)), "peak_mb": peak_mb()}
        if args.top_out:
            path = f"{args.top_out}-{p}.json"
            with open(path, "w") as f:
                json.dump([[posting_ids[j] for j in row] for row in cand_top], f)
            pool["top_file"] = path
        out["pools"].append(pool)
    # Rank one CV: transform, product with all postings, top-10.
    ids, texts = pools[0]
    times = []
    for text in texts[:100]:
        t0 = time.perf_counter()
        z = normalize(svd.transform(vec.transform([text])))
        s = (z @ zp.T)[0]
        part = np.argpartition(-s, args.top - 1)[:args.top]
        part[np.argsort(-s[part])]
        times.append(time.perf_counter() - t0)
    out["rank_one_ms"] = 1000 * float(np.median(times))
    out["peak_mb"] = peak_mb()
    return out


def gensim_run(args, posting_ids, posting_texts, pools):
    from gensim import corpora, models, similarities
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyzer = TfidfVectorizer(strip_accents="unicode").build_analyzer()
    out = {"engine": "gensim"}
    t0 = time.perf_counter()
    tokens = [analyzer(t) for t in posting_texts]
    dictionary = corpora.Dictionary(tokens)
    dictionary.filter_extremes(no_below=2, no_above=1.0, keep_n=None)
    bows = [dictionary.doc2bow(t) for t in tokens]
    tfidf = models.TfidfModel(bows, wlocal=lambda tf: 1 + np.log(tf), normalize=True)
    corpus = tfidf[bows]
    t1 = time.perf_counter()
    lsi = models.LsiModel(corpus, id2word=dictionary, num_topics=args.dims, random_seed=42)
    index = similarities.MatrixSimilarity(lsi[corpus], num_features=args.dims)
    t2 = time.perf_counter()
    out["index_peak_mb"] = peak_mb()
    out["vectorize_s"] = t1 - t0
    out["svd_s"] = t2 - t1
    out["pools"] = []
    for p, (ids, texts) in enumerate(pools):
        t0 = time.perf_counter()
        queries = [lsi[tfidf[dictionary.doc2bow(analyzer(t))]] for t in texts]
        t1 = time.perf_counter()
        cand_top = []
        for start in range(0, len(queries), 1000):
            s = index[queries[start:start + 1000]]
            part = np.argpartition(-s, args.top - 1, axis=1)[:, :args.top]
            ps = np.take_along_axis(s, part, axis=1)
            cand_top.extend(np.take_along_axis(part, np.argsort(-ps, axis=1, kind="stable"), axis=1).tolist())
        t2 = time.perf_counter()
        pool = {"candidates": len(ids), "fold_s": t1 - t0, "score_topk_s": t2 - t1, "peak_mb": peak_mb()}
        if args.top_out:
            path = f"{args.top_out}-gensim-{p}.json"
            with open(path, "w") as f:
                json.dump([[posting_ids[j] for j in row] for row in cand_top], f)
            pool["top_file"] = path
        out["pools"].append(pool)
    out["peak_mb"] = peak_mb()
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sklearn", "gensim"], default="sklearn")
    parser.add_argument("--postings", required=True)
    parser.add_argument("--candidates", action="append", default=[])
    parser.add_argument("--dims", type=int, default=200)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--top-out")
    parser.add_argument("--random-state", type=int, default=42, help="seed of the randomized SVD (another seed gives the noise floor of the overlap)")
    args = parser.parse_args()
    posting_ids, posting_texts = read(args.postings)
    pools = [read(p) for p in args.candidates]
    run = sklearn_run if args.engine == "sklearn" else gensim_run
    result = run(args, posting_ids, posting_texts, pools)
    result["postings"] = len(posting_ids)
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
