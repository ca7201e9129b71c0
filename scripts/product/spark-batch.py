#!/usr/bin/env python3
"""Batch-score a candidate pool on Apache Spark with the `passerelle` binary: the rows of one `passerelle batch`.

    spark-batch.py --model M --candidates POOL.jsonl --top N --out FILE.jsonl
                   [--master local[2]] [--passerelle PATH] [--partitions P]

The pool (JSON Lines; a local path or any Hadoop URI: hdfs://, s3a://, file://) is read as text lines and
split into partitions. The binary and the model are shipped to the executors (SparkContext.addFile, or
spark-submit --files), and each partition is scored by one `passerelle batch --format jsonl` process:

  * candidate rows (each candidate's top N postings) pass through unchanged;
  * posting rows (each posting's top N candidates *of that partition*) are reduced across partitions by
    `passerelle merge` itself, in a tree (treeReduce: partial merges on the executors, the last on the
    driver). `merge` keeps each posting's top N by score, then candidate id (UTF-8), exactly as `batch`
    does, and prints them with batch's own writer, so the posting rows are byte for byte those of one run
    without a second implementation of the ranking rule, of the float printing or of the JSON escaping.

Scores do not depend on the partition (same block shape, exact kernels), so the output equals the output
of `passerelle batch --candidates POOL --top N --format jsonl`: candidate rows (in partition order, which
may differ from the pool's order) then posting rows (model order). A task that fails (a killed process, a
lost executor) is rerun by Spark from its input split; a failed attempt's rows are discarded, so no row
is lost or duplicated. Candidate ids must be unique across the whole pool (checked, as `batch` does).

`batch` reads its candidates twice (it counts the records first), so each partition is written to a
temporary .jsonl file in the task's temporary directory, not piped on stdin.
"""
import argparse
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="model file (.plm) built by `passerelle index`")
    p.add_argument("--candidates", required=True, help="candidate pool, JSON Lines: a local path or a Hadoop URI")
    p.add_argument("--top", type=int, default=10, help="matches kept per candidate and per posting (default 10)")
    p.add_argument("--out", required=True, help="output file (JSON Lines) on the driver's file system, written atomically")
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[2])")
    p.add_argument("--passerelle", default=None, help="the passerelle binary (default: .build/release/passerelle, "
                                                      ".build/debug/passerelle, then `passerelle` on PATH)")
    p.add_argument("--partitions", type=int, default=None, help="least number of input partitions (default: the default parallelism)")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="a Spark setting (repeatable), e.g. spark.task.cpus=2: one passerelle per 2 cores")
    # Tests only: the first attempt of partition 0 kills its own passerelle process (SIGKILL) once this file
    # does not exist yet, creating it; Spark must then retry the task (spark.task.maxFailures >= 2).
    p.add_argument("--kill-once-marker", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.top < 1:
        p.error("--top must be at least 1")
    for c in args.conf:
        if "=" not in c:
            p.error(f"--conf {c}: expected KEY=VALUE")
    if args.partitions is not None and args.partitions < 1:
        p.error("--partitions must be at least 1")
    return args


def find_binary(given):
    if given:
        path = given if os.sep in given or os.path.exists(given) else shutil.which(given)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
        sys.exit(f"spark-batch: {given} is not an executable passerelle binary")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for path in (os.path.join(root, ".build/release/passerelle"), os.path.join(root, ".build/debug/passerelle"), shutil.which("passerelle")):
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
    sys.exit("spark-batch: no passerelle binary in .build/release, .build/debug or on PATH "
             "(build it: swift build -c release --product passerelle, or give --passerelle PATH)")


def locate(name, driver_path):
    """A shipped file on this node: SparkFiles (addFile), the working directory (YARN --files), or the
    driver's own path (local mode, and the driver's last step of the tree reduction)."""
    from pyspark import SparkFiles
    for path in (os.path.join(SparkFiles.getRootDirectory(), name), os.path.join(os.getcwd(), name), driver_path):
        if os.path.isfile(path):
            return path
    raise RuntimeError(f"{name} was not shipped to this node (looked in {SparkFiles.getRootDirectory()}, "
                       f"{os.getcwd()} and {driver_path})")


def executable(path):
    if not os.access(path, os.X_OK):
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def name_records(text, pool, index):
    """passerelle names the partition's temporary file and a line of it: name the record instead."""
    def record(m):
        line = int(m.group(1))
        try:
            with open(pool, "rb") as f:
                for n, raw in enumerate(f, 1):
                    if n == line:
                        return f"partition {index}, its record {line}: {raw[:120].decode('utf-8', 'replace').rstrip()!r}:"
        except OSError:
            pass
        return f"partition {index}, its record {line}:"
    return re.sub(re.escape(pool) + r":(\d+):", record, text)


def failure(what, proc_returncode, err_path, explain=lambda text: text):
    try:
        with open(err_path, "rb") as f:
            err = explain(f.read()[-4000:].decode("utf-8", "replace").strip())
    except OSError:
        err = ""
    how = f"killed by signal {-proc_returncode}" if proc_returncode < 0 else f"exit status {proc_returncode}"
    return RuntimeError(f"{what} failed ({how}): {err or 'no message'}")


CANDIDATE_PREFIX = b'{"direction": "candidate", '
POSTING_PREFIX = b'{"direction": "posting", '


def make_scorer(binary_name, binary_path, model_name, model_path, top, kill_marker):
    """The partition function: (index, lines of the pool) → (0, candidate row) …, then (1, posting rows)."""

    def score_partition(index, lines):
        binary = executable(locate(binary_name, binary_path))
        model = locate(model_name, model_path)
        with tempfile.TemporaryDirectory(prefix=f"passerelle-part{index}-") as tmp:
            pool = os.path.join(tmp, f"part-{index:05d}.jsonl")
            count = 0
            with open(pool, "wb") as f:
                for line in lines:  # bytes, as in the file (no decoding: batch handles encodings itself)
                    if line.strip():
                        f.write(line)
                        f.write(b"\n")
                        count += 1
            if count == 0:
                return  # an empty split: batch would refuse an empty pool
            err_path = os.path.join(tmp, "stderr")
            cmd = [binary, "batch", "--model", model, "--candidates", pool, "--top", str(top), "--format", "jsonl", "--quiet"]
            kill = False
            if kill_marker and index == 0:
                try:
                    os.close(os.open(kill_marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                    kill = True
                except FileExistsError:
                    pass
            with open(err_path, "wb") as err:
                proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
            postings = []
            try:
                for row in proc.stdout:
                    if row.startswith(CANDIDATE_PREFIX):
                        yield (0, row.rstrip(b"\n"))
                        if kill:
                            # Fault injection (tests): this attempt has already handed rows to Spark.
                            sys.stderr.write(f"spark-batch: test fault: killing passerelle (pid {proc.pid}) of partition {index}\n")
                            os.kill(proc.pid, signal.SIGKILL)
                            kill = False
                    elif row.startswith(POSTING_PREFIX):
                        postings.append(row)
                    else:
                        raise RuntimeError(f"partition {index}: unexpected line from passerelle batch: {row[:200]!r}")
            finally:
                proc.stdout.close()
                proc.wait()
            if proc.returncode != 0:
                raise failure(f"passerelle batch on partition {index} ({count} candidates)", proc.returncode, err_path,
                              lambda text: name_records(text, pool, index))
            yield (1, b"".join(postings))

    return score_partition


def make_merger(binary_name, binary_path, top):
    """Merges two blocks of posting rows (JSON Lines bytes) with `passerelle merge`."""

    def merge(a, b):
        if not a:
            return b
        if not b:
            return a
        binary = executable(locate(binary_name, binary_path))
        with tempfile.TemporaryDirectory(prefix="passerelle-merge-") as tmp:
            paths = [os.path.join(tmp, "a.jsonl"), os.path.join(tmp, "b.jsonl")]
            for path, blob in zip(paths, (a, b)):
                with open(path, "wb") as f:
                    f.write(blob)
            err_path = os.path.join(tmp, "stderr")
            with open(err_path, "wb") as err:
                proc = subprocess.run([binary, "merge", *paths, "--top", str(top), "--format", "jsonl"],
                                      stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
            if proc.returncode != 0:
                raise failure("passerelle merge", proc.returncode, err_path)
            return proc.stdout

    return merge


def candidate_id(row):
    import json
    return json.loads(row)["id"]


def main(argv):
    args = parse_args(argv)
    binary = find_binary(args.passerelle)
    model = os.path.abspath(args.model)
    if not os.path.isfile(model):
        sys.exit(f"spark-batch: no model file {args.model}")
    binary_name, model_name = os.path.basename(binary), os.path.basename(model)
    if binary_name == model_name:
        sys.exit("spark-batch: the binary and the model have the same file name; rename one (they are shipped side by side)")

    from pyspark import SparkConf, SparkContext

    started = time.monotonic()
    conf = SparkConf().setAppName("passerelle-batch").setIfMissing("spark.ui.showConsoleProgress", "false")
    for c in args.conf:
        key, value = c.split("=", 1)
        conf.set(key, value)
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[2]")
    if conf.get("spark.master", "").startswith("local"):
        # One machine: the driver and its executor talk over loopback only (no web UI, no other address).
        conf.setIfMissing("spark.driver.host", "127.0.0.1")
        conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1")
        conf.setIfMissing("spark.ui.enabled", "false")
    sc = SparkContext(conf=conf)
    try:
        run(sc, args, binary, model, started)
    except SystemExit:
        raise
    except Exception as error:  # a task failed spark.task.maxFailures times, or the pool cannot be read
        text = str(error)
        reasons = re.findall(r"^RuntimeError: (.*)$", text, re.M) or re.findall(r"InvalidInputException: (.*)$", text, re.M)
        if not reasons:
            raise
        raise SystemExit(f"spark-batch: {reasons[-1]}")
    finally:
        sc.stop()


def run(sc, args, binary, model, started):
    from pyspark import StorageLevel
    binary_name, model_name = os.path.basename(binary), os.path.basename(model)
    context_ready = time.monotonic()
    sc.setLogLevel("WARN")
    shipped = {os.path.basename(u) for key in ("spark.files", "spark.yarn.dist.files")
               for u in sc.getConf().get(key, "").split(",") if u}
    for path, name in ((binary, binary_name), (model, model_name)):
        if name not in shipped:  # already shipped by spark-submit --files
            sc.addFile(path)

    partitions = args.partitions or sc.defaultParallelism
    lines = sc.textFile(args.candidates, minPartitions=partitions, use_unicode=False)
    rows = lines.mapPartitionsWithIndex(
        make_scorer(binary_name, binary, model_name, model, args.top, args.kill_once_marker)
    ).persist(StorageLevel.MEMORY_AND_DISK)
    candidates = rows.filter(lambda r: r[0] == 0).map(lambda r: r[1])

    # Scores every partition (in parallel) and checks ids: one id in two partitions is the duplicate
    # that batch refuses within one pool.
    counts = candidates.map(lambda r: (candidate_id(r), 1)).reduceByKey(lambda x, y: x + y)
    duplicates = counts.filter(lambda kv: kv[1] > 1).take(5)
    total = counts.map(lambda kv: kv[1]).sum()
    if duplicates:
        raise SystemExit("spark-batch: duplicate candidate id(s) in the pool: " +
                         ", ".join(f"'{i}' ({n} records)" for i, n in duplicates))
    if total == 0:
        raise SystemExit(f"spark-batch: no candidate in {args.candidates} (the pool holds no record)")

    scored = time.monotonic()
    blobs = rows.filter(lambda r: r[0] == 1).map(lambda r: r[1])
    posting_rows = blobs.treeReduce(make_merger(binary_name, binary, args.top), depth=2)

    out = os.path.abspath(args.out)
    tmp = out + ".tmp"
    written = 0
    try:
        with open(tmp, "wb") as f:
            for row in candidates.toLocalIterator():
                f.write(row)
                f.write(b"\n")
                written += 1
            f.write(posting_rows)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    end = time.monotonic()
    elapsed = end - started
    posting_count = posting_rows.count(b"\n")
    print(f"spark-batch: {written} candidate rows, {posting_count} posting rows, {rows.getNumPartitions()} partitions, "
          f"{elapsed:.1f} s (Spark start {context_ready - started:.1f} s, scoring {scored - context_ready:.1f} s, "
          f"merge and output {end - scored:.1f} s), in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
