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
    static func quote(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> String {
        quoteWithOffset(scalars, start: start, end: end).quote
    }

    /// Evidence of `start..<end`: offsets, quote, and where the match lies in the quote.
    static func evidence(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> Evidence {
        let (q, offset) = quoteWithOffset(scalars, start: start, end: end)
        let n = max(0, min(end, scalars.count) - max(0, min(start, scalars.count)))
        return Evidence(start: start, end: end, quote: q, quoteMatchStart: offset, quoteMatchEnd: offset + n)
    }

    /// The quote and the offset (in its Unicode scalars) at which `start` lies.
    static func quoteWithOffset(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> (quote: String, offset: Int) {
        let n = scalars.count
        let start = max(0, min(start, n)), end = max(start, min(end, n))
        var lo = start
        while lo > 0 && !isBoundary(scalars, lo - 1) { lo -= 1 }
        var hi = end
        while hi < n && !isBoundary(scalars, hi) { hi += 1 }
        // Keep the sentence's own final punctuation.
        if hi < n, [".", "!", "?", "…"].contains(scalars[hi]) { hi += 1 }
        // Trim spaces and list markers at the start, spaces at the end.
        func isLeadJunk(_ s: Unicode.Scalar) -> Bool {
            isSpace(s) || s == "-" || s == "*" || s == "–" || s == "—" || s == ">" || isBullet(s)
        }
        while lo < start && isLeadJunk(scalars[lo]) { lo += 1 }
        while hi > end && isSpace(scalars[hi - 1]) { hi -= 1 }
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
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lo..<hi])
        return (prefix + String(view) + suffix, prefix.unicodeScalars.count + (start - lo))
    }

    /// The original text of `start..<end`.
    static func slice(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[max(0, start)..<min(end, scalars.count)])
        return String(view)
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
