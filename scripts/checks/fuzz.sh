#!/usr/bin/env bash
# Fuzzes with libFuzzer, for a fixed time, two targets side by side (one per core), and prints for each the
# executions run, the coverage edges and the crashes found:
#   readers  the document readers (txt, JSON Lines, HTML, DOCX, CSV), the CSV record reader and writer, the
#            analyzers, the competency and language detection and the model loader (Sources/PasserelleFuzz);
#            besides crashes, an input taking more CPU time than 50 ms + 50 µs per byte (text targets) is a
#            finding: text handling must stay linear in its input (FuzzTargets.timeBound);
#   cli      the command-line parser: argument vectors (fuzz bytes split at NUL) parsed and validated by the
#            real commands, never run (Sources/PasserelleCLI/CLIFuzz.swift, built from the PasserelleCLI target).
#
#   scripts/checks/fuzz.sh [seconds]        (default 60; each target runs that long)
#
# Builds both with -sanitize=fuzzer,address in .build-fuzz (git-ignored; the normal .build is untouched),
# writes seed corpora from Data/ files, a small valid model and sample command lines into
# .build-fuzz/corpus-seed and .build-fuzz/cli-seed, keeps what the fuzzers learn in .build-fuzz/corpus and
# .build-fuzz/cli-corpus, and saves crashing inputs as .build-fuzz/artifacts-DATE/{readers,cli}/crash-*.
# Replay a readers crash in a normal build (with a Swift backtrace) with:
#   swift build --product PasserelleFuzz && .build/debug/PasserelleFuzz .build-fuzz/artifacts-DATE/readers/crash-…
# and a cli one by passing its NUL-separated arguments to the normal binary:
#   xargs -0 .build/debug/passerelle < .build-fuzz/artifacts-DATE/cli/crash-…
# Leak detection is off (libFuzzer's per input and LeakSanitizer's at exit): small leaks outside the project
# stop every run otherwise — ZIPFoundation 0.9.20 never frees fileSystemRepresentation(withPath:) (about
# 60 bytes per archive opened) and FoundationXML leaks an error string per malformed document. Crashes
# and memory errors are what is sought.
# Exit status: 0 when neither target found a crash, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
scratch=.build-fuzz
seeds="$scratch/corpus-seed"
corpus="$scratch/corpus"
artifacts="$scratch/artifacts-$(date -u +%Y%m%d-%H%M%S)"   # this run's crashes only

echo "fuzz: building PasserelleFuzz and passerelle (libFuzzer + AddressSanitizer) in $scratch" >&2
# --sanitize makes SwiftPM link without its own `main` (libFuzzer has one); -Xswiftc -sanitize adds the
# coverage instrumentation to every Swift module, which --sanitize=fuzzer alone does not.
# Release (-O keeps Swift's overflow and bounds traps) runs many times more inputs than a debug build.
flags=(-c release --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -DPASSERELLE_LIBFUZZER)
swift build "${flags[@]}" --product PasserelleFuzz 2>&1 | grep -v "Cannot export local symbol" >&2
swift build "${flags[@]}" --product passerelle 2>&1 | grep -v "Cannot export local symbol" >&2
bin="$(swift build "${flags[@]}" --show-bin-path)"
fuzzer="$bin/PasserelleFuzz"
clifuzzer="$bin/passerelle"
clicorpus="$scratch/cli-corpus"
cliseeds="$scratch/cli-seed"

