import Foundation

/// Sentence boundaries and quotes, in Unicode scalars of the original text.
///
/// A sentence ends at a newline, `;`, `|`, a bullet (• ◦ ▪ ‣ ●), or `.` `!` `?` `…` followed by
/// whitespace or the end of the text (so "chargé.e", "chef.fe" and "www.site.fr" do not split).
enum TextSpans {
    static let maxQuote = 240

    static func isBullet(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "•", "◦", "▪", "‣", "●", "■", "□", "➢", "►", "→": return true
        default: return false
        }
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.properties.isWhitespace
    }

    /// True when the scalar at `i` ends a sentence (the boundary scalar itself is not part of either side).
    static func isBoundary(_ scalars: [Unicode.Scalar], _ i: Int) -> Bool {
        let s = scalars[i]
        switch s {
        case "\n", "\r", ";", "|", "\u{2028}", "\u{2029}": return true
        case ".", "!", "?", "…":
            return i + 1 >= scalars.count || isSpace(scalars[i + 1]) || scalars[i + 1] == "\"" || scalars[i + 1] == "»"
        default: return isBullet(s)
        }
    }

    /// True when a sentence boundary lies in `scalars[from..<to]`.
    static func hasBoundary(_ scalars: [Unicode.Scalar], from: Int, to: Int) -> Bool {
        var i = max(0, from)
        let end = min(to, scalars.count)
        while i < end { if isBoundary(scalars, i) { return true }; i += 1 }
        return false
    }

    /// The sentence around `start..<end`, trimmed of spaces and list markers; when longer than
    /// `maxQuote` scalars, a window around the match with "…" where it was cut.
    static func quote(_ scalars: [Unicode.Scalar], start: Int, end: Int, sentences: Sentences? = nil) -> String {
        quoteWithOffset(scalars, start: start, end: end, sentences: sentences).quote
    }

    /// Evidence of `start..<end`: offsets, quote, and where the match lies in the quote.
    static func evidence(_ scalars: [Unicode.Scalar], start: Int, end: Int, sentences: Sentences? = nil) -> Evidence {
        let (q, offset) = quoteWithOffset(scalars, start: start, end: end, sentences: sentences)
        let n = max(0, min(end, scalars.count) - max(0, min(start, scalars.count)))
        return Evidence(start: start, end: end, quote: q, quoteMatchStart: offset, quoteMatchEnd: offset + n)
    }

    /// The quote and the offset (in its Unicode scalars) at which `start` lies.
    /// - Complexity: O(log n + `maxQuote` + the match) with `sentences` (built once per text); without,
    ///   one is built: O(n). Scanning the sentence for every match made a long paragraph quadratic
    ///   (a one-line CV of 128 KB took over 100 s to rank).
    static func quoteWithOffset(_ scalars: [Unicode.Scalar], start: Int, end: Int,
                                sentences: Sentences? = nil) -> (quote: String, offset: Int) {
        let n = scalars.count
        let start = max(0, min(start, n)), end = max(start, min(end, n))
        let sentences = sentences ?? Sentences(scalars)
        // The sentence, trimmed of spaces and list markers at the start, spaces at the end; its own final
        // punctuation kept.
        var lo = sentences.trimmedStart(before: start)
        var hi = sentences.trimmedEnd(after: end)
        var prefix = "", suffix = ""
        if hi - lo > maxQuote {
            let room = max(0, maxQuote - (end - start))
            var a = max(lo, start - room / 2)
            var b = max(end, min(hi, a + maxQuote))
            if b - a < maxQuote { a = max(lo, min(start, b - maxQuote)) }
            // Cut at word boundaries when possible (never inside the match).
            if a > lo && !isSpace(scalars[a - 1]) { var k = a; while k < start && !isSpace(scalars[k]) { k += 1 }; if k < start { a = k + 1 } }
            if b < hi && !isSpace(scalars[b]) { var k = b; while k > end && !isSpace(scalars[k - 1]) { k -= 1 }; if k > end { b = k - 1 } }
            while a < start && isSpace(scalars[a]) { a += 1 }
            while b > end && isSpace(scalars[b - 1]) { b -= 1 }
            if a > lo { prefix = "…" }
            if b < hi { suffix = "…" }
            lo = a; hi = b
        }
        sentences.count(2 * (hi - lo))   // the window scans above and the copy below
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lo..<hi])
        return (prefix + String(view) + suffix, prefix.unicodeScalars.count + (start - lo))
    }

    /// A scalar trimmed from the start of a quote: a space or a list marker.
    static func isLeadJunk(_ s: Unicode.Scalar) -> Bool {
        isSpace(s) || s == "-" || s == "*" || s == "–" || s == "—" || s == ">" || isBullet(s)
    }

    /// The original text of `start..<end`.
    /// - Complexity: O(end − start), encoded to UTF-8 bytes then made a `String` once (appending scalars to a
    ///   `String.UnicodeScalarView` one by one was most of the other-language line reading, issue 25e).
    static func slice(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        let lo = max(0, start), hi = min(end, scalars.count)
        guard lo < hi else { return "" }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hi - lo)
        for s in scalars[lo ..< hi] {
            if s.value < 0x80 { bytes.append(UInt8(s.value)) } else { UTF8.encode(s) { bytes.append($0) } }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The sentence boundaries (`TextSpans.isBoundary`) and line starts of one text, found in one pass, so that
/// the sentence or the line around a span is found by binary search instead of a scan: every quote,
/// sense check and section test of a text then costs O(log n) plus its own bounded window, and a text of
/// n scalars costs O(n log n) whatever its line and sentence lengths.
///
/// `scanned` counts the scalars every query of this index looked at (the boundaries' pass included):
/// tests assert it grows linearly with the text (work counted, not time).
final class Sentences {
    let scalars: [Unicode.Scalar]
    /// Offsets `i` where `TextSpans.isBoundary(scalars, i)`, ascending.
    let boundaries: [Int]
    /// Offsets of the "\n" scalars, ascending.
    let newlines: [Int]
    /// Per sentence j (between boundaries j − 1 and j; the last one ends at n): where it starts once
    /// spaces and list markers are trimmed, and where it ends once trailing spaces are trimmed.
    private var trimmedStarts: [Int] = []
    private var trimmedEnds: [Int] = []
    /// Scalars looked at (a measure of work, for tests).
    private(set) var scanned = 0
    /// Per-text memo of the callers' sentence- and line-wide tests (sense checks), keyed by their start.
    private struct MemoKey: Hashable { var kind: String; var start: Int; var end: Int }
    private var memo: [MemoKey: Bool] = [:]

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        var boundaries: [Int] = [], newlines: [Int] = []
        for i in scalars.indices {
            if TextSpans.isBoundary(scalars, i) { boundaries.append(i) }
            if scalars[i] == "\n" { newlines.append(i) }
        }
        self.boundaries = boundaries
        self.newlines = newlines
        scanned = scalars.count
        let n = scalars.count
        trimmedStarts.reserveCapacity(boundaries.count + 1)
        trimmedEnds.reserveCapacity(boundaries.count + 1)
        var from = 0
        for j in 0 ... boundaries.count {
            let to = j < boundaries.count ? boundaries[j] : n
            var lo = from
            while lo < to && TextSpans.isLeadJunk(scalars[lo]) { lo += 1 }
            var hi = to
            // Keep the sentence's own final punctuation; else trim the spaces before the boundary.
            if to < n, [".", "!", "?", "…"].contains(scalars[to]) { hi = to + 1 } else {
                while hi > from && TextSpans.isSpace(scalars[hi - 1]) { hi -= 1 }
            }
            scanned += (lo - from) + (to - hi)
            trimmedStarts.append(lo)
            trimmedEnds.append(hi)
            from = to + 1
        }
    }

    /// Number of boundaries before `i` (the index of the sentence holding a non-boundary scalar `i`).
    private func sentenceIndex(before i: Int) -> Int {
        var lo = 0, hi = boundaries.count
        while lo < hi { let mid = (lo + hi) / 2; if boundaries[mid] < i { lo = mid + 1 } else { hi = mid } }
        scanned += 1
        return lo
    }

    /// The start of the sentence holding `start` (just after the last boundary before it).
    func sentenceStart(before start: Int) -> Int {
        let j = sentenceIndex(before: start)
        return j == 0 ? 0 : boundaries[j - 1] + 1
    }

    /// The end of the sentence holding `end` (the first boundary at or after it, or n).
    func sentenceEnd(after end: Int) -> Int {
        let j = sentenceIndex(before: end)
        return j < boundaries.count ? boundaries[j] : scalars.count
    }

    /// `sentenceStart(before:)` past leading spaces and list markers, never past `start`.
    func trimmedStart(before start: Int) -> Int { min(start, trimmedStarts[sentenceIndex(before: start)]) }

    /// `sentenceEnd(after:)` with its final . ! ? … and without trailing spaces, never before `end`.
    func trimmedEnd(after end: Int) -> Int { max(end, trimmedEnds[sentenceIndex(before: end)]) }

    /// True when a sentence boundary lies in `from..<to`.
    func hasBoundary(from: Int, to: Int) -> Bool {
        let j = sentenceIndex(before: max(0, from))
        return j < boundaries.count && boundaries[j] < to
    }

    /// The line holding `i`: (start, end), end at its "\n" or n.
    func line(around i: Int) -> (start: Int, end: Int) {
        var lo = 0, hi = newlines.count
        while lo < hi { let mid = (lo + hi) / 2; if newlines[mid] < i { lo = mid + 1 } else { hi = mid } }
        scanned += 1
        return (lo == 0 ? 0 : newlines[lo - 1] + 1, lo < newlines.count ? newlines[lo] : scalars.count)
    }

    /// Counts `k` scalars looked at by a caller.
    func count(_ k: Int) { scanned += max(0, k) }

    /// `compute()`, once per (`kind`, `start..<end`) for this text.
    func memoized(_ kind: String, _ start: Int, _ end: Int, _ compute: () -> Bool) -> Bool {
        let key = MemoKey(kind: kind, start: start, end: end)
        if let v = memo[key] { return v }
        let v = compute()
        memo[key] = v
        return v
    }
}

