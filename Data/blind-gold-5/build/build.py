#!/usr/bin/env python3
"""Check the hand notes (comp.txt, lang.txt, req.txt, pairs.txt) and write the TSVs of blind gold 5.

Checks: every evidence quote occurs verbatim in its document (fragments joined by ' … ' are checked one by one),
every competency id is in competency-list.tsv, each (doc, competency) appears once, statuses fit the doc kind,
every doc has a notes section, each CV is in 4 pairs, no pair repeats. Computes the `missing` column of pairs.tsv
as (posting ids with status required) minus (CV ids with status shown), in the posting's note order.
Standard library only.
"""
import os, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DOCS = os.path.join(ROOT, "docs")
COMP_LIST = "/work/notes/gold5-input/competency-list.tsv"
SEP = " || "
errors = []

def err(msg):
    errors.append(msg)

docs = {}
for name in sorted(os.listdir(DOCS)):
    if name.endswith(".txt"):
        with open(os.path.join(DOCS, name), encoding="utf-8") as f:
            docs[name[:-4]] = f.read()

def kind(doc_id):
    if doc_id.startswith("bg5-cv-"):
        return "cv"
    if doc_id.startswith("bg5-job-"):
        return "job"
    err(f"bad id {doc_id}")
    return "?"

ids = set()
with open(COMP_LIST, encoding="utf-8") as f:
    next(f)
    for line in f:
        if line.strip():
            ids.add(line.split("\t")[0])

def check_quote(doc_id, quote, where):
    if doc_id not in docs:
        err(f"{where}: unknown doc {doc_id}")
        return
    for frag in quote.split(" … "):
        if not frag or frag not in docs[doc_id]:
            err(f"{where}: quote not verbatim in {doc_id}: {frag!r}")
    if "\t" in quote or "\n" in quote:
        err(f"{where}: tab/newline in quote")

def sections(path, nfields):
    rows, doc, seen = [], None, set()
    with open(os.path.join(HERE, path), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@ "):
                doc = line[2:].strip()
                seen.add(doc)
                if doc not in docs:
                    err(f"{path}:{n}: unknown doc {doc}")
                continue
            parts = line.split(SEP)
            if len(parts) != nfields or doc is None:
                err(f"{path}:{n}: expected {nfields} fields under a doc: {line!r}")
                continue
            rows.append((n, doc, [p.strip() for p in parts]))
    return rows, seen

# competencies
comp_rows, comp_seen = sections("comp.txt", 3)
missing_sections = set(docs) - comp_seen
if missing_sections:
    err(f"comp.txt: documents without a section: {sorted(missing_sections)}")
comp_out, pair_seen = [], set()
by_doc = collections.defaultdict(list)
for n, doc, (value, status, ev) in comp_rows:
    if value not in ids:
        err(f"comp.txt:{n}: unknown id {value}")
    k = kind(doc)
    if (k == "cv" and status not in ("shown", "intent")) or (k == "job" and status not in ("required", "desirable", "context")):
        err(f"comp.txt:{n}: status {status} not allowed for {k}")
    if (doc, value) in pair_seen:
        err(f"comp.txt:{n}: duplicate ({doc}, {value})")
    pair_seen.add((doc, value))
    check_quote(doc, ev, f"comp.txt:{n}")
    comp_out.append((doc, "competency", value, status, ev))
    by_doc[doc].append((value, status))

# languages
LEVELS = {"notions", "intermediate", "good", "excellent", "native", "unspecified"}
lang_rows, _ = sections("lang.txt", 4)
lang_out, lang_seen = [], set()
for n, doc, (lang, level, status, ev) in lang_rows:
    k = kind(doc)
    if level not in LEVELS:
        err(f"lang.txt:{n}: bad level {level}")
    if (k == "cv" and status != "declared") or (k == "job" and status not in ("required", "desirable")):
        err(f"lang.txt:{n}: status {status} not allowed for {k}")
    if not (2 <= len(lang) <= 3 and lang.isalpha() and lang.islower()):
        err(f"lang.txt:{n}: bad code {lang}")
    if (doc, lang) in lang_seen:
        err(f"lang.txt:{n}: duplicate ({doc}, {lang})")
    lang_seen.add((doc, lang))
    check_quote(doc, ev, f"lang.txt:{n}")
    lang_out.append((doc, lang, level, status, ev))

# requirements
req_rows, _ = sections("req.txt", 3)
req_out, req_seen = [], set()
for n, doc, (rkind, value, ev) in req_rows:
    k = kind(doc)
    if (k == "cv" and rkind != "years_experience") or (k == "job" and rkind not in ("years_min", "degree")):
        err(f"req.txt:{n}: kind {rkind} not allowed for {k}")
    if rkind != "degree":
        try:
            float(value)
        except ValueError:
            err(f"req.txt:{n}: not a number {value}")
    if (doc, rkind) in req_seen:
        err(f"req.txt:{n}: duplicate ({doc}, {rkind})")
    req_seen.add((doc, rkind))
    check_quote(doc, ev, f"req.txt:{n}")
    req_out.append((doc, rkind, value, ev))
for d in docs:
    if kind(d) == "cv" and (d, "years_experience") not in req_seen:
        err(f"req.txt: CV without years_experience: {d}")

# pairs
pairs_out, seen_pairs = [], set()
per_cv = collections.Counter()
with open(os.path.join(HERE, "pairs.txt"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(SEP)]
        if len(parts) != 4:
            err(f"pairs.txt:{n}: expected 4 fields")
            continue
        cv, job, fit, note = parts
        if kind(cv) != "cv" or kind(job) != "job" or cv not in docs or job not in docs:
            err(f"pairs.txt:{n}: bad ids {cv} {job}")
            continue
        if fit not in ("strong", "possible", "weak"):
            err(f"pairs.txt:{n}: bad fit {fit}")
        if (cv, job) in seen_pairs:
            err(f"pairs.txt:{n}: duplicate pair")
        seen_pairs.add((cv, job))
        per_cv[cv] += 1
        shown = {v for v, s in by_doc[cv] if s == "shown"}
        missing = [v for v, s in by_doc[job] if s == "required" and v not in shown]
        pairs_out.append((cv, job, fit, "|".join(missing), note))
for d in docs:
    if kind(d) == "cv" and per_cv[d] != 4:
        err(f"pairs.txt: {d} is in {per_cv[d]} pairs, expected 4")

if errors:
    print("\n".join(errors))
    print(f"FAILED: {len(errors)} error(s)")
    sys.exit(1)

def write(name, header, rows):
    with open(os.path.join(ROOT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")

write("competencies.tsv", ["doc_id", "kind", "value", "status", "evidence"], comp_out)
write("languages.tsv", ["doc_id", "language", "level", "status", "evidence"], lang_out)
write("requirements.tsv", ["doc_id", "kind", "value", "evidence"], req_out)
write("pairs.tsv", ["cv_id", "posting_id", "fit", "missing", "note"], pairs_out)

cv = [d for d in docs if kind(d) == "cv"]
print(f"OK: {len(docs)} docs ({len(cv)} CVs, {len(docs) - len(cv)} postings)")
print(f"competencies.tsv {len(comp_out)} rows; languages.tsv {len(lang_out)}; requirements.tsv {len(req_out)}; pairs.tsv {len(pairs_out)}")
print("competency statuses:", dict(collections.Counter(r[3] for r in comp_out)))
print("fit:", dict(collections.Counter(r[2] for r in pairs_out)))
