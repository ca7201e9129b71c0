/// A set of feature indices in `0 ..< count`, one bit each: which rows of a by-feature matrix are present
/// (`TermSide.rowsPresent`, a term index read row by row for one query).
///
/// Invariant: `words.count == (count + 63) / 64`, and no bit at or past `count` is set.
public struct FeatureMask: Sendable, Equatable {
    /// The features this mask can hold: `0 ..< count`.
    public let count: Int
    private var words: [UInt64]

    /// An empty mask of `count` features.
    public init(count: Int) {
        precondition(count >= 0, "FeatureMask: negative count \(count)")
        self.count = count
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// Whether feature `f` is in the set; false outside `0 ..< count`.
    /// - Complexity: O(1).
    @inlinable
    public func contains(_ f: Int) -> Bool {
        guard f >= 0, f < count else { return false }
        return withWords { $0[f >> 6] & (1 << UInt64(f & 63)) != 0 }
    }

    /// Adds feature `f`.
    /// - Precondition: `0 <= f < count`.
    public mutating func insert(_ f: Int) {
        precondition(f >= 0 && f < count, "FeatureMask: feature \(f) outside 0..<\(count)")
        words[f >> 6] |= 1 << UInt64(f & 63)
    }

    /// Features in the set.
    /// - Complexity: O(count / 64).
    public var population: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    @usableFromInline
    func withWords<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R { words.withUnsafeBufferPointer(body) }
}