/// Lowercased, accent-folded text with, for every scalar, the offset of the original scalar it came from.
struct FoldedText {
    var scalars: [Unicode.Scalar] = []
    var origin: [Int] = []
    /// For every scalar, the end (exclusive) of what it covers in the original (combining marks dropped
    /// by folding are covered by the scalar before them).
    var originEnd: [Int] = []

    init(_ original: [Unicode.Scalar]) {
        scalars.reserveCapacity(original.count)
        origin.reserveCapacity(original.count)
        var cache: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        for (i, s) in original.enumerated() {
            if s.isASCII {
                let v = s.value
                scalars.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : s)
                origin.append(i)
                originEnd.append(i + 1)
                continue
            }
            let mapped: [Unicode.Scalar]
            if let m = cache[s] { mapped = m } else {
                switch s {
                case "\u{2019}", "\u{2018}", "\u{02BC}", "\u{2032}", "`": mapped = ["'"]
                case "\u{2013}", "\u{2014}", "\u{2010}", "\u{2011}", "\u{2212}": mapped = ["-"]
                case "\u{00A0}", "\u{202F}", "\u{2009}", "\u{2007}": mapped = [" "]
                case "œ", "Œ": mapped = ["o", "e"]
                case "æ", "Æ": mapped = ["a", "e"]
                default:
                    if s.properties.generalCategory == .nonspacingMark { mapped = []; break }
                    let f = String(s).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                    mapped = f.isEmpty ? [s] : Array(f.unicodeScalars)
                }
                cache[s] = mapped
            }
            if mapped.isEmpty, !originEnd.isEmpty { originEnd[originEnd.count - 1] = i + 1 }
            for m in mapped { scalars.append(m); origin.append(i); originEnd.append(i + 1) }
        }
    }

    /// Original offsets for folded `start..<end` (end exclusive).
    func originalRange(_ start: Int, _ end: Int) -> (Int, Int) {
        guard start < end, !origin.isEmpty else { return (origin.first ?? 0, origin.first ?? 0) }
        return (origin[start], originEnd[end - 1])
    }
}
