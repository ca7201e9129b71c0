#!/usr/bin/env python3
"""Derives Data/lexicon/freedict-en-fr.tsv from Debian's FreeDict English-French and French-English
dictionaries (packages dict-freedict-eng-fra, dict-freedict-fra-eng; files under /usr/share/dictd).

  python3 scripts/data/build_freedict_lexicon.py [DICTD_DIR] > Data/lexicon/freedict-en-fr.tsv

Deterministic. Only one-word headwords with one-word translations are kept (the lexicon maps words;
a phrase's words paired one by one would be noise). English -> French entries give (headword,
translation); French -> English entries give (translation, headword). Score: 0.5 for the first
translation of an entry, 0.3 for the others (ESCO-derived pairs, scored by alignment, come first when
both know a word); a pair found in both dictionaries gets 0.6. General dictionaries only: no ESCO
occupation, no ROME text is read.
"""
import gzip, os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dictd"
HEAD = re.compile(r"^(?P<word>[^/]+?) /[^/]*/(?: <(?P<pos>[^>]*)>)?\s*$")
WORD = re.compile(r"^[a-zàâäçéèêëîïôöûùüÿœæ'-]+$")

def entries(path):
    text = gzip.open(path, "rt", encoding="utf-8").read()
    head, out = None, []
    for line in text.split("\n"):
        m = HEAD.match(line)
        if m:
            head = (m.group("word").strip(), [])
            out.append(head)
        elif head and line.strip():
            body = re.sub(r"^\d+\.\s*", "", line.strip())
            head[1].extend(t.strip() for t in body.split(",") if t.strip())
    return out

def clean(w):
    w = w.lower().replace("\u2010", "-").strip()
    return w if WORD.match(w) and len(w) > 1 else None

pairs = {}
def add(en, fr, score):
    pairs[(en, fr)] = max(pairs.get((en, fr), 0), score)

for head, translations in entries(os.path.join(root, "freedict-eng-fra.dict.dz")):
    en = clean(head)
    if not en: continue
    for i, t in enumerate(translations):
        fr = clean(t)
        if fr: add(en, fr, 0.5 if i == 0 else 0.3)
seen = dict(pairs)
pairs_fr = {}
for head, translations in entries(os.path.join(root, "freedict-fra-eng.dict.dz")):
    fr = clean(head)
    if not fr: continue
    for i, t in enumerate(translations):
        en = clean(t)
        if en:
            s = 0.5 if i == 0 else 0.3
            pairs_fr[(en, fr)] = max(pairs_fr.get((en, fr), 0), s)
final = {}
for k, s in seen.items(): final[k] = s
for k, s in pairs_fr.items(): final[k] = 0.6 if k in seen else max(final.get(k, 0), s)

print("# English -> French word pairs derived from the FreeDict dictionaries English-French (eng-fra 0.1.6)")
print("# and French-English (fra-eng), Debian packages dict-freedict-eng-fra / dict-freedict-fra-eng (2022.04.21).")
print("# FreeDict, http://freedict.org/ -- Copyright (C) 1999-2017 by various authors (see the packages'")
print("#   copyright files); available under the GNU General Public License version 2.0 or any later version.")
# The shipped file's line (kept byte for byte: the dictionary's text is in the models built with --dictionary),
# from before this script moved to scripts/data/.
print("# Built by scripts/build_freedict_lexicon.py: one-word entries with one-word translations, both")  # check-script-paths: keep
print("#   dictionaries, score 0.5 (first translation) / 0.3 (others) / 0.6 (in both).")
for (en, fr), s in sorted(final.items()):
    print(f"{en}\t{fr}\t{s}")
