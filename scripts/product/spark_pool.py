#!/usr/bin/env python3
"""A deterministic candidate pool (JSON Lines) for the Spark tests and benchmark: spark_pool.py COUNT OUT.

Like `makePool` of Tests/PasserelleCLITests/BatchTests.swift: each candidate is 10 sentences drawn (a 64-bit
LCG, seed 2024) from Data/candidates and Data/postings; ids are permuted (cand-NNNNN, not in id order), and
halfway through come two copies of the first candidate (equal scores: ties ranked by id) and a candidate
with too little text (a row with no match and a "skipped" reason).
"""
import json
import os
import re
import sys


def sentences(root):
    out = []
    for sub in ("Data/candidates", "Data/postings"):
        folder = os.path.join(root, sub)
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            out += [s.strip(" \t") for s in re.split(r"[\n.]", text) if len(s.strip(" \t")) > 40]
    return out


def pool(count, root):
    pieces = sentences(root)
    state = 2024

    def draw():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return state >> 33

    def line(id_, title, text):
        return json.dumps({"id": id_, "title": title, "text": text}, ensure_ascii=False, sort_keys=True)

    lines, first = [], ""
    for c in range(count):
        text = ". ".join(pieces[draw() % len(pieces)] for _ in range(10))
        if c == 0:
            first = text
        lines.append(line("cand-%05d" % ((c * 7919) % 100_003), f'Candidate {c}, "quoted", with commas', text))
        if c == count // 2:
            lines += [line("zz-copy", "Copy Z", first), line("aa-copy", "Copy A", first), line("too-short", "Short", "Bonjour.")]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: spark_pool.py COUNT OUT.jsonl")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(pool(int(sys.argv[1]), root))
