#!/usr/bin/env python3
"""Build Data/lexicon/esco-en-fr.tsv, an English→French word lexicon derived from ESCO skill labels.

Why: an English CV and a French posting share almost no surface terms; the engine maps English words
into French through this lexicon so both land on the same TF-IDF dimensions.

Source: ESCO v1.1.1 (European Commission), read from a directory (default ../shared/data/esco relative
to the repository root). Only SKILL files are read; the occupation files are never opened, because
occupation descriptions are the evaluation's cross-language test pairs.

  skills_en.csv                    conceptUri, preferredLabel, altLabels (newline-separated)
  skills_fr_labels.csv             conceptUri, preferredLabel, altLabels ('|'-separated)
  transversalSkillsCollection_*.csv, languageSkillsCollection_*.csv
                                   same concepts; labels (alt labels ' | '-separated) and a description
                                   in both languages (the descriptions are the only parallel sentences)

Parallel phrase pairs, per concept present in both languages (weights are EM count weights):
  (EN preferred, FR preferred)                          weight 1
  (EN alt, FR preferred) for each EN alt label          weight min(0.5, 2 / #EN alts)
  (EN preferred, FR alt) for each FR alt label          weight min(0.5, 2 / #FR alts)
  (EN description, FR description) (collections only)  weight 1
so a concept with many synonyms weighs at most 5 pairs, and alternative labels never pair with each
other (EN alt i and FR alt i are not translations of each other).

Tokens: lower case, accents kept, maximal runs of letters (apostrophes and hyphens split words), minus
a small stop-word list per language.

Alignment: IBM Model 1 (EM with a NULL source word, uniform start, ITERATIONS iterations), trained in
both directions, giving t(fr|en) and t(en|fr). A pair (en, fr) co-occurring in >= MIN_COOCCURRENCE phrase pairs is kept when
  t(fr|en) * t(en|fr) >= MIN_SCORE                              (both directions agree), or
  t(fr|en) >= MIN_FORWARD  and  t(en|fr) >= MIN_BACKWARD        (English→French, the direction the
                                                                 engine uses, with a backward guard)
The second rule recovers rare English variants of common French words ("coordination" → "coordonner":
t(fr|en) = 0.65 but t(en|fr) = 0.05, since "coordonner" mostly aligns with "coordinate"); the backward
floor rejects generic French words ("activités") that soak up probability. Then at most MAX_PER_EN French words are kept per English word (highest score first). Output is sorted
(English word, then score descending, then French word): the build is deterministic.

Usage: build_lexicon.py [ESCO_DIR] [-o OUTPUT]   (see scripts/data/build-lexicon.sh)
"""
import argparse
import csv
import os
import re
import sys

import numpy as np

ITERATIONS = 10
MIN_SCORE = 0.05
MIN_COOCCURRENCE = 3
MIN_FORWARD = 0.4
MIN_BACKWARD = 0.05
MAX_PER_EN = 3
# Collocates (issue 24): a French word is dropped as the translation of an English word when another English word of
# the same phrases explains it far better ("high temperatures" / "températures élevées": élevées aligns with "high",
# t(high|élevées) >> t(temperatures|élevées)). Rejected, unless the two words are cognates, when some other English
# word e2 co-occurs with e in at least MIN_COOCCURRENCE English phrases, t(e2|f) >= COLLOCATE_RATIO * t(e|f) and
# t(f|e2) >= t(f|e) (f is rather e2's translation, both ways).
COLLOCATE_RATIO = 3.0
# Reviewed stop-list (issue 24): pairs that are a translation in some field but mislead in ours (job postings and CVs
# of participation, mediation, design... and the software, transport and care posts they are compared with): an English
# backend posting's "routes" and "drivers" are not a truck driver's "itinéraires" and "chauffeurs". Each was read in
# the lexicon built without it; a pair is listed, never patched in the output.
REJECTED_PAIRS = {
    ("house", "respirante"),        # "breathable house": a collocate, not "maison"
    ("temperatures", "élevées"),    # "high temperatures": a collocate (also caught by the rule)
    ("routes", "itinéraires"),      # software routes (web API), not travel routes
    ("route", "acheminement"),      # idem; "acheminement" is logistics
    ("drivers", "chauffeurs"),      # device / business drivers, not truck drivers
    ("driver", "chauffeur"),
    ("board", "embarqués"),         # "on board" systems; a board of directors is "conseil"
    ("boards", "imprimés"),         # printed circuit boards
    ("record", "disques"),          # music records; a CV's "track record" / records are not discs
}
CREDIT = "This service uses the ESCO classification of the European Commission."

