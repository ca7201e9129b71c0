"""Turns the JSON results of scripts/bench into a Markdown table (printed and written to --results)."""
import argparse
import datetime
import json
import os
import platform
import subprocess


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        text = f.read().strip()
    return json.loads(text.splitlines()[-1]) if text else None


def machine():
    model = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    memory = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cores = os.cpu_count()
    load_avg = os.getloadavg()
    return model, cores, memory, load_avg


def overlap(a_path, b_path):
    if not (a_path and b_path and os.path.exists(a_path) and os.path.exists(b_path)):
        return None
    with open(a_path) as f:
        a = json.load(f)
    with open(b_path) as f:
        b = json.load(f)
    total = sum(len(set(x) & set(y)) for x, y in zip(a, b))
    k = max(1, max((len(x) for x in a), default=1))
    return total / (k * len(a))


def fmt(x, digits=2):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def ratio(peer, ours):
    if peer is None or ours is None or ours <= 0:
        return "—"
    return f"{peer / ours:.1f}×"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", required=True)
    parser.add_argument("--out", default="bench-out")
    parser.add_argument("--results", default="scripts/bench-results.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    model, cores, memory, load_avg = machine()
    lines = [
        "# Passerelle benchmark",
        "",
        f"Run {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} with `scripts/bench --sizes {args.sizes}`; "
        f"machine: {model}, nproc = {cores}, {memory} RAM, Linux {platform.release()}; load average at the end "
        f"{load_avg[0]:.1f} / {load_avg[1]:.1f} / {load_avg[2]:.1f} (1 / 5 / 15 min: other work shared the cores, so absolute "
        "times are noisy; both engines ran in the same run under the same conditions).",
        "",
        "Same job for each engine: TF-IDF (sublinear tf, min-df 2, accents stripped: Passerelle `--analyzer plain`, "
        "scikit-learn `strip_accents=\"unicode\"`), randomized truncated SVD k = 200 (5 power iterations, 10 oversamples), "
        "unit rows; fold-in of the CVs; score + top-10 both ways (each CV's postings and each posting's CVs). "
        "Times are medians in seconds; ratio = peer time / Passerelle time (above 1× Passerelle is faster). "
        "Memory is the process's peak resident set (getrusage) after indexing / at the end.",
        "",
        "| postings | stage | Passerelle | scikit-learn | ratio | gensim | ratio |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for n in sizes:
        p = load(f"{args.out}/passerelle-{n}.json")
        s = load(f"{args.out}/sklearn-{n}.json")
        g = load(f"{args.out}/gensim-{n}.json")
        if p is None:
            continue
        def stage(name, key, scale=1.0, unit=""):
            pv = p.get(key) if p else None
            sv = s.get(key) if s else None
            gv = g.get(key) if g else None
            pv = pv * scale if pv is not None else None
            sv = sv * scale if sv is not None else None
            gv = gv * scale if gv is not None else None
            lines.append(f"| {n:,} | {name} | {fmt(pv)}{unit} | {fmt(sv)}{unit} | {ratio(sv, pv)} | {fmt(gv)}{unit} | {ratio(gv, pv)} |")
        stage("vectorize", "vectorize_s")
        stage("SVD (+ posting vectors)", "svd_s")
        pi = (p["vectorize_s"] + p["svd_s"])
        si = (s["vectorize_s"] + s["svd_s"]) if s else None
        gi = (g["vectorize_s"] + g["svd_s"]) if g else None
        lines.append(f"| {n:,} | **index total** | **{fmt(pi)}** | **{fmt(si)}** | **{ratio(si, pi)}** | {fmt(gi)} | {ratio(gi, pi)} |")
        pm, sm, gm = p.get("index_peak_mb"), s.get("index_peak_mb") if s else None, g.get("index_peak_mb") if g else None
        lines.append(f"| {n:,} | index peak memory (MB) | {fmt(pm)} | {fmt(sm)} | {('%.2f' % (pm / sm)) + ' of sklearn' if sm else '—'} | {fmt(gm)} | |")
        for i, pool in enumerate(p.get("pools", [])):
            c = pool["candidates"]
            sp = s["pools"][i] if s and i < len(s.get("pools", [])) else None
            gp = g["pools"][i] if g and i < len(g.get("pools", [])) else None
            for name, key in [("fold-in", "fold_s"), ("score + top-10", "score_topk_s")]:
                a, b, d = pool.get(key), sp.get(key) if sp else None, gp.get(key) if gp else None
                lines.append(f"| {n:,} | {name}, {c:,} CVs | {fmt(a, 3)} | {fmt(b, 3)} | {ratio(b, a)} | {fmt(d, 3)} | {ratio(d, a)} |")
            ov = overlap(pool.get("top_file"), sp.get("top_file") if sp else None)
            ovg = overlap(pool.get("top_file"), gp.get("top_file") if gp else None)
            frac = pool["score_gflops"] / p["sgemm_peak_gflops"] if p.get("sgemm_peak_gflops") else None
            before = pool.get("sgemm_before_gflops")
            frac_before = pool["score_gflops"] / before if before else None
            notes.append(f"- {n:,} postings × {c:,} CVs: top-10 overlap with scikit-learn **{fmt(ov, 3)}**"
                         + (f", with gensim {fmt(ovg, 3)}" if ovg is not None else "")
                         + f"; score + top-10 at {pool['score_gflops']:.1f} GFLOP/s = **{100 * frac:.0f}%** of the run's best sgemm rate"
                         + (f" ({100 * frac_before:.0f}% of the sgemm rate measured just before, {before:.1f} GFLOP/s)" if frac_before else "")
                         + f" (sgemm alone {pool.get('sgemm_s', 0):.3f} s, selection {pool.get('select_s', 0):.3f} s)")
        floor = overlap(f"{args.out}/sklearn-{n}-top-0.json", f"{args.out}/sklearn-seed7-{n}-top-0.json")
        if floor is not None:
            notes.append(f"- {n:,} postings × {p['pools'][0]['candidates']:,} CVs: scikit-learn against itself with another "
                         f"`random_state` (7 instead of 42): top-10 overlap **{floor:.3f}**, the noise floor of the comparison")
        stage("rank one CV (ms)", "rank_one_ms")
        lines.append(f"| {n:,} | model load | {fmt(p.get('load_s'), 3)} | | | | |")
        lines.append(f"| {n:,} | peak memory (MB) | {fmt(p.get('peak_mb'))} | {fmt(s.get('peak_mb') if s else None)} | | {fmt(g.get('peak_mb') if g else None)} | |")
        notes.append(f"- {n:,} postings: vocabulary {p.get('vocabulary'):,} terms (scikit-learn {s.get('vocabulary') if s else '—':,}), "
                     f"{p.get('nonzeros'):,} nonzeros, {p.get('text_mb', 0):.0f} MB of text, model file {p.get('model_mb', 0):.0f} MB, "
                     f"sgemm peak {p.get('sgemm_peak_gflops', 0):.1f} GFLOP/s (1536³ on all cores, best of the samples "
                     f"{', '.join('%.0f' % x for x in p.get('sgemm_samples_gflops', []))} taken during the run)"
                     + (f"; analyzer alone on one core (first 2,000 postings): Passerelle plain {p['analyzer_mb_s']:.1f} MB/s, "
                        f"scikit-learn {s['analyzer_mb_s']:.1f} MB/s" if s and 'analyzer_mb_s' in p and 'analyzer_mb_s' in s else ""))
    lines += ["", "Notes:", ""] + notes
    extra = f"{args.out}/notes.md"
    if os.path.exists(extra):
        with open(extra) as f:
            lines += [""] + f.read().strip().splitlines()
    threads = []
    for n in sizes:
        path = f"{args.out}/threads-{n}.jsonl"
        if os.path.exists(path):
            with open(path) as f:
                for line in f:
                    d = json.loads(line)
                    # The default of `passerelle batch`: pipeline, one BLAS thread, the analysis on every core.
                    default = d["setting"].startswith("pipeline, 1 BLAS thread, 2 fold")
                    label = d["setting"] + (" **(default)**" if default else "")
                    threads.append(f"| {n:,} | {d['candidates']:,} | {label} | {d['wall_seconds']:.2f} | {d['fold_seconds']:.2f} | "
                                   f"{d['sgemm_seconds']:.2f} | {d['select_seconds']:.2f} | {d['wait_seconds']:.2f} |")
    if threads:
        lines += ["", "`passerelle batch` end to end (read + analyze + fold + score + write), by thread setting:", "",
                  "| postings | CVs | setting | wall s | fold s | sgemm s | select s | scorer waiting s |",
                  "|---:|---:|---|---:|---:|---:|---:|---:|"] + threads
    text = "\n".join(lines) + "\n"
    print(text)
    with open(args.results, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
