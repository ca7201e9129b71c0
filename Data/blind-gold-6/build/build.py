#!/usr/bin/env python3
"""Turn the hand notes (comp.txt, lang.txt, req.txt, pairs.txt) into the gold TSV files and check them.

Checks: every evidence fragment (split on " … ") occurs verbatim in its document; every competency id is in
the competency list; each (doc, competency) and (doc, language) appears once; statuses fit the document kind;
every CV is in exactly 4 pairs; pair ids exist; fit labels are valid. `missing` = posting's required ids minus
the CV's shown ids (in the posting's note order)."""
import os, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DOCS = os.path.join(ROOT, "docs")
COMPLIST = "/work/notes/gold6-input/competency-list.tsv"
SEP = " … "
errors = []

def err(msg):
    errors.append(msg)

def rows(name, n):
    out = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("||")]
            if len(parts) != n:
                err(f"{name}:{i}: expected {n} fields, got {len(parts)}")
                continue
            out.append((i, parts))
    return out

ids = set()
with open(COMPLIST, encoding="utf-8") as f:
    next(f)
    for line in f:
        if line.strip():
            ids.add(line.split("\t")[0])

docs = {}
for fn in sorted(os.listdir(DOCS)):
    if not fn.endswith(".txt"):
        continue
    doc_id = fn[:-4]
    with open(os.path.join(DOCS, fn), encoding="utf-8") as f:
        text = f.read()
    if not text.strip() or not text.splitlines()[0].strip():
        err(f"{doc_id}: empty first line (title)")
    docs[doc_id] = text

def kind(doc_id):
    if doc_id.startswith("bg6-cv-"):
        return "cv"
    if doc_id.startswith("bg6-job-"):
        return "job"
    return None

for d in docs:
    if kind(d) is None:
        err(f"bad doc id {d}")

def check_quote(src, doc_id, ev):
    if doc_id not in docs:
        err(f"{src}: unknown doc {doc_id}")
        return
    if not ev:
        err(f"{src}: empty evidence")
    for frag in ev.split(SEP):
        if frag not in docs[doc_id]:
            err(f"{src}: quote not verbatim in {doc_id}: {frag!r}")

# competencies
comp_rows, seen = [], set()
for i, (d, c, st, ev) in rows("comp.txt", 4):
    src = f"comp.txt:{i}"
    check_quote(src, d, ev)
    if c not in ids:
        err(f"{src}: unknown competency {c}")
    if (d, c) in seen:
        err(f"{src}: duplicate ({d}, {c})")
    seen.add((d, c))
    ok = {"cv": {"shown", "intent"}, "job": {"required", "desirable", "context"}}.get(kind(d), set())
    if st not in ok:
        err(f"{src}: status {st} not allowed for {d}")
    comp_rows.append((d, "competency", c, st, ev))

# languages
LEVELS = {"notions", "intermediate", "good", "excellent", "native", "unspecified"}
lang_rows, seen = [], set()
for i, (d, lang, lvl, st, ev) in rows("lang.txt", 5):
    src = f"lang.txt:{i}"
    check_quote(src, d, ev)
    if lvl not in LEVELS:
        err(f"{src}: bad level {lvl}")
    if (d, lang) in seen:
        err(f"{src}: duplicate ({d}, {lang})")
    seen.add((d, lang))
    ok = {"cv": {"declared"}, "job": {"required", "desirable"}}.get(kind(d), set())
    if st not in ok:
        err(f"{src}: status {st} not allowed for {d}")
    lang_rows.append((d, lang, lvl, st, ev))

# requirements
req_rows, seen = [], set()
for i, (d, k, v, ev) in rows("req.txt", 4):
    src = f"req.txt:{i}"
    check_quote(src, d, ev)
    ok = {"cv": {"years_experience"}, "job": {"years_min", "degree"}}.get(kind(d), set())
    if k not in ok:
        err(f"{src}: kind {k} not allowed for {d}")
    if k in ("years_min", "years_experience"):
        try:
            float(v)
        except ValueError:
            err(f"{src}: non-numeric {v}")
    if (d, k) in seen:
        err(f"{src}: duplicate ({d}, {k})")
    seen.add((d, k))
    req_rows.append((d, k, v, ev))
for d in docs:
    if kind(d) == "cv" and (d, "years_experience") not in seen:
        err(f"{d}: no years_experience row")

# pairs
shown = collections.defaultdict(set)
required = collections.defaultdict(list)
for d, _, c, st, _ in comp_rows:
    if st == "shown":
        shown[d].add(c)
    if st == "required":
        required[d].append(c)
pair_rows, per_cv, seen = [], collections.Counter(), set()
for i, (cv, job, fit, note) in rows("pairs.txt", 4):
    src = f"pairs.txt:{i}"
    if kind(cv) != "cv" or cv not in docs:
        err(f"{src}: bad cv {cv}")
    if kind(job) != "job" or job not in docs:
        err(f"{src}: bad posting {job}")
    if fit not in ("strong", "possible", "weak"):
        err(f"{src}: bad fit {fit}")
    if (cv, job) in seen:
        err(f"{src}: duplicate pair")
    seen.add((cv, job))
    if not note:
        err(f"{src}: empty note")
    per_cv[cv] += 1
    missing = "|".join(c for c in required[job] if c not in shown[cv])
    pair_rows.append((cv, job, fit, missing, note))
for d in docs:
    if kind(d) == "cv" and per_cv[d] != 4:
        err(f"{d}: in {per_cv[d]} pairs, expected 4")
if len(pair_rows) != 80:
    err(f"{len(pair_rows)} pairs, expected 80")

for r in comp_rows + lang_rows + req_rows + pair_rows:
    for x in r:
        if "\t" in x or "\n" in x:
            err(f"tab/newline in field: {r}")

if errors:
    print("\n".join(errors))
    print(f"FAILED: {len(errors)} error(s)")
    sys.exit(1)

def write(name, header, data):
    with open(os.path.join(ROOT, name), "w", encoding="utf-8") as f:
        f.write("\t".join(header) + "\n")
        for r in data:
            f.write("\t".join(r) + "\n")

write("competencies.tsv", ["doc_id", "kind", "value", "status", "evidence"], comp_rows)
write("languages.tsv", ["doc_id", "language", "level", "status", "evidence"], lang_rows)
write("requirements.tsv", ["doc_id", "kind", "value", "evidence"], req_rows)
write("pairs.tsv", ["cv_id", "posting_id", "fit", "missing", "note"], pair_rows)

# summary
kinds = collections.Counter(kind(d) for d in docs)
print(f"docs: {dict(kinds)}")
print("competencies:", len(comp_rows), dict(collections.Counter(r[3] for r in comp_rows)))
print("languages:", len(lang_rows), dict(collections.Counter(r[3] for r in lang_rows)))
print("requirements:", len(req_rows), dict(collections.Counter(r[1] for r in req_rows)))
print("pairs:", len(pair_rows), dict(collections.Counter(r[2] for r in pair_rows)))
print("OK")
