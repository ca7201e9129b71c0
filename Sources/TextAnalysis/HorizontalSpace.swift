/// Trimming of spaces and tabs at both ends of a field, the set Foundation calls
/// `CharacterSet.whitespaces` (Unicode general category Zs, U+0009, and — as Foundation has it — the zero-width
/// space U+200B), without Foundation.
///
/// Why: the resource parsers (`BilingualLexicon`, the competency taxonomy) trim every field of every
/// line of their lists — about 150,000 fields when a model's pipeline is built — and
/// `trimmingCharacters(in:)` bridges each one through `NSString` (copy out, UTF-16 scan, copy back): 14% of a
/// one-shot `passerelle rank` on the shipped postings. The result is the same string.
extension Substring {
    /// The substring without the spaces and tabs at its ends (`CharacterSet.whitespaces`), as a String.
    /// - Complexity: O(length of the spaces trimmed), plus the copy of what is kept.
    public func trimmingHorizontalSpace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].isHorizontalSpace { start = scalars.index(after: start) }
        while end > start {
            let last = scalars.index(before: end)
            guard scalars[last].isHorizontalSpace else { break }
            end = last
        }
        return String(scalars[start ..< end])
    }
}

extension String {
    /// The string without the spaces and tabs at its ends (`CharacterSet.whitespaces`).
    public func trimmingHorizontalSpace() -> String { Substring(self).trimmingHorizontalSpace() }
}

extension Unicode.Scalar {
    /// A tab, a space separator (general category Zs: space, no-break space, the em and en spaces…) or the
    /// zero-width space: exactly the members of Foundation's `CharacterSet.whitespaces` (checked over every
    /// scalar on Linux's Foundation, Swift 6.3: U+200B is the one member outside Zs and the tab).
    var isHorizontalSpace: Bool { self == "\t" || self == "\u{200B}" || properties.generalCategory == .spaceSeparator }
}
