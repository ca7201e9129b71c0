#!/usr/bin/env python3
"""How much memory each posting added to a running `passerelle serve` leaves (issue 25's resident set).

Starts `BIN serve --model MODEL` (the model is changed: copy it first), ranks a CV 20 times to warm up, then
posts COUNT postings — PER of them per request, each request on a new connection, as one-shot clients do —
optionally ranking the CV after each request, and prints the server's resident set every 500 postings, the
KB per posting at the end (2 s after the last, so the server's once-a-second heap trim has run) and the
memory mappings that grew most (`/proc/PID/smaps`: glibc's thread arenas are the 64 MiB-aligned
anonymous ones). Not a test: figures for docs/MEMORY.md.

  cp bench-out/serve-100000.plm /tmp/probe.plm
  python3 scripts/benchmarks/serve_memory_probe.py --bin .build/release/passerelle --model /tmp/probe.plm \\
      --texts bench-out/cvs-10.jsonl --count 1500 [--per-request 100] [--rank-after-each]
"""
import argparse
import json
import os
import re
import subprocess
import tempfile
import time
import urllib.request


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="a passerelle binary")
    ap.add_argument("--model", required=True, help="model file (changed: postings are added to its change log)")
    ap.add_argument("--texts", required=True, help="JSON Lines whose texts become the postings (and the first, the CV)")
    ap.add_argument("--count", type=int, default=1500, help="postings added")
    ap.add_argument("--per-request", type=int, default=1, help="postings per POST /v1/postings")
    ap.add_argument("--rank-after-each", action="store_true", help="POST /v1/rank after each request")
    args = ap.parse_args()
    texts = [json.loads(line)["text"] for line in open(args.texts, encoding="utf-8") if line.strip()]
    log = tempfile.NamedTemporaryFile(prefix="serve-memory-probe-", suffix=".log", delete=False)
    server = subprocess.Popen([args.bin, "serve", "--model", args.model, "--port", "0", "--timeout", "60"], stderr=log)
    try:
        probe(server, log.name, texts, args)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        os.unlink(log.name)


def probe(server, log_path, texts, args):
    port = None
    for _ in range(3000):
        time.sleep(0.2)
        m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", open(log_path, encoding="utf-8", errors="replace").read())
        if m:
            port = m.group(1)
            break
        if server.poll() is not None:
            raise SystemExit("serve_memory_probe: the server stopped: " + open(log_path, errors="replace").read()[-500:])
    if port is None:
        raise SystemExit("serve_memory_probe: the server did not start within 10 minutes")
    url = f"http://127.0.0.1:{port}"
    page = os.sysconf("SC_PAGE_SIZE")

    def rss_mib():
        return int(open(f"/proc/{server.pid}/statm").read().split()[1]) * page / 2**20

    def post(path, body):
        request = urllib.request.Request(url + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        return urllib.request.urlopen(request).read()

    def mappings():
        out, current = {}, None
        for line in open(f"/proc/{server.pid}/smaps"):
            parts = line.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                current = parts[0] + " " + (parts[5] if len(parts) > 5 else "[anon]")
                out[current] = 0
            elif parts and parts[0] == "Rss:":
                out[current] = int(parts[1])
        return out

    cv = {"text": texts[0], "top": 10}
    for _ in range(20):
        post("/v1/rank", cv)
    time.sleep(1.5)
    before, start = mappings(), rss_mib()
    print(f"start {start:.1f} MiB", flush=True)
    tag = os.getpid()
    for i in range(0, args.count, args.per_request):
        body = [{"id": f"probe-{tag}-{j}", "title": f"Ajout {j}", "text": texts[j % len(texts)]}
                for j in range(i, min(args.count, i + args.per_request))]
        post("/v1/postings", body if len(body) > 1 else body[0])
        if args.rank_after_each:
            post("/v1/rank", cv)
        if (i + len(body)) % 500 == 0:
            print(f"{i + len(body)} {rss_mib():.1f} MiB", flush=True)
    time.sleep(2)
    end, after = rss_mib(), mappings()
    print(f"end {end:.1f} MiB: {(end - start) * 1024 / args.count:.1f} KB per posting added", flush=True)
    grown = sorted(((after.get(k, 0) - before.get(k, 0), k) for k in set(before) | set(after)), reverse=True)
    for kb, name in grown[:6]:
        print(f"  {kb} KB  {name}")


if __name__ == "__main__":
    main()
