/// "Did you mean …?": the names nearest to a mistyped one (a subcommand, a posting id).
public enum Spelling {
    /// Up to `count` of `names` within a few typos of `word`: case-insensitive edit distance (insertions,
    /// deletions, substitutions and swaps of two neighbours each count 1) at most `maxDistance` (default
    /// max(1, length / 4)), nearest first, then in name order.
    /// - Complexity: O(n · ℓ²) for n names about ℓ long.
    public static func nearest<S: Sequence>(to word: String, among names: S, maxDistance: Int? = nil, count: Int = 3) -> [String]
    where S.Element == String {
        let wanted = Array(word.lowercased().unicodeScalars)
        let limit = maxDistance ?? max(1, wanted.count / 4)
        var near = [(distance: Int, name: String)]()
        for name in names {
            let d = distance(wanted, Array(name.lowercased().unicodeScalars), limit: limit)
            if d <= limit { near.append((d, name)) }
        }
        near.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return near.prefix(max(0, count)).map(\.name)
    }

    /// Optimal-string-alignment distance between two scalar arrays (Levenshtein plus swaps of two
    /// neighbours), or `limit + 1` as soon as it must exceed `limit`.
    /// - Complexity: O(|a| · |b|).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        if abs(a.count - b.count) > limit { return limit + 1 }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0 ... b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1 ... a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1 ... b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
