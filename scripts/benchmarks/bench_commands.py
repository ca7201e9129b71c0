"""Times whole commands, as users run them, for scripts/benchmarks/bench: Passerelle's `index`, `batch`, `rank` and
`info` processes beside scikit-learn's pipeline run as the same three processes (scripts/benchmarks/bench_sklearn.py),
in turns (Passerelle, then its peer, repeat), with each run's wall time, CPU time (user + system, from
wait4: on a shared machine it moves less than the wall time), peak resident memory (the process's own)
and the 1-minute load average before it. Optionally the same commands with an
older `passerelle` binary (--baseline), for before/after ratios measured in the same run.

    python3 bench_commands.py --size 20000 --postings P.jsonl --candidates C.jsonl --passerelle BIN \
        --python VENV/bin/python --out bench-out [--baseline OLD_BIN] [--repeats 3]

Writes OUT/commands-SIZE.json (read by bench_report.py).
"""
import argparse
import json
import os
import statistics
import subprocess
import time


def run(command, stdout_path=None):
    """One whole process: wall seconds, peak RSS in MB, exit status, load average before."""
    load = os.getloadavg()[0]
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - t0
    process.returncode = os.waitstatus_to_exitcode(status)
    if stdout_path:
        out.close()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed ({process.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024, "load": load,
            "stderr": stderr.decode(errors="replace")}


def last_json_line(text):
    """The last line of `text` that is a JSON object (the `--timings` line of `batch`), or None."""
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def record(results, name, sample):
    entry = results.setdefault(name, {"wall": [], "cpu": [], "rss_mb": [], "load": []})
    for key in entry:
        entry[key].append(sample[key])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--postings", required=True)
    parser.add_argument("--candidates", required=True)
    parser.add_argument("--passerelle", required=True)
    parser.add_argument("--baseline", help="an older passerelle binary, timed on the same commands")
    parser.add_argument("--python", required=True, help="the Python with scikit-learn")
    parser.add_argument("--bench-binary", help="passerelle-bench, for the in-process (library) rank latency")
    parser.add_argument("--library-queries", type=int, default=100)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rank-repeats", type=int, default=5)
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    n, out = args.size, args.out
    sk = [args.python, os.path.join(here, "bench_sklearn.py")]
    # One CV of the pool as a file, for `rank`.
    cv = os.path.join(out, "cv-one.txt")
    with open(args.candidates, encoding="utf-8") as f:
        first = json.loads(f.readline())
    with open(cv, "w", encoding="utf-8") as f:
        f.write(first["text"])

    # The same job as scikit-learn's: plain analyzer (its tokens), no competency features, the title line
    # counted once like every other line, min-df 2, 5 power iterations, k = 200, scores by the latent cosine
    # alone (`--latent-share 1`: scikit-learn's LSA has no term half, and the top-10 agreement is only
    # comparable to its seed-to-seed agreement on the same score); posting texts stored, as `index` does by
    # default. The default model (hybrid score, French/English analyzer) is timed apart.
    same_job = ["--analyzer", "plain", "--no-competencies", "--no-background", "--first-line-repeat", "0",
                "--min-df", "2", "--power-iterations", "5", "--dims", "200", "--latent-share", "1"]
    engines = {"passerelle": args.passerelle}
    if args.baseline:
        engines["baseline"] = args.baseline
    results = {}
    models = {e: os.path.join(out, f"{e}-{n}.plm") for e in engines}
    sk_model = os.path.join(out, f"sklearn-{n}.joblib")
    for _ in range(args.repeats):
        for e, binary in engines.items():
            record(results, f"{e} index", run([binary, "index", args.postings, "--out", models[e]] + same_job))
        record(results, "sklearn index", run(sk + ["index", "--postings", args.postings, "--model", sk_model]))
    # What `passerelle index FILE` does by default (French/English analyzer, competencies, translations): once.
    default_model = os.path.join(out, f"default-{n}.plm")
    record(results, "passerelle index (default analyzer)", run([args.passerelle, "index", args.postings, "--out", default_model]))
    # ... and its batch (hybrid score: the term cosines on top of the latent product), once.
    record(results, "passerelle batch (default model)", run([args.passerelle, "batch", "--model", default_model, "--candidates", args.candidates,
                                                             "--top", "10", "--format", "jsonl", "--quiet"],
                                                            os.path.join(out, f"default-{n}-batch.jsonl")))
    batch_timings = None
    for _ in range(args.repeats):
        for e, binary in engines.items():
            sample = run([binary, "batch", "--model", models[e], "--candidates", args.candidates, "--top", "10",
                          "--format", "jsonl", "--quiet", "--timings"], os.path.join(out, f"{e}-{n}-batch.jsonl"))
            record(results, f"{e} batch", sample)
            if e == "passerelle":
                batch_timings = last_json_line(sample["stderr"])
        record(results, "sklearn batch", run(sk + ["batch", "--model", sk_model, "--candidates", args.candidates,
                                                   "--out", os.path.join(out, f"sklearn-{n}-batch.json")]))
    for _ in range(args.rank_repeats):
        for e, binary in engines.items():
            record(results, f"{e} rank", run([binary, "rank", "--cv", cv, "--model", models[e], "--top", "10", "--format", "json"]))
            record(results, f"{e} info", run([binary, "info", "--model", models[e]]))
        record(results, "sklearn rank", run(sk + ["rank", "--model", sk_model, "--cv", cv]))
    # The library path, inside one loaded process (what the server and a library user see per CV).
    library = None
    if args.bench_binary:
        load = os.getloadavg()[0]
        done = subprocess.run([args.bench_binary, "rank", "--model", models["passerelle"], "--candidates", args.candidates,
                               "--queries", str(args.library_queries)], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"bench: passerelle-bench rank failed: {done.stderr[-2000:]}")
        library = json.loads(done.stdout)
        library["load"] = load
    summary = {"size": n, "candidates": args.candidates, "repeats": args.repeats, "runs": results,
               "batch_timings": batch_timings, "library_rank": library,
               "model_mb": os.path.getsize(models["passerelle"]) / 1e6, "sklearn_model_mb": os.path.getsize(sk_model) / 1e6,
               "text_mb": os.path.getsize(args.postings) / 1e6}
    for name, entry in results.items():
        entry["median_wall"] = statistics.median(entry["wall"])
        entry["median_cpu"] = statistics.median(entry["cpu"])
        entry["median_rss_mb"] = statistics.median(entry["rss_mb"])
        entry["max_load"] = max(entry["load"])
    with open(os.path.join(out, f"commands-{n}.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
