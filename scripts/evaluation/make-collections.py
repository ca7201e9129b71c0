#!/usr/bin/env python3
"""Test collections from the imported ROME/ESCO JSON Lines (see build-collections.sh).

Deterministic: samples and splits order ids by the SHA-1 of a fixed salt and the id, so every run
and every machine gives the same collections. Standard library only.

Writes into DIR (beside the imported files):
  esco-isco.qrels                      similar roles: occupations sharing an ISCO-08 unit group (task similar)
  esco-xl-all.qrels                    cross-language, all 3,007 pairs: an occupation -> its twin (same id)
  esco-xl-train.jsonl                  cross-language LSI training half: English text + French text per occupation
  esco-xl-test-en.jsonl, -fr.jsonl     the held-out half, each language alone
  esco-xl-test.qrels                   held-out pairs (same id in both languages)
  rome-titles.jsonl, rome-titles.qrels job title -> role: a sample of appellations -> their fiche
"""
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path


def key(salt, id_):
    return hashlib.sha1(f"{salt}:{id_}".encode()).hexdigest()


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n")


def write_qrels(path, pairs):
    with open(path, "w", encoding="utf-8") as f:
        for q, d, g in sorted(pairs):
            f.write(f"{q}\t0\t{d}\t{g}\n")


def main(folder, titles=3000):
    out = Path(folder)
    en = {d["id"]: d for d in read(out / "esco-en.jsonl")}
    fr = {d["id"]: d for d in read(out / "esco-fr.jsonl")}
    assert en.keys() == fr.keys(), "English and French ESCO occupations differ"
    ids = sorted(en)

    # Similar roles: same ISCO-08 unit group (4 digits), the occupation itself excluded.
    groups = defaultdict(list)
    for i in ids:
        groups[en[i]["isco_group"]].append(i)
    pairs = [(a, b, 1) for g in groups.values() for a in g for b in g if a != b]
    write_qrels(out / "esco-isco.qrels", pairs)

    # Cross-language: all pairs, and a deterministic half split for what learns from the pairs.
    write_qrels(out / "esco-xl-all.qrels", [(i, i, 1) for i in ids])
    order = sorted(ids, key=lambda i: key("xl-split", i))
    train, test = sorted(order[: len(order) // 2]), sorted(order[len(order) // 2:])
    write_jsonl(out / "esco-xl-train.jsonl", [
        {"id": i, "title": en[i]["title"], "text": en[i]["text"] + "\n\n" + fr[i]["text"], "lang": "mixed"} for i in train])
    write_jsonl(out / "esco-xl-test-en.jsonl", [en[i] for i in test])
    write_jsonl(out / "esco-xl-test-fr.jsonl", [fr[i] for i in test])
    write_qrels(out / "esco-xl-test.qrels", [(i, i, 1) for i in test])

    # Job title -> role: a deterministic sample of appellations whose fiche is in the corpus.
    fiches = {d["id"] for d in read(out / "rome-fiches.jsonl")}
    apps = [a for a in read(out / "rome-appellations-all.jsonl") if a["code_rome"] in fiches]
    sample = sorted(sorted(apps, key=lambda a: key("rome-titles", a["id"]))[:titles], key=lambda a: a["id"])
    write_jsonl(out / "rome-titles.jsonl", sample)
    write_qrels(out / "rome-titles.qrels", [(a["id"], a["code_rome"], 1) for a in sample])

    print(f"similar roles: {len({p[0] for p in pairs})} queries, {len(pairs)} pairs in {sum(len(g) > 1 for g in groups.values())} groups; "
          f"cross-language: {len(ids)} pairs, train {len(train)} / test {len(test)}; job titles: {len(sample)} of {len(apps)}",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "eval-data")