STOP_EN = set("""
a an the of and or to in into for with without on at by from as about over under per via than
is are be been being this that these those its it their your you our my other others such own
all any each every both either nor not no so also etc e g i ie eg s
""".split())
STOP_FR = set("""
le la les l un une des de du d et ou à a au aux en pour sur avec sans dans par chez entre vers selon
son sa ses leur leurs ce cet cette ces se s qui que qu dont y ne pas plus tout tous toute toutes
autre autres même afin etc
""".split())

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def tokens(text, stops):
    """Lower-cased letter runs minus stop words; apostrophes (’ ') and hyphens separate words."""
    return [w for w in WORD.findall(text.lower()) if w not in stops and len(w) >= 2]


def split_alts(field, sep_pattern):
    return [a.strip() for a in re.split(sep_pattern, field or "") if a.strip()]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_pairs(esco_dir):
    """Weighted (English text, French text) pairs; deduplicated on (English, French)."""
    en = {}
    for r in read_csv(os.path.join(esco_dir, "skills_en.csv")):
        en[r["conceptUri"]] = (r["preferredLabel"], split_alts(r["altLabels"], r"\n"), None)
    fr = {}
    for r in read_csv(os.path.join(esco_dir, "skills_fr_labels.csv")):
        fr[r["conceptUri"]] = (r["preferredLabel"], split_alts(r["altLabels"], r"[|\n]"), None)
    # The collections repeat skills (labels) and add descriptions in both languages.
    for name in ("transversalSkillsCollection", "languageSkillsCollection"):
        ce = {r["conceptUri"]: r for r in read_csv(os.path.join(esco_dir, f"{name}_en.csv"))}
        cf = {r["conceptUri"]: r for r in read_csv(os.path.join(esco_dir, f"{name}_fr.csv"))}
        for uri in ce.keys() & cf.keys():
            e, f = ce[uri], cf[uri]
            eprev = en.get(uri, (e["preferredLabel"], [], None))
            fprev = fr.get(uri, (f["preferredLabel"], [], None))
            ealts = list(dict.fromkeys(eprev[1] + split_alts(e["altLabels"], r"[|\n]")))
            falts = list(dict.fromkeys(fprev[1] + split_alts(f["altLabels"], r"[|\n]")))
            en[uri] = (eprev[0], ealts, e["description"].strip() or None)
            fr[uri] = (fprev[0], falts, f["description"].strip() or None)

    pairs = {}

    def add(e_text, f_text, w):
        key = (e_text.strip(), f_text.strip())
        if key[0] and key[1]:
            pairs[key] = max(pairs.get(key, 0.0), w)

    for uri in sorted(en.keys() & fr.keys()):
        ep, ealts, edesc = en[uri]
        fp, falts, fdesc = fr[uri]
        add(ep, fp, 1.0)
        ealts = [a for a in ealts if a != ep]
        falts = [a for a in falts if a != fp]
        for a in ealts:
            add(a, fp, min(0.5, 2.0 / len(ealts)))
        for a in falts:
            add(ep, a, min(0.5, 2.0 / len(falts)))
        if edesc and fdesc:
            add(edesc, fdesc, 1.0)
    concepts = len(en.keys() & fr.keys())
    return [(e, f, w) for (e, f), w in sorted(pairs.items())], concepts