# A small valid model for the loader's seeds, built by the normal CLI from three short postings.
echo "fuzz: building the seed model" >&2
swift build --product passerelle >&2
passerelle="$(swift build --product passerelle --show-bin-path)/passerelle"
rm -rf "$seeds" "$cliseeds" && mkdir -p "$seeds" "$corpus" "$artifacts/readers" "$artifacts/cli" "$cliseeds" "$clicorpus"
tiny="$scratch/tiny-postings"
rm -rf "$tiny" && mkdir -p "$tiny"
for f in $(ls Data/postings/*.txt | sed -n 1,3p); do head -c 600 "$f" > "$tiny/$(basename "$f")"; done
"$passerelle" index "$tiny" --out "$scratch/seed.plm" --dims 2 >&2

# Seeds: first byte selects the target (see FuzzTargets.run), the rest is the input.
python3 - "$seeds" "$scratch/seed.plm" "$cliseeds" <<'PY'
import csv, io, json, os, sys, zipfile, glob
out, model, cli = sys.argv[1], sys.argv[2], sys.argv[3]
# Command lines for the cli target: arguments separated by NUL.
commands = [
    ["rank", "--cv", "cv.txt", "--top", "5", "--format", "markdown", "--model", "m.plm", "--out", "r.md"],
    ["rank", "--cv", "cv.pdf", "--max-record-size", "100000", "--format", "csv"],
    ["similar", "p-1", "--top", "3", "--format", "html", "--max-file-size", "9"],
    ["index", "postings", "offres.csv", "--out", "m.plm", "--dims", "40", "--skip-invalid", "--id-column", "ref", "--text-column", "texte"],
    ["add", "new.jsonl", "--model", "m.plm", "--title-column", "poste"],
    ["remove", "a", "b", "--model", "m.plm"],
    ["info", "--ids", "--format", "json"],
    ["batch", "--candidates", "pool.jsonl", "--candidates", "cvs", "--top", "10", "--format", "csv", "--shard", "2/3", "--out", "o.csv", "--resume", "--block-size", "16", "--blas-threads", "1"],
    ["merge", "a.jsonl", "b.jsonl", "--top", "5", "--format", "json"],
    ["competencies", "cv.txt"], ["analyze", "cv.txt", "--format", "json"],
    ["eval", "--help"], ["import", "rome", "dir", "--what", "appellations"], ["import", "esco", "dir", "--lang", "en", "--alt-labels"],
    ["--help"], ["help", "batch"], ["--version"], ["rank", "--top=-1", "--cv", "-"], ["batch", "--shard", "9223372036854775807/9223372036854775807", "--candidates", "x"],
]
for i, c in enumerate(commands):
    with open(os.path.join(cli, f"argv-{i:03d}"), "wb") as f:
        f.write(b"\0".join(a.encode() for a in c))
n = 0
def seed(selector, payload):
    global n
    n += 1
    with open(os.path.join(out, f"seed-{selector}-{n:03d}"), "wb") as f:
        f.write(bytes([selector]) + payload)
files = sorted(glob.glob("Data/postings/*.txt"))[:8] + sorted(glob.glob("Data/candidates/*.txt"))[:4]
texts = [open(p, encoding="utf-8").read()[:1500] for p in files]
for t in texts:
    seed(0, t.encode())                       # .txt
    seed(5, t.encode())                       # analyzer
    seed(9, t.encode())                       # competencies and language statements (CV and posting)
# One long paragraph without a sentence boundary: the shape that was quadratic (issue 23).
flat = " ".join(" ".join(texts).replace(".", " ").replace(";", " ").split())
seed(9, (flat * (1 + 60000 // max(1, len(flat))))[:60000].encode())
seed(9, ("Anglais courant, français bilingue, espagnol notions " * 1100).encode())
seed(0, texts[0].encode("cp1252", "replace")) # Latin-1 text
docs = [{"id": os.path.basename(p)[:-4], "title": t.splitlines()[0][:60], "text": t, "city": "Lyon"} for p, t in zip(files, texts)]
seed(1, "\n".join(json.dumps(d, ensure_ascii=False) for d in docs[:3]).encode())
seed(1, b'{"id": "a", "text": "ok"}\n{"id": "b", "text": \n{"id": "a", "text": "again"}\n')
body = "".join(f"<p>{line}</p>\n" for line in texts[1].splitlines() if line.strip())
html = f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Offre &ndash; {docs[1]["title"]}</title><style>p{{}}</style><script>var a = 1 < 2;</script></head><body><nav><ul><li>Menu</li></ul></nav><h1>{docs[1]["title"]}</h1>{body}<table><tr><td>Lieu</td><td>Qu&eacute;bec &#233; &#xE9;</td></tr></table><!-- c --><footer>f</footer></body></html>'
seed(2, html.encode())
seed(2, html.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252", "replace"))
def docx(paragraphs, title):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        ps = "".join(f'<w:p><w:r><w:t xml:space="preserve">{esc(p)}</w:t><w:tab/><w:t>x</w:t><w:br/></w:r></w:p>' for p in paragraphs)
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{ps}</w:body></w:document>')
        z.writestr("docProps/core.xml", f'<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{esc(title)}</dc:title></cp:coreProperties>')
    return buf.getvalue()
seed(3, docx(texts[2].splitlines()[:12], docs[2]["title"]))
seed(3, docx(["Court"], ""))
s = io.StringIO()
w = csv.writer(s)
w.writerow(["id", "title", "text", "city"])
for d in docs[:4]:
    w.writerow([d["id"], d["title"], d["text"][:400], "Lyon"])
seed(4, s.getvalue().encode())
seed(4, b'id;title;text\r\na;"A ""q""";"x;\r\ny"\r\n,b,\r\n')
seed(8, s.getvalue().encode())               # CSV records, reader and writer
seed(8, b'a,"b ""c""",d\r\n"multi\nline",=1+2,-0.12\r\n"open,\n')
seed(8, b'id,text\nx,stray " quote\ny,"closed" then text\n')
data = open(model, "rb").read()
seed(6, data)
seed(7, data)
print(f"fuzz: {n} seeds", file=sys.stderr)
PY

# SWIFT_BACKTRACE off: Swift's crash handler trips AddressSanitizer; libFuzzer reports the crash itself.
run() {   # name binary corpus seeds dict-option
  local name=$1 binary=$2 corpus_dir=$3 seed_dir=$4; shift 4
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$binary" "$corpus_dir" "$seed_dir" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 -detect_leaks=0 -artifact_prefix="$artifacts/$name/" "$@" > "$scratch/fuzz-$name.log" 2>&1
}
echo "fuzz: running readers and cli for $seconds s each, side by side (logs: $scratch/fuzz-readers.log, $scratch/fuzz-cli.log)" >&2
set +e
run readers "$fuzzer" "$corpus" "$seeds" -dict=scripts/checks/fuzz.dict &
readers_pid=$!
run cli "$clifuzzer" "$clicorpus" "$cliseeds" &
cli_pid=$!
wait "$readers_pid"; readers_status=$?
wait "$cli_pid"; cli_status=$?
set -e
failed=0
for name in readers cli; do
  log="$scratch/fuzz-$name.log"
  status=$readers_status; [ "$name" = cli ] && status=$cli_status
  executions=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
  crashes=$(ls "$artifacts/$name" 2>/dev/null | grep -cE '^(crash|leak|timeout|oom)-' || true)
  coverage=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1)
  echo "fuzz: $name: ${executions:-0} executions in ${seconds} s, ${coverage:-cov: ?} edges, crashes: ${crashes} (libFuzzer exit status ${status})"
  if [ "$crashes" -gt 0 ] || [ "$status" -ne 0 ]; then
    echo "fuzz: $name: crashing inputs in $artifacts/$name/; see the end of $log" >&2
    tail -40 "$log" >&2
    failed=1
  fi
done
exit "$failed"
