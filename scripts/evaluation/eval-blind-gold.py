#!/usr/bin/env python3
"""Evaluate explanations on a blind gold (Data/blind-gold, issue 24; Data/blind-gold-2 with `--gold`), by running the `passerelle` binary as a user does.

Held-out split (deterministic): a document, and a pair by its cv_id, is UNSEEN when the first hex digit of SHA-256 of its
id (UTF-8, no newline) is odd; TUNE otherwise. Tune on `--part tune` only (the default); `--part unseen` / `both` is the
final measurement. `--details` lists per-item errors, and refuses to do so for the unseen part.

Reported, per part:
- detection precision / recall: a CV's competencies (`competencies FILE`) against the gold's `shown` rows; a posting's
  required competencies (`competencies --posting`, requirement "required") against its `required` rows;
- error counts per kind of issue 24: 1 occupations/shown-not-read (a CV's `shown` row not found), 2 options as requirements
  (a posting's `desirable` or `context` row read as required), 3 intentions/courses as evidence (a CV's `intent` row found),
  4 senses/noise (found, with no gold row at all), 5 mixed-language misses (kind 1 or an unread posting requirement in a
  mixed-language document: ids with "mixed" or "en-fr"), 6 language statements (a gold row not read, a wrong level, or
  required/desirable wrong), 7 fit labels (wrong label), 8 lists (a missing item shown that the gold does not list, or a
  list longer than 5 by default, or an item both shared and missing);
- missing items: of the items `rank` shows as missing (default ≤ 5), the share the gold lists as missing (right), and the
  share of the gold's missing items shown (recall);
- fit labels: accuracy over the pairs, and the confusion counts.

Pairs are ranked against a model of the shipped postings plus the gold's postings (`index`), each CV restricted to its
posting with `--where id=…`, so the score and the label are those a user sees.

Usage: scripts/evaluation/eval-blind-gold.py [--gold DIR] [--part tune|unseen|both] [--bin PATH] [--details] [--json OUT]

Data/blind-gold-2 (a second set, written blind after the first was tuned on) was measured whole, untouched, in issue 24's
fourth round. From the fifth round (issue-24f) its TUNE half (ids whose SHA-256 first hex digit is even, the same split)
is tuning material too, so `--details` works for `--gold Data/blind-gold-2 --part tune`; its UNSEEN half stays unseen
and `--details` is refused for it, as for the first gold's unseen part. `--part both` reports the two halves apart.
Data/blind-gold-3 (a third set, written blind on 2026-12-03 after the second's tune half became tuning material, kept
from every helper who tunes) was measured whole, untouched, until a fourth set was written (issue 24's tenth round,
issue-24j): from then its TUNE half is tuning material too (`--details` works for `--gold Data/blind-gold-3 --part tune`)
and its UNSEEN half stays unseen, `--details` refused for it (one run printed sentences of ten of its postings before
7eeb0bb fixed the script: that half is reported as seen in part, see its README). Data/blind-gold-4 (written blind on
2026-12-04) was measured whole, untouched, until a fifth set was written as the next held-out check (issue 24's
eleventh round, issue-24k): from then its TUNE half is tuning material too (`--details` works for
`--gold Data/blind-gold-4 --part tune`) and its UNSEEN half stays unseen, `--details` refused for it. A gold folder not
in TUNABLE_GOLDS is held out whole: `--details` refused. Data/blind-gold-5 (written blind on 2026-12-04) was measured
whole, untouched, until a sixth set was written as the next held-out check (issue 24's twelfth round, issue-24l): from
then its TUNE half is tuning material too and its UNSEEN half stays unseen. Data/blind-gold-6 (written blind on
2026-12-04, 16:17–16:26 UTC) is held out whole.
"""
import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLD = os.path.join(ROOT, "Data", "blind-gold")
# Golds whose TUNE half is tuning material (`--details` allowed on it); a gold not named here is held out whole.
TUNABLE_GOLDS = ("blind-gold", "blind-gold-2", "blind-gold-3", "blind-gold-4", "blind-gold-5")


def unseen(doc_id):
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[0], 16) % 2 == 1


def part_of(doc_id):
    return "unseen" if unseen(doc_id) else "tune"


def read_tsv(name):
    with open(os.path.join(GOLD, name), encoding="utf-8") as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    header, rows = lines[0], lines[1:]
    return [dict(zip(header, r)) for r in rows]