class Corpus:
    """Token-id sentences of both sides, with their weights."""

    def __init__(self, pairs):
        self.en_vocab, self.fr_vocab = {}, {}
        self.en, self.fr, self.w = [], [], []
        for e_text, f_text, w in pairs:
            e = [self.en_vocab.setdefault(t, len(self.en_vocab)) for t in tokens(e_text, STOP_EN)]
            f = [self.fr_vocab.setdefault(t, len(self.fr_vocab)) for t in tokens(f_text, STOP_FR)]
            if e and f:
                self.en.append(e)
                self.fr.append(f)
                self.w.append(w)
        self.en_words = sorted(self.en_vocab, key=self.en_vocab.get)
        self.fr_words = sorted(self.fr_vocab, key=self.fr_vocab.get)


def ibm1(src, tgt, weights, n_src, iterations):
    """IBM Model 1 t(target|source) with a NULL source (id n_src), as {(s, t): prob}.

    Vectorized over every (sentence, target position, source position) link: one entry of the flat
    arrays below per link; `group` identifies the (sentence, target position) normalization set.
    """
    link_src, link_tgt, group, gweight = [], [], [], []
    g = 0
    for s_ids, t_ids, w in zip(src, tgt, weights):
        s_all = s_ids + [n_src]
        for t_id in t_ids:
            link_src.extend(s_all)
            link_tgt.extend([t_id] * len(s_all))
            group.extend([g] * len(s_all))
            gweight.append(w)
            g += 1
    link_src = np.asarray(link_src, dtype=np.int64)
    link_tgt = np.asarray(link_tgt, dtype=np.int64)
    group = np.asarray(group, dtype=np.int64)
    gweight = np.asarray(gweight, dtype=np.float64)
    n_tgt = int(link_tgt.max()) + 1
    # Distinct (source, target) parameters.
    key = link_src * n_tgt + link_tgt
    uniq, pid = np.unique(key, return_inverse=True)
    p_src = uniq // n_tgt
    p_tgt = uniq % n_tgt
    t = np.full(len(uniq), 1.0 / n_tgt)
    for _ in range(iterations):
        lt = t[pid]
        denom = np.bincount(group, weights=lt, minlength=g)
        frac = gweight[group] * lt / denom[group]
        c = np.bincount(pid, weights=frac, minlength=len(uniq))
        total = np.bincount(p_src, weights=c, minlength=n_src + 1)
        t = c / total[p_src]
    return {(int(s), int(u)): float(p) for s, u, p in zip(p_src, p_tgt, t) if s != n_src}


def cooccurrence(corpus):
    counts = {}
    for e, f in zip(corpus.en, corpus.fr):
        for a in set(e):
            for b in set(f):
                counts[(a, b)] = counts.get((a, b), 0) + 1
    return counts


def cognates(en, fr):
    """Same first three letters once accents are folded ("project"/"projets", "fibers"/"fibres"): never a collocate."""
    import unicodedata
    fold = lambda w: "".join(c for c in unicodedata.normalize("NFD", w) if unicodedata.category(c) != "Mn")
    return fold(en)[:3] == fold(fr)[:3]


