/// Nearest terms of a vocabulary by character n-grams within words: "médicosocial" finds "medicosocial"
/// and "social", "technicien" finds "technician", a plural or a stem the vocabulary lacks finds the one it
/// holds.
///
/// Why: a job title typed as a query has one to five words; when one of them is not in the model's
/// vocabulary (another inflection, a compound written as one word, the other language's cognate), a
/// word-level score loses it entirely. Character n-grams are the best lexical system on short job titles
/// (the published table of issue 29); this gives the word-level score that part of their reach without a
/// second feature space in the model: the unknown word is replaced by the vocabulary's terms that share
/// most of its n-grams.
///
/// Similarity: the cosine of the n-gram count vectors of " word " (spaces mark the word's ends), n = 3…5,
/// over Unicode scalars. Dot products and squared norms are integers (exact); the cosine is one division
/// and one square root in double, correctly rounded: the same bits on every machine. Ties are broken by
/// the term's position in the vocabulary, so `nearest` is a function of its inputs alone.
///
/// n-grams are keyed by a 64-bit FNV-1a hash of their scalars (a collision would only merge two n-grams,
/// the same way everywhere).
public struct TermNeighbours: Sendable {
    /// n-gram lengths.
    public static let gramLengths = 3 ... 5
    /// n-gram hash → (term position, count) for each term holding it, ascending positions.
    private let postings: [UInt64: [(Int32, Int32)]]
    /// Squared norm of each term's n-gram count vector (0 for terms left out).
    private let squaredNorms: [Int64]

    /// - Parameters:
    ///   - terms: the vocabulary, in its order (positions are what `nearest` returns);
    ///   - include: whether a term may be returned (e.g. not a concept feature, not a phrase).
    /// - Complexity: O(Σ term lengths).
    public init(terms: [String], include: (String) -> Bool) {
        var postings = [UInt64: [(Int32, Int32)]]()
        var norms = [Int64](repeating: 0, count: terms.count)
        for (i, t) in terms.enumerated() where include(t) {
            let grams = Self.grams(t)
            var norm: Int64 = 0
            for (g, c) in grams {
                postings[g, default: []].append((Int32(i), c))
                norm += Int64(c) * Int64(c)
            }
            norms[i] = norm
        }
        self.postings = postings
        squaredNorms = norms
    }

    /// Up to `count` terms (positions) whose n-gram cosine with `word` is at least `minimumSimilarity`,
    /// best first (ties by position), with that cosine.
    /// - Complexity: Σ over the word's n-grams of how many terms hold them.
    public func nearest(_ word: String, count: Int, minimumSimilarity: Double) -> [(term: Int32, similarity: Float)] {
        guard count > 0 else { return [] }
        let grams = Self.grams(word)
        var norm: Int64 = 0
        var dots = [Int32: Int64]()
        // Hash order does not matter: integer sums are exact in any order.
        for (g, c) in grams {
            norm += Int64(c) * Int64(c)
            guard let list = postings[g] else { continue }
            for (t, tc) in list { dots[t, default: 0] += Int64(c) * Int64(tc) }
        }
        guard norm > 0 else { return [] }
        var scored = [(term: Int32, similarity: Double)]()
        for (t, d) in dots {
            let s = Double(d) / (Double(norm) * Double(squaredNorms[Int(t)])).squareRoot()
            if s >= minimumSimilarity { scored.append((t, s)) }
        }
        scored.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.term < $1.term) }
        return scored.prefix(count).map { ($0.term, Float($0.similarity)) }
    }

    /// n-gram hash → count for " word ", n in `gramLengths`.
    static func grams(_ word: String) -> [UInt64: Int32] {
        var s: [UInt32] = [32]
        s.append(contentsOf: word.unicodeScalars.map(\.value))
        s.append(32)
        var out = [UInt64: Int32]()
        for n in gramLengths where n <= s.count {
            for start in 0 ... (s.count - n) {
                var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(n)
                for k in start ..< start + n {
                    h ^= UInt64(s[k])
                    h = h &* 0x0000_0100_0000_01b3
                }
                out[h, default: 0] += 1
            }
        }
        return out
    }
}
