"""Deterministic synthetic corpus for scripts/benchmarks/bench: postings and CVs that look like French job texts
to a bag-of-words engine.

- Vocabulary: `vocab` pseudo-French words built from syllables (some accented, so accent stripping
  matters), the most frequent ranks being real French function words.
- Frequencies: a Zipf-Mandelbrot background over the whole vocabulary (long tail: ~10^5 types seen at
  the large size) plus `topics` topics, each a Zipf distribution over 1,500 content words, so that the
  SVD has structure to find.
- Postings: ~600 tokens (log-normal), 45% background, 55% from one to three topics; CVs: ~450 tokens.

Same seed, same files, byte for byte.
    python3 bench_corpus.py --postings 20000 --candidates 1000 --out DIR
"""
import argparse
import json
import os

import numpy as np

FUNCTION_WORDS = ("de la le et les des en un une du pour à au dans par sur avec est sont vous nous qui que "
                  "ou aux son sa ses ce cette ces il elle leur leurs plus être avoir fait comme mais pas ne "
                  "se notre nos votre vos afin selon entre chez tout tous").split()
ONSETS = ["b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "qu", "gr", "pr", "tr", "cl"]
NUCLEI = ["a", "e", "i", "o", "u", "é", "è", "ou", "ai", "on", "an", "in", "eu", "oi"]
CODAS = ["", "", "", "r", "s", "n", "l", "t"]
ENDINGS = ["", "", "tion", "ment", "eur", "ité", "age", "ique", "ance", "iste", "ien", "elle"]


def word(i):
    syllables = [o + n for o in ONSETS for n in NUCLEI]
    s = len(syllables)
    parts = []
    x = i
    while True:
        parts.append(syllables[x % s])
        x //= s
        if x == 0:
            break
        x -= 1
    w = "".join(parts) + CODAS[(i // 7) % len(CODAS)] + ENDINGS[(i // 3) % len(ENDINGS)]
    return w


def vocabulary(size):
    words = list(FUNCTION_WORDS)
    seen = set(words)
    i = 0
    while len(words) < size:
        w = word(i)
        i += 1
        if w not in seen:
            seen.add(w)
            words.append(w)
    return np.array(words, dtype=object)


def zipf_cdf(n, exponent, shift):
    p = 1.0 / (np.arange(n) + shift) ** exponent
    c = np.cumsum(p)
    return c / c[-1]


class Generator:
    def __init__(self, vocab_size, topics):
        rng = np.random.default_rng(0)
        self.words = vocabulary(vocab_size)
        self.background = zipf_cdf(vocab_size, 1.07, 2.7)
        # Topic words: drawn from the mid and low frequency ranks, each topic its own Zipf over them.
        self.topic_words = [rng.choice(np.arange(len(FUNCTION_WORDS), vocab_size), size=1500, replace=False) for _ in range(topics)]
        self.topic_cdf = zipf_cdf(1500, 1.0, 1.5)
        self.topics = topics

    def document(self, rng, mean_length):
        length = max(40, int(rng.lognormal(np.log(mean_length), 0.3)))
        k = rng.integers(1, 4)
        chosen = rng.choice(self.topics, size=k, replace=False)
        shares = np.array([0.7, 0.2, 0.1][:k])
        counts = rng.multinomial(length, np.concatenate([[0.45], 0.55 * shares / shares.sum()]))
        ids = [np.searchsorted(self.background, rng.random(counts[0]))]
        for t, c in zip(chosen, counts[1:]):
            ids.append(self.topic_words[t][np.searchsorted(self.topic_cdf, rng.random(c))])
        ids = np.concatenate(ids)
        rng.shuffle(ids)
        tokens = self.words[ids]
        # Sentences of ~15 words, capitalized, so the text reads like prose to a tokenizer.
        out = []
        for s in range(0, len(tokens), 15):
            sentence = " ".join(tokens[s:s + 15])
            out.append(sentence[:1].upper() + sentence[1:] + ".")
        return " ".join(out), chosen


def write(path, prefix, count, seed, mean_length, generator, kind):
    rng = np.random.default_rng(seed)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for i in range(count):
            text, topics = generator.document(rng, mean_length)
            title = f"{kind} {i} — " + " ".join(text.split()[:6])
            f.write(json.dumps({"id": f"{prefix}-{i:06d}", "title": title, "text": text}, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, required=True)
    parser.add_argument("--candidates", type=int, nargs="*", default=[])
    parser.add_argument("--vocab", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=120)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    generator = Generator(args.vocab, args.topics)
    path = os.path.join(args.out, f"postings-{args.postings}.jsonl")
    if not os.path.exists(path):
        write(path, "job", args.postings, 1000 + args.postings, 600, generator, "Poste")
    for c in args.candidates:
        path = os.path.join(args.out, f"cvs-{c}.jsonl")
        if not os.path.exists(path):
            write(path, "cv", c, 7, 450, generator, "CV")


if __name__ == "__main__":
    main()