def run(binary, args):
    r = subprocess.run([binary] + args, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"eval-blind-gold: {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def doc_path(doc_id):
    return os.path.join(os.path.relpath(GOLD, ROOT), "docs", doc_id + ".txt")


def is_posting(doc_id):
    return "-job-" in doc_id


def is_mixed(doc_id):
    return "mixed" in doc_id or "en-fr" in doc_id


def evaluate(binary, part, details, per_item=False):
    comps = read_tsv("competencies.tsv")
    langs = read_tsv("languages.tsv")
    pairs = read_tsv("pairs.tsv")
    docs = sorted(f[:-4] for f in os.listdir(os.path.join(GOLD, "docs")) if f.endswith(".txt"))
    docs = [d for d in docs if part_of(d) == part]
    gold = collections.defaultdict(dict)  # doc → id → status
    gold_evidence = {}  # (doc, id) → the annotator's quote (shown with --details only, on a tunable part)
    for r in comps:
        gold[r["doc_id"]][r["value"]] = r["status"]
        gold_evidence[(r["doc_id"], r["value"])] = r.get("evidence", "")
    glang = collections.defaultdict(dict)  # doc → language → (level, status)
    for r in langs:
        glang[r["doc_id"]][r["language"]] = (r["level"], r["status"])
        gold_evidence[(r["doc_id"], "lang:" + r["language"])] = r.get("evidence", "")

    def quotes(found, cid):
        """The detector's quotes for a competency it found (for --details)."""
        for c in found:
            if c["id"] == cid:
                return " | ".join(sorted({e["quote"][:160] for e in c.get("evidence", [])}))
        return ""

    kinds = collections.Counter()
    errors = []
    tp = fp = fn = 0
    lang_total = lang_right = 0
    doc_items = []
    for d in docs:
        tp0, fp0, fn0 = tp, fp, fn
        args = ["competencies", doc_path(d), "--format", "json"] + (["--posting"] if is_posting(d) else [])
        out = json.loads(run(binary, args))
        g = gold.get(d, {})
        if is_posting(d):
            predicted = {c["id"] for c in out["competencies"] if c.get("requirement") != "desirable"}
            positive = {k for k, s in g.items() if s == "required"}
        else:
            predicted = {c["id"] for c in out["competencies"]}
            positive = {k for k, s in g.items() if s == "shown"}
        tp += len(predicted & positive)
        for c in sorted(predicted - positive):
            fp += 1
            status = g.get(c)
            if status in ("desirable", "context"):
                kinds["2 options/context read as requirements"] += 1
            elif status == "intent":
                kinds["3 intentions/courses as evidence"] += 1
            else:
                kinds["4 senses/noise"] += 1
            errors.append(f"FP {d} {c} (gold: {status or 'none'})" + (f" — read in: {quotes(out['competencies'], c)}" if details else ""))
        for c in sorted(positive - predicted):
            fn += 1
            if is_mixed(d):
                kinds["5 mixed-language misses"] += 1
            elif not is_posting(d):
                kinds["1 shown (occupations…) not read"] += 1
            else:
                kinds["1 posting requirement not read"] += 1
            errors.append(f"FN {d} {c}" + (f" — gold evidence: {gold_evidence.get((d, c), '')}" if details else ""))
        doc_items.append({"tp": tp - tp0, "fp": fp - fp0, "fn": fn - fn0})
        # Languages.
        pl = {s["language"]: s for s in out["languages"]}
        for code, (level, status) in sorted(glang.get(d, {}).items()):
            lang_total += 1
            s = pl.get(code)
            ok = s is not None
            if ok and level != "unspecified" and s["level"] != level:
                ok = False
            if ok and is_posting(d) and status in ("required", "desirable") and s.get("requirement") != status:
                ok = False
            if ok:
                lang_right += 1
            else:
                kinds["6 language statements"] += 1
                errors.append(f"LANG {d} {code}: gold {level}/{status}, got {s['level'] + '/' + str(s.get('requirement')) if s else 'nothing'}"
                              + (f" — gold evidence: {gold_evidence.get((d, 'lang:' + code), '')}" if details else ""))
        for code in sorted(set(pl) - set(glang.get(d, {}))):
            kinds["6 language statements"] += 1
            errors.append(f"LANG {d} {code}: not in gold, got {pl[code]['level']}")

    # Pairs.
    pairs = [p for p in pairs if part_of(p["cv_id"]) == part]
    tmp = tempfile.mkdtemp(prefix="blind-gold-")
    model = os.path.join(tmp, "m.plm")
    postings_dir = os.path.join(tmp, "postings")
    os.makedirs(postings_dir)
    for f in os.listdir(os.path.join(ROOT, "Data", "postings")):
        os.symlink(os.path.join(ROOT, "Data", "postings", f), os.path.join(postings_dir, f))
    for f in os.listdir(os.path.join(GOLD, "docs")):
        if f.endswith(".txt") and is_posting(f[:-4]):
            os.symlink(os.path.join(GOLD, "docs", f), os.path.join(postings_dir, f))
    run(binary, ["index", postings_dir, "--out", model])
    fit_right = 0
    result_pairs = []
    confusion = collections.Counter()
    shown_missing = right_missing = gold_missing_total = gold_missing_found = 0
    pair_items = []
    for p in pairs:
        out = json.loads(run(binary, ["rank", "--cv", doc_path(p["cv_id"]), "--model", model, "--format", "json", "--top", "1",
                                      "--where", "id=" + p["posting_id"]]))
        ms = out.get("matches", [])
        if not ms or ms[0]["id"] != p["posting_id"]:
            sys.exit(f"eval-blind-gold: {p['posting_id']} not ranked for {p['cv_id']}")
        m = ms[0]
        fit = m.get("fit")
        confusion[(p["fit"], fit)] += 1
        if fit == p["fit"]:
            fit_right += 1
        else:
            kinds["7 fit labels"] += 1
            errors.append(f"FIT {p['cv_id']} × {p['posting_id']}: gold {p['fit']}, got {fit} (score {m['score']}, {m.get('requirements')})"
                          + (f" — gold note: {p.get('note', '')}" if details and part_of(p["posting_id"]) == part else ""))

        if details:
            result_pairs.append({"cv": p["cv_id"], "posting": p["posting_id"], "gold": p["fit"], "got": fit, "score": m["score"],
                                 "similarity": m.get("similarity"), "requirements": m.get("requirements"),
                                 "shared": len((m.get("competencies") or {}).get("shared", [])), "warning": (out.get("query") or {}).get("warning") is not None})
        comp = m.get("competencies") or {}
        missing = [x["id"] for x in comp.get("missing", [])]
        if details:
            result_pairs[-1]["missing"] = missing
            result_pairs[-1]["gold_missing"] = sorted(x for x in p["missing"].split("|") if x)
        shared = {x["id"] for x in comp.get("shared", [])}
        gm = {x for x in p["missing"].split("|") if x}
        pair_items.append({"fit_right": fit == p["fit"], "missing_shown": len(missing), "missing_right": len(set(missing) & gm),
                           "gold_missing": len(gm)})
        shown_missing += len(missing)
        gold_missing_total += len(gm)
        # A tune pair (split by its CV) may name an unseen posting: its text and its rows are never shown.
        posting_seen = part_of(p["posting_id"]) == part
        posting_quote = {x["id"]: (x.get("posting_evidence") or {}).get("quote", "")[:160] if posting_seen else "(unseen posting)"
                         for x in comp.get("missing", [])}
        for x in missing:
            if x in gm:
                right_missing += 1
                gold_missing_found += 1
            else:
                kinds["8 lists"] += 1
                errors.append(f"MISSING {p['cv_id']} × {p['posting_id']}: {x} shown missing, gold missing {sorted(gm)}"
                              + (f" — gold on the posting: {gold.get(p['posting_id'], {}).get(x, 'none') if posting_seen else '(unseen posting)'}, on the CV: "
                                 f"{gold.get(p['cv_id'], {}).get(x, 'none')} {gold_evidence.get((p['cv_id'], x), '')}; posting quote: {posting_quote.get(x, '')}"
                                 if details else ""))
        if len(missing) > 5 or shared & set(missing):
            kinds["8 lists"] += 1
    result = {
        "part": part, "documents": len(docs), "pairs": len(pairs),
        "detection": {"tp": tp, "fp": fp, "fn": fn, "precision": round(tp / max(1, tp + fp), 3), "recall": round(tp / max(1, tp + fn), 3)},
        "languages": {"gold_rows": lang_total, "right": lang_right, "accuracy": round(lang_right / max(1, lang_total), 3)},
        "missing_items": {"shown": shown_missing, "right": right_missing, "precision": round(right_missing / max(1, shown_missing), 3),
                          "gold": gold_missing_total, "recall": round(gold_missing_found / max(1, gold_missing_total), 3)},
        "fit_labels": {"pairs": len(pairs), "right": fit_right, "accuracy": round(fit_right / max(1, len(pairs)), 3),
                       "confusion (gold→got)": {f"{a}→{b}": n for (a, b), n in sorted(confusion.items())}},
        "error_kinds": dict(sorted(kinds.items())),
    }
    if per_item:
        # Outcomes only, in the gold files' order and without ids (for a paired bootstrap of two binaries on a held-out part).
        result["per_item"] = {"docs": doc_items, "pairs": pair_items}
    if details:
        result["errors"] = errors
        result["pairs_detail"] = result_pairs
    return result


def main():
    global GOLD
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=GOLD, help="the gold folder (default Data/blind-gold)")
    ap.add_argument("--part", choices=["tune", "unseen", "both"], default="tune")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "debug", "passerelle"))
    ap.add_argument("--details", action="store_true", help="list per-item errors (tune part only, of a gold in TUNABLE_GOLDS)")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--per-item", action="store_true",
                    help="also write per-document detection counts and per-pair outcomes, without ids (paired bootstrap)")
    args = ap.parse_args()
    GOLD = os.path.abspath(args.gold)
    if args.details and os.path.basename(GOLD) not in TUNABLE_GOLDS:
        sys.exit("eval-blind-gold: --details is for the tune part of " + ", ".join("Data/" + g for g in TUNABLE_GOLDS) + " only")
    if args.details and args.part != "tune":
        sys.exit("eval-blind-gold: --details is for the tune part only (the unseen part stays unseen)")
    parts = ["tune", "unseen"] if args.part == "both" else [args.part]
    results = [evaluate(args.bin, p, args.details, args.per_item) for p in parts]
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
