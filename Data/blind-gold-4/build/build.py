#!/usr/bin/env python3
"""Build and check blind gold 4 from the hand notes in this folder.

Reads comp.txt, lang.txt, req.txt, pairs.txt (fields separated by ' || '),
checks them against ../docs and the competency list, and writes the TSVs
one level up. `missing` in pairs.tsv = the posting's `required` ids minus
the CV's `shown` ids (comma-separated, in the posting's annotation order).
Exits non-zero on any problem.
"""
import os, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DOCS = os.path.join(ROOT, "docs")
COMPLIST = "/work/notes/gold4-input/competency-list.tsv"
SEP = " || "
FRAG = " … "
errors = []

def err(msg):
    errors.append(msg)

def read_notes(name, ncols):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(SEP)
            if len(parts) != ncols:
                err(f"{name}:{n}: {len(parts)} fields, want {ncols}: {line[:80]}")
                continue
            parts = [p.strip() for p in parts]
            for p in parts:
                if "\t" in p:
                    err(f"{name}:{n}: tab inside a field")
            rows.append((n, parts))
    return rows

ids = set()
with open(COMPLIST, encoding="utf-8") as f:
    next(f)
    for line in f:
        if line.strip():
            ids.add(line.split("\t")[0])
assert len(ids) == 48, len(ids)

docs = {}
for fn in sorted(os.listdir(DOCS)):
    if not fn.endswith(".txt"):
        err(f"stray file in docs: {fn}")
        continue
    did = fn[:-4]
    with open(os.path.join(DOCS, fn), encoding="utf-8") as f:
        text = f.read()
    if not text.split("\n", 1)[0].strip():
        err(f"{did}: empty title line")
    docs[did] = text
cvs = {d for d in docs if d.startswith("bg4-cv-")}
jobs = {d for d in docs if d.startswith("bg4-job-")}
if len(cvs) != 20 or len(jobs) != 20 or len(docs) != 40:
    err(f"document counts: {len(cvs)} CVs, {len(jobs)} postings, {len(docs)} total")

def check_evidence(where, did, ev):
    if did not in docs:
        err(f"{where}: unknown doc {did}")
        return
    for frag in ev.split(FRAG):
        if not frag or frag not in docs[did]:
            err(f"{where}: evidence not verbatim in {did}: {frag!r}")

def kind_of(did):
    return "cv" if did in cvs else "job"

# competencies
comp = read_notes("comp.txt", 4)
seen = set()
ann = collections.defaultdict(dict)
out = [["doc_id", "kind", "value", "status", "evidence"]]
for n, (did, cid, status, ev) in comp:
    w = f"comp.txt:{n}"
    if cid not in ids:
        err(f"{w}: unknown competency id {cid}")
    ok = {"cv": {"shown", "intent"}, "job": {"required", "desirable", "context"}}
    if did in docs and status not in ok[kind_of(did)]:
        err(f"{w}: status {status} not valid for {did}")
    if (did, cid) in seen:
        err(f"{w}: duplicate ({did}, {cid})")
    seen.add((did, cid))
    check_evidence(w, did, ev)
    ann[did][cid] = status
    out.append([did, "competency", cid, status, ev])
comp_rows = out

# languages
LEVELS = {"notions", "intermediate", "good", "excellent", "native", "unspecified"}
lang = read_notes("lang.txt", 5)
seen = set()
lang_rows = [["doc_id", "language", "level", "status", "evidence"]]
for n, (did, code, level, status, ev) in lang:
    w = f"lang.txt:{n}"
    if level not in LEVELS:
        err(f"{w}: level {level}")
    ok = {"cv": {"declared"}, "job": {"required", "desirable"}}
    if did in docs and status not in ok[kind_of(did)]:
        err(f"{w}: status {status} not valid for {did}")
    if not (2 <= len(code) <= 3 and code.isalpha() and code.islower()):
        err(f"{w}: language code {code}")
    if (did, code) in seen:
        err(f"{w}: duplicate ({did}, {code})")
    seen.add((did, code))
    check_evidence(w, did, ev)
    lang_rows.append([did, code, level, status, ev])

# requirements
req = read_notes("req.txt", 4)
seen = set()
req_rows = [["doc_id", "kind", "value", "evidence"]]
for n, (did, kind, value, ev) in req:
    w = f"req.txt:{n}"
    ok = {"cv": {"years_experience"}, "job": {"years_min", "degree"}}
    if did in docs and kind not in ok[kind_of(did)]:
        err(f"{w}: kind {kind} not valid for {did}")
    if kind in ("years_min", "years_experience"):
        try:
            float(value)
        except ValueError:
            err(f"{w}: non-numeric {value}")
    if (did, kind) in seen:
        err(f"{w}: duplicate ({did}, {kind})")
    seen.add((did, kind))
    check_evidence(w, did, ev)
    req_rows.append([did, kind, value, ev])

# pairs
pairs = read_notes("pairs.txt", 4)
seen = set()
per_cv = collections.Counter()
pair_rows = [["cv_id", "posting_id", "fit", "missing", "note"]]
for n, (cv, job, fit, note) in pairs:
    w = f"pairs.txt:{n}"
    if cv not in cvs:
        err(f"{w}: unknown CV {cv}")
    if job not in jobs:
        err(f"{w}: unknown posting {job}")
    if fit not in ("strong", "possible", "weak"):
        err(f"{w}: fit {fit}")
    if (cv, job) in seen:
        err(f"{w}: duplicate pair")
    seen.add((cv, job))
    per_cv[cv] += 1
    shown = {c for c, s in ann[cv].items() if s == "shown"}
    missing = [c for c, s in ann[job].items() if s == "required" and c not in shown]
    for c in missing:
        if c not in ids:
            err(f"{w}: missing id {c} not in list")
    pair_rows.append([cv, job, fit, "|".join(missing), note])
if len(pair_rows) - 1 != 80:
    err(f"{len(pair_rows)-1} pairs, want 80")
for cv in cvs:
    if per_cv[cv] != 4:
        err(f"{cv}: {per_cv[cv]} pairs, want 4")

def write(name, rows, ncols):
    for r in rows:
        if len(r) != ncols:
            err(f"{name}: row with {len(r)} columns")
        for c in r:
            if "\t" in c or "\n" in c:
                err(f"{name}: tab or newline inside a field")
    if len({tuple(r) for r in rows}) != len(rows):
        err(f"{name}: duplicate rows")
    with open(os.path.join(ROOT, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")

write("competencies.tsv", comp_rows, 5)
write("languages.tsv", lang_rows, 5)
write("requirements.tsv", req_rows, 4)
write("pairs.tsv", pair_rows, 5)

# re-read the written TSVs and check column counts
for name, ncols in (("competencies.tsv", 5), ("languages.tsv", 5), ("requirements.tsv", 4), ("pairs.tsv", 5)):
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if len(line.rstrip("\n").split("\t")) != ncols:
                err(f"{name}:{n}: wrong column count")

fits = collections.Counter(r[2] for r in pair_rows[1:])
print(f"docs {len(docs)} (cv {len(cvs)}, job {len(jobs)})")
print(f"competencies {len(comp_rows)-1}, languages {len(lang_rows)-1}, requirements {len(req_rows)-1}, pairs {len(pair_rows)-1} {dict(fits)}")
no_comp = sorted(d for d in docs if not ann.get(d))
print("docs without competency rows:", no_comp)
if errors:
    print("\n".join(errors), file=sys.stderr)
    print(f"{len(errors)} problem(s)", file=sys.stderr)
    sys.exit(1)
print("all checks passed")
