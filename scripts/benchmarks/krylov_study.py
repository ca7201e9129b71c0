"""Issue 27 study (helper, 2026-12-04; results in docs/SVD-KRYLOV-STUDY.md; run with scripts/.venv-bench/bin/python): block Krylov range finder vs today's randomized SVD with power iterations.

Mirrors Sources/LinearAlgebra/TruncatedSVD.swift in float32 (A float32 CSR, blocks float32, CholeskyQR2 with a
Householder fallback), and compares against an exact (ARPACK, float64, tight tol) truncated SVD.

    krylov_study.py reference --n 20000 --kref 210            exact SVD of the first n postings (cached .npz)
    krylov_study.py run --n 20000 --k 200 --variants ...       each variant x seeds; results appended to a JSONL
    krylov_study.py sk100k ...                                 100k: scikit-learn seeds vs variants

Variants: "rand:q" (today: l = k+10, q power iterations, both Q and Z orthonormalized),
          "kry:b:q" (block Krylov, block size b, depth q: blocks Q_0..Q_q, each new block A(AᵀQ_i)
          projected twice against all previous blocks (BCGS2) and orthonormalized by CholeskyQR2;
          C = AᵀQ = [AᵀQ_0 … AᵀQ_q] reuses the products already computed, so only AᵀQ_q is new).
Pass-equivalents = Σ over sparse products of width/(k+10).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
from scipy.sparse.linalg import svds

# The corpus: `scripts/benchmarks/bench_corpus.py --postings 100000 --candidates 1000 --out DIR` (the bench's generator
# and seed); DIR from KRYLOV_CORPUS (default bench-out/krylov, git-ignored). Caches and results go to the current folder.
CORPUS = os.environ.get("KRYLOV_CORPUS", os.path.join("bench-out", "krylov"))
POSTINGS = os.path.join(CORPUS, "postings-100000.jsonl")
CVS = os.path.join(CORPUS, "cvs-1000.jsonl")


def read(path, limit=None):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line)["text"])
                if limit and len(texts) >= limit:
                    break
    return texts


def vectorize(n):
    from sklearn.feature_extraction.text import TfidfVectorizer
    vec = TfidfVectorizer(sublinear_tf=True, min_df=2, strip_accents="unicode")
    a = vec.fit_transform(read(POSTINGS, n)).tocsr()
    x = vec.transform(read(CVS)).tocsr()
    return a, x


# ---------------------------------------------------------------- orthonormalization (float32, as the engine)
STATS = {"householder_fallbacks": 0}


def cholqr(y):
    g = y.T @ y
    try:
        r = sla.cholesky(g.astype(np.float64), lower=False).astype(y.dtype)  # G = RᵀR
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(r)) or np.min(np.abs(np.diag(r))) <= 0:
        return None
    rinv = sla.solve_triangular(r.astype(np.float64), np.eye(r.shape[0]), lower=False).astype(y.dtype)
    return y @ rinv                                         # Q = Y R⁻¹ (the engine uses trsm; same in exact arithmetic)


def orth(y):
    """CholeskyQR2; Householder (geqrf/orgqr) when a Cholesky fails, as LAPACK.orthonormalizeTall."""
    q = cholqr(y)
    if q is not None:
        q2 = cholqr(q)
        if q2 is not None:
            return np.ascontiguousarray(q2)
    STATS["householder_fallbacks"] += 1
    q, _ = np.linalg.qr(y)
    return q.astype(y.dtype)


# ---------------------------------------------------------------- methods
class Timer:
    def __init__(self):
        self.sparse = 0.0
        self.passes = 0.0

    def mul(self, a, y, l0, transpose=False):
        t = time.perf_counter()
        r = (a.T @ y) if transpose else (a @ y)
        self.sparse += time.perf_counter() - t
        self.passes += y.shape[1] / l0
        return np.ascontiguousarray(r)


def randomized(a, k, q, seed, tm, oversamples=10):
    m, n = a.shape
    l = k + oversamples
    omega = np.random.default_rng(seed).standard_normal((n, l), dtype=np.float32)
    y = tm.mul(a, omega, l)
    for _ in range(q):
        y = orth(y)
        z = orth(tm.mul(a, y, l, transpose=True))
        y = tm.mul(a, z, l)
    y = orth(y)
    c = tm.mul(a, y, l, transpose=True)
    return c


def krylov(a, k, b, q, seed, tm, oversamples=10):
    m, n = a.shape
    l0 = k + oversamples
    omega = np.random.default_rng(seed).standard_normal((n, b), dtype=np.float32)
    blocks = [orth(tm.mul(a, omega, l0))]
    zs = []
    for i in range(q):
        z = tm.mul(a, blocks[i], l0, transpose=True)       # Aᵀ Q_i, kept: it is block i of C = AᵀQ
        zs.append(z)
        y = tm.mul(a, z, l0)                                # A Aᵀ Q_i
        basis = np.hstack(blocks) if len(blocks) > 1 else blocks[0]
        for _ in range(2):                                  # BCGS2: project twice, orthonormalize each time
            y -= basis @ (basis.T @ y)
            y = orth(y)
        blocks.append(y)
    zs.append(tm.mul(a, blocks[q], l0, transpose=True))
    return np.hstack(zs)


def finish(c, k):
    """C = AᵀQ (n × p): thin SVD, V = left singular vectors of C."""
    c64 = c.astype(np.float64)
    g = c64.T @ c64                                         # p × p Gram in float64 (σ_k/σ_1 ≈ 0.08: well conditioned)
    lam, w = np.linalg.eigh(g)
    idx = np.argsort(-lam)[:k]
    s = np.sqrt(np.maximum(lam[idx], 0))
    v = (c64 @ w[:, idx]) / s
    return v, s


def run_variant(a, k, spec, seed):
    tm = Timer()
    t0 = time.perf_counter()
    parts = spec.split(":")
    if parts[0] == "rand":
        c = randomized(a, k, int(parts[1]), seed, tm)
        width = k + 10
        depth = int(parts[1])
    elif parts[0] == "kry":
        b = int(parts[1]) if parts[1] != "l" else k + 10
        c = krylov(a, k, b, int(parts[2]), seed, tm)
        width = b * (int(parts[2]) + 1)
        depth = int(parts[2])
    else:
        raise ValueError(spec)
    t1 = time.perf_counter()
    v, s = finish(c, k)
    t2 = time.perf_counter()
    return v, s, {"wall": t2 - t0, "range": t1 - t0, "svd": t2 - t1, "sparse": tm.sparse, "passes": tm.passes,
                  "space": width, "extra_floats": a.shape[0] * width, "depth": depth}


# ---------------------------------------------------------------- metrics
def top10(a, x, v, top=10):
    zp = np.asarray(a @ v, dtype=np.float64)
    zp /= np.maximum(np.linalg.norm(zp, axis=1, keepdims=True), 1e-30)
    zc = np.asarray(x @ v, dtype=np.float64)
    zc /= np.maximum(np.linalg.norm(zc, axis=1, keepdims=True), 1e-30)
    s = zc @ zp.T
    part = np.argpartition(-s, top - 1, axis=1)[:, :top]
    return part


def overlap(t1, t2):
    return float(np.mean([len(set(r1) & set(r2)) / len(r1) for r1, r2 in zip(t1, t2)]))


def metrics(a, x, v, s, ref, k, fro2):
    vr, sr = ref["v"][:, :k], ref["s"][:k]
    v64 = v.astype(np.float64)
    av = a @ v64
    captured = float(np.sum(av * av))
    err2 = fro2 - captured                                 # ‖A − AVVᵀ‖²_F (V orthonormal)
    err2_ref = ref["err2"][str(k)]
    cosines = np.linalg.svd(vr.T @ v64, compute_uv=False)
    rel = np.abs(s.astype(np.float64) - sr) / sr
    return {
        "sv_rel_err_max": float(rel.max()), "sv_rel_err_mean": float(rel.mean()),
        "sv_rel_err_k": float(rel[-1]),
        "resid_excess": float((np.sqrt(max(err2, 0)) - np.sqrt(err2_ref)) / np.sqrt(err2_ref)),
        "subspace_mean_cos2": float(np.mean(cosines ** 2)),
        "subspace_max_angle_deg": float(np.degrees(np.arccos(min(1.0, cosines.min())))),
    }


# ---------------------------------------------------------------- commands
def cmd_reference(args):
    a, x = vectorize(args.n)
    a64 = a.astype(np.float64)
    print(f"A {a.shape} nnz {a.nnz}; load {os.getloadavg()}", file=sys.stderr)
    t = time.perf_counter()
    u, s, vt = svds(a64, k=args.kref, tol=args.tol, random_state=0, solver="arpack")
    dt = time.perf_counter() - t
    order = np.argsort(-s)
    s, vt, u = s[order], vt[order], u[:, order]
    v = vt.T
    resid = np.linalg.norm(a64 @ v - u * s, axis=0) / s
    fro2 = float(a64.multiply(a64).sum())
    err2 = {}
    for k in (150, 200):
        av = a64 @ v[:, :k]
        err2[str(k)] = fro2 - float(np.sum(av * av))
    np.savez(os.path.join(".", f"ref-{args.n}.npz"), v=v, s=s, fro2=fro2, err2=json.dumps(err2))
    print(json.dumps({"n": args.n, "shape": a.shape, "nnz": int(a.nnz), "svds_seconds": dt,
                      "max_rel_residual": float(resid.max()), "s_top": s[:3].tolist(),
                      "s_150_151": s[149:151].tolist(), "s_200_201": s[199:201].tolist(),
                      "err2": err2, "fro2": fro2}))


def load_ref(n):
    r = np.load(os.path.join(".", f"ref-{n}.npz"))
    return {"v": r["v"], "s": r["s"], "fro2": float(r["fro2"]), "err2": json.loads(str(r["err2"]))}


def cmd_run(args):
    a, x = vectorize(args.n)
    a32 = a.astype(np.float32)
    ref = load_ref(args.n)
    fro2 = ref["fro2"]
    tops_ref = {}
    out = open(args.out, "a")
    seeds = [int(s) for s in args.seeds.split(",")]
    for k in [int(k) for k in args.k.split(",")]:
        tref = top10(a, x, ref["v"][:, :k])
        tops = {}
        for spec in args.variants.split(","):
            for seed in seeds:
                STATS["householder_fallbacks"] = 0
                load = os.getloadavg()[0]
                v, s, info = run_variant(a32, k, spec, seed)
                t = top10(a, x, v.astype(np.float64))
                tops[(spec, seed)] = t
                rec = {"n": args.n, "k": k, "variant": spec, "seed": seed, "load1": load,
                       "fallbacks": STATS["householder_fallbacks"], **info,
                       "top10_vs_exact": overlap(t, tref), **metrics(a, x, v, s, ref, k, fro2)}
                if (spec, seeds[0]) in tops and seed != seeds[0]:
                    rec["top10_vs_seed0"] = overlap(t, tops[(spec, seeds[0])])
                out.write(json.dumps(rec) + "\n")
                out.flush()
                print(json.dumps({kk: (round(vv, 4) if isinstance(vv, float) else vv) for kk, vv in rec.items()}),
                      file=sys.stderr, flush=True)


def sk_one(a, x, k, seed, tops, out, args):
    from sklearn.decomposition import TruncatedSVD
    t = time.perf_counter()
    svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, n_oversamples=10, random_state=seed)
    svd.fit(a)
    dt = time.perf_counter() - t
    tops[("sklearn", seed)] = top10(a, x, svd.components_.T)
    rec = {"n": args.n, "k": k, "variant": "sklearn:q5", "seed": seed, "wall": dt, "load1": os.getloadavg()[0],
           "vs": {f"{k1[0]}@{k1[1]}": overlap(tops[("sklearn", seed)], tops[k1]) for k1 in tops if k1 != ("sklearn", seed)}}
    out.write(json.dumps(rec) + "\n"); out.flush(); print(rec, file=sys.stderr, flush=True)


def cmd_sk100k(args):
    """At n postings: scikit-learn TruncatedSVD seeds (as bench_sklearn.py) and our variants, top-10 pairwise."""
    a, x = vectorize(args.n)
    a32 = a.astype(np.float32)
    k = args.k
    print(f"A {a.shape} nnz {a.nnz}; load {os.getloadavg()}", file=sys.stderr, flush=True)
    tops, out = {}, open(args.out, "a")
    for seed in [int(s) for s in args.sk_seeds.split(",") if s]:
        sk_one(a, x, k, seed, tops, out, args)
    for spec in args.variants.split(","):
        if spec.startswith("sk"):                           # "sk:SEED": scikit-learn at that seed, in this order
            sk_one(a, x, k, int(spec.split(":")[1]), tops, out, args)
            continue
        for seed in [int(s) for s in args.seeds.split(",")]:
            v, s, info = run_variant(a32, k, spec, seed)
            tops[(spec, seed)] = top10(a, x, v.astype(np.float64))
            rec = {"n": args.n, "k": k, "variant": spec, "seed": seed, "load1": os.getloadavg()[0], **info,
                   "vs": {f"{k1[0]}@{k1[1]}": overlap(tops[(spec, seed)], tops[k1]) for k1 in tops if k1 != (spec, seed)},
                   "sigma_sum": float(np.sum(s.astype(np.float64))),
                   "captured": float(np.sum((a @ v.astype(np.float64)) ** 2))}
            out.write(json.dumps(rec) + "\n"); out.flush(); print(rec, file=sys.stderr, flush=True)
    keys = list(tops)
    pairs = {f"{k1[0]}@{k1[1]} ~ {k2[0]}@{k2[1]}": overlap(tops[k1], tops[k2])
             for i, k1 in enumerate(keys) for k2 in keys[i + 1:]}
    out.write(json.dumps({"n": args.n, "k": k, "pairs": pairs}) + "\n"); out.flush()
    print(json.dumps(pairs, indent=1), file=sys.stderr)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("reference"); r.add_argument("--n", type=int, default=20000)
    r.add_argument("--kref", type=int, default=210); r.add_argument("--tol", type=float, default=1e-10)
    r = sub.add_parser("run"); r.add_argument("--n", type=int, default=20000); r.add_argument("--k", default="200")
    r.add_argument("--variants", required=True); r.add_argument("--seeds", default="42,7,123")
    r.add_argument("--out", default=os.path.join(".", "results-20k.jsonl"))
    r = sub.add_parser("sk100k"); r.add_argument("--n", type=int, default=100000); r.add_argument("--k", type=int, default=200)
    r.add_argument("--variants", required=True); r.add_argument("--seeds", default="42,7")
    r.add_argument("--sk-seeds", default="42,7"); r.add_argument("--out", default=os.path.join(".", "results-100k.jsonl"))
    args = p.parse_args()
    {"reference": cmd_reference, "run": cmd_run, "sk100k": cmd_sk100k}[args.cmd](args)


if __name__ == "__main__":
    main()
