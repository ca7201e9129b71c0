#!/usr/bin/env python3
"""Build Data/lexicon/isco-en-fr.tsv, English→French job-title words aligned on ISCO-08 group labels.

Why (issue 29i): French job titles miss their English labels because general dictionaries do not state
job-title usage: "conducteur" is an "operator" of a plant, a "directeur" is a "manager", a "technicien" a
"technician". The ISCO-08 group labels of ESCO are parallel job titles in both languages ("Conducteurs
d'installations et de machines" / "Plant and machine operators"), an allowed general resource.

Source: ESCO v1.1.1 (European Commission), read from a directory (default ../shared/data/esco relative
to the repository root): ISCOGroups_en.csv and ISCOGroups_fr.csv (preferredLabel, joined on conceptUri),
plus the skill files that scripts/data/build_lexicon.py reads, as extra training text so that common words
("machine", "health") are aligned on more than the ISCO labels. ESCO occupation files are never opened.

Method:
1. ISCO label pairs (duplicates merged: a group often repeats its parent's label), weight 1; the
   classification's boilerplate "not elsewhere classified" / "non classé(e)s ailleurs" is removed first.
2. IBM Model 1 in both directions (build_lexicon.ibm1, same tokens and stop words) on the ISCO pairs and
   the skill phrase pairs (build_lexicon.load_pairs): t(fr|en), t(en|fr).
3. Only pairs that co-occur in an ISCO label pair are candidates. A candidate co-occurring in >= 2 ISCO
   pairs is kept by build_lexicon's rule (t(fr|en)*t(en|fr) >= 0.05, or t(fr|en) >= 0.4 and
   t(en|fr) >= 0.05); one seen in a single ISCO pair needs t(fr|en)*t(en|fr) >= SINGLE_SCORE and no rival:
   no other French word of the same English word's candidates with t(fr|en) >= TIE_RATIO times its own
   (a label pair "Physicists and astronomers" / "Physiciens et astronomes" cannot tell which is which).
   The English word's best t(fr|en) (or one within TIE_RATIO of it), at least BEST_FORWARD and co-occurring in
   >= BEST_COOCCURRENCE ISCO pairs, is kept too ("drivers" → "conducteurs": 11 pairs, t(fr|en) 0.38, but
   "conducteurs" is mostly "operators", so t(en|fr) is low).
   A cognate (same first three letters, accents folded) with t(fr|en) >= COGNATE_FORWARD is always kept,
   and among tied candidates the cognates win.
4. At most MAX_PER_EN French words per English word, best score first; score = t(fr|en)*t(en|fr).
Output sorted (English word, score descending, French word): deterministic.

Usage: build_isco_lexicon.py [ESCO_DIR] [-o OUTPUT]   (see scripts/data/build-isco-lexicon.sh)
"""
import os
import re
import sys

from build_lexicon import CREDIT, ITERATIONS, MIN_BACKWARD, MIN_FORWARD, MIN_SCORE, STOP_EN, STOP_FR, Corpus, \
    cognates, ibm1, load_pairs, read_csv, run, tokens, write_lexicon

MIN_ISCO_COOCCURRENCE = 2
SINGLE_SCORE = 0.1
TIE_RATIO = 0.8
COGNATE_FORWARD = 0.2
MAX_PER_EN = 3
BEST_COOCCURRENCE = 3
BEST_FORWARD = 0.25
BOILERPLATE = re.compile(r",?\s*\b(not elsewhere classified|non class[ée]e?s? ailleurs)\b", re.IGNORECASE)


def isco_pairs(esco_dir):
    """(English label, French label) of every ISCO-08 group in both files, boilerplate removed, deduplicated."""
    en = {r["conceptUri"]: r["preferredLabel"] for r in read_csv(os.path.join(esco_dir, "ISCOGroups_en.csv"))}
    fr = {r["conceptUri"]: r["preferredLabel"] for r in read_csv(os.path.join(esco_dir, "ISCOGroups_fr.csv"))}
    pairs = set()
    for uri in en.keys() & fr.keys():
        e, f = BOILERPLATE.sub("", en[uri]).strip(" ,"), BOILERPLATE.sub("", fr[uri]).strip(" ,")
        if e and f:
            pairs.add((e, f))
    return sorted(pairs), len(en.keys() & fr.keys())