def build(esco_dir, output):
    for f in ("skills_en.csv", "skills_fr_labels.csv"):
        if not os.path.isfile(os.path.join(esco_dir, f)):
            sys.exit(f"build_lexicon: {os.path.join(esco_dir, f)} not found (ESCO v1.1.1 CSV directory expected)")
    pairs, concepts = load_pairs(esco_dir)
    corpus = Corpus(pairs)
    ne, nf = len(corpus.en_words), len(corpus.fr_words)
    print(f"{concepts} concepts, {len(corpus.en)} phrase pairs, {ne} English and {nf} French words", file=sys.stderr)
    t_fe = ibm1(corpus.en, corpus.fr, corpus.w, ne, ITERATIONS)   # t(fr | en)
    t_ef = ibm1(corpus.fr, corpus.en, corpus.w, nf, ITERATIONS)   # t(en | fr), keyed (fr, en)
    co = cooccurrence(corpus)
    # English phrases of each English word, and t(e|f) per French word, for the collocate rule.
    en_phrases = {}
    for k, e_ids in enumerate(corpus.en):
        for a in set(e_ids):
            en_phrases.setdefault(a, set()).add(k)
    back_by_fr = {}
    for (f, e), p in t_ef.items():
        back_by_fr.setdefault(f, []).append((p, e))
    for f in back_by_fr:
        back_by_fr[f].sort(reverse=True)
    collocates = rejected = 0
    by_en = {}
    for (e, f), p in sorted(t_fe.items()):
        if co.get((e, f), 0) < MIN_COOCCURRENCE:
            continue
        back = t_ef.get((f, e), 0.0)
        score = p * back
        if score >= MIN_SCORE or (p >= MIN_FORWARD and back >= MIN_BACKWARD):
            if (corpus.en_words[e], corpus.fr_words[f]) in REJECTED_PAIRS:
                rejected += 1
                continue
            if not cognates(corpus.en_words[e], corpus.fr_words[f]) and any(
                    e2 != e and t_fe.get((e2, f), 0.0) >= p
                    and len(en_phrases.get(e, set()) & en_phrases.get(e2, set())) >= MIN_COOCCURRENCE
                    for p2, e2 in back_by_fr.get(f, []) if p2 >= COLLOCATE_RATIO * back):
                collocates += 1
                continue
            by_en.setdefault(corpus.en_words[e], []).append((round(score, 4), corpus.fr_words[f]))
    print(f"{collocates} collocate pairs and {rejected} reviewed pairs left out", file=sys.stderr)
    lines = []
    for e in sorted(by_en):
        best = sorted(by_en[e], key=lambda x: (-x[0], x[1]))[:MAX_PER_EN]
        lines.extend(f"{e}\t{f}\t{s:.4f}" for s, f in best)
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    header = [
        f"# {CREDIT}",
        "# Source: ESCO v1.1.1 skill labels (skills_en.csv, skills_fr_labels.csv) and the transversal and",
        "#   language skill collections (labels, descriptions), English and French, joined on conceptUri.",
        "#   ESCO occupation files are never read.",
        # The shipped file's line (kept byte for byte: the lexicon's text is in every model), from before this
        # script moved to scripts/data/.
        "# Built by scripts/build_lexicon.py: IBM Model 1 word alignment in both directions on parallel",  # check-script-paths: keep
        f"#   label/description pairs; kept when co-occurring in >= {MIN_COOCCURRENCE} pairs and",
        f"#   t(fr|en)*t(en|fr) >= {MIN_SCORE} or (t(fr|en) >= {MIN_FORWARD} and t(en|fr) >= {MIN_BACKWARD}),",
        f"#   at most {MAX_PER_EN} French words per English word (best score first); collocates left out (another English",
        f"#   word of the same phrases explains the French word {COLLOCATE_RATIO:g}x better) and {len(REJECTED_PAIRS)} reviewed",
        "#   pairs that mislead in the field's context (REJECTED_PAIRS in the script).",
        "# Columns: English word, French word, score = t(fr|en)*t(en|fr). Words are lower case, accents kept.",
    ]
    write_lexicon(output, header, lines, len(by_en))


def write_lexicon(output, header, lines, english_words):
    """Writes a lexicon file atomically (a temporary beside it, then renamed over it)."""
    tmp = output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header + lines) + "\n")
    os.replace(tmp, output)
    print(f"{len(lines)} pairs for {english_words} English words -> {output}", file=sys.stderr)


def run(build_lexicon, description, default_output):
    """Command line of a lexicon builder: [ESCO_DIR] [-o OUTPUT], defaults ../shared/data/esco and Data/lexicon/NAME."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("esco_dir", nargs="?", default=os.path.join(root, "..", "shared", "data", "esco"))
    ap.add_argument("-o", "--output", default=os.path.join(root, "Data", "lexicon", default_output))
    args = ap.parse_args()
    build_lexicon(os.path.normpath(args.esco_dir), args.output)


if __name__ == "__main__":
    run(build, __doc__.split("\n")[0], "esco-en-fr.tsv")