def build(esco_dir, output):
    for f in ("ISCOGroups_en.csv", "ISCOGroups_fr.csv", "skills_en.csv", "skills_fr_labels.csv"):
        if not os.path.isfile(os.path.join(esco_dir, f)):
            sys.exit(f"build_isco_lexicon: {os.path.join(esco_dir, f)} not found (ESCO v1.1.1 CSV directory expected)")
    isco, groups = isco_pairs(esco_dir)
    skills, _ = load_pairs(esco_dir)
    corpus = Corpus([(e, f, 1.0) for e, f in isco] + skills)
    ne, nf = len(corpus.en_words), len(corpus.fr_words)
    print(f"{groups} ISCO groups, {len(isco)} distinct label pairs; {len(corpus.en)} phrase pairs with the skills", file=sys.stderr)
    t_fe = ibm1(corpus.en, corpus.fr, corpus.w, ne, ITERATIONS)   # t(fr | en)
    t_ef = ibm1(corpus.fr, corpus.en, corpus.w, nf, ITERATIONS)   # t(en | fr), keyed (fr, en)
    # Co-occurrence within the ISCO label pairs only.
    co = {}
    for e_text, f_text in isco:
        for a in set(tokens(e_text, STOP_EN)):
            for b in set(tokens(f_text, STOP_FR)):
                co[(a, b)] = co.get((a, b), 0) + 1
    candidates = {}
    for (e, f), n in co.items():
        p = t_fe.get((corpus.en_vocab[e], corpus.fr_vocab[f]), 0.0)
        back = t_ef.get((corpus.fr_vocab[f], corpus.en_vocab[e]), 0.0)
        candidates.setdefault(e, []).append((f, n, p, back))
    best = {e: max(p for _, _, p, _ in row) for e, row in candidates.items()}
    by_en = {}
    for e, row in candidates.items():
        kept = []
        for f, n, p, back in row:
            score = p * back
            cognate = cognates(e, f)
            rivals = [f2 for f2, _, p2, _ in row if f2 != f and p2 >= TIE_RATIO * p]
            if cognate and p >= COGNATE_FORWARD:
                ok = True
            elif any(cognates(e, f2) for f2 in rivals):
                ok = False   # tied with a cognate: the cognate is the translation
            elif n >= MIN_ISCO_COOCCURRENCE:
                ok = score >= MIN_SCORE or (p >= MIN_FORWARD and back >= MIN_BACKWARD) \
                    or (n >= BEST_COOCCURRENCE and p >= BEST_FORWARD and p >= TIE_RATIO * best[e])
            else:
                ok = score >= SINGLE_SCORE and not rivals
            if ok:
                kept.append((round(score, 4), f))
        if kept:
            by_en[e] = sorted(kept, key=lambda x: (-x[0], x[1]))[:MAX_PER_EN]
    lines = [f"{e}\t{f}\t{s:.4f}" for e in sorted(by_en) for s, f in by_en[e]]
    header = [
        f"# {CREDIT}",
        "# Source: ESCO v1.1.1 ISCO-08 group labels (ISCOGroups_en.csv, ISCOGroups_fr.csv, preferredLabel joined on",
        "#   conceptUri), aligned with the skill labels of build_lexicon.py as extra training text.",
        "#   ESCO occupation files are never read.",
        "# Built by scripts/data/build_isco_lexicon.py: IBM Model 1 in both directions; only words co-occurring in an",
        f"#   ISCO label pair; kept when in >= {MIN_ISCO_COOCCURRENCE} ISCO pairs and t(fr|en)*t(en|fr) >= {MIN_SCORE} or",
        f"#   (t(fr|en) >= {MIN_FORWARD} and t(en|fr) >= {MIN_BACKWARD}); in one pair when t(fr|en)*t(en|fr) >= {SINGLE_SCORE}",
        f"#   and no rival (t(fr|en) >= {TIE_RATIO} of its own); an English word's best t(fr|en) (or within {TIE_RATIO} of it),",
        f"#   >= {BEST_FORWARD}, in >= {BEST_COOCCURRENCE} ISCO pairs; cognates (first three letters) with t(fr|en) >= {COGNATE_FORWARD};",
        f"#   at most {MAX_PER_EN} French words per English word.",
        "# Columns: English word, French word, score = t(fr|en)*t(en|fr). Words are lower case, accents kept.",
    ]
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    write_lexicon(output, header, lines, len(by_en))


if __name__ == "__main__":
    run(build, __doc__.split("\n")[0], "isco-en-fr.tsv")
