import Foundation

/// scikit-learn's `TfidfVectorizer(strip_accents="unicode")` analyzer (identifier "plain-v1"):
/// lower case (full Unicode mapping, as Python's `str.lower`), accents stripped (NFKD, combining
/// characters dropped), tokens = `(?u)\b\w\w+\b` i.e. maximal runs of at least two word characters
/// (letters, numbers, underscore); no stop words, no stemming, no phrases.
/// Offsets map each token back to the original text.
public struct PlainAnalyzer: Analyzer {
    public let identifier = "plain-v1"
    public init() {}

    public func analyze(_ text: String) -> [Token] {
        var out = [Token]()
        run(text) { term, s, e in out.append(Token(term: term, start: s, end: e)) }
        return out
    }

    public func terms(_ text: String) -> [String] {
        var out = [String]()
        run(text) { term, _, _ in out.append(term) }
        return out
    }

    /// Per-scalar mapping: lower-cased, NFKD-decomposed, combining characters removed.
    static let table: [[UInt32]] = (0..<0x3000).map { mapSlow(UInt32($0)) }

    static func mapSlow(_ c: UInt32) -> [UInt32] {
        guard let s = Unicode.Scalar(c) else { return [] }
        if c < 0x80 { return [(c >= 0x41 && c <= 0x5A) ? c + 32 : c] }
        let lowered = s.properties.lowercaseMapping
        let d = lowered.decomposedStringWithCompatibilityMapping
        return d.unicodeScalars.filter { $0.properties.canonicalCombiningClass.rawValue == 0 }.map { $0.value }
    }

    @inline(__always) static func map(_ c: UInt32) -> [UInt32] { c < 0x3000 ? table[Int(c)] : mapSlow(c) }

    static let wordTable: [Bool] = (0..<0x3000).map { isWordSlow(UInt32($0)) }

    static func isWordSlow(_ c: UInt32) -> Bool {
        if c == 0x5F { return true }
        guard let s = Unicode.Scalar(c) else { return false }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return s.properties.numericType != nil
        }
    }

    @inline(__always) static func isWord(_ c: UInt32) -> Bool { c < 0x3000 ? wordTable[Int(c)] : isWordSlow(c) }

    public func run(_ text: String, _ emit: (String, Int, Int) -> Void) {
        let src = Chars.decode(text)
        var buf = [UInt32]()
        buf.reserveCapacity(32)
        var start = -1
        var lastSrc = -1
        func flush() {
            if buf.count >= 2 { emit(Chars.string(buf), start, lastSrc + 1) }
            buf.removeAll(keepingCapacity: true)
            start = -1
        }
        for (i, c) in src.enumerated() {
            if c < 0x80 {
                let isW = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
                if isW { if start < 0 { start = i }; buf.append(c); lastSrc = i; continue }
                if c >= 0x41 && c <= 0x5A { if start < 0 { start = i }; buf.append(c + 32); lastSrc = i; continue }
                flush()
                continue
            }
            let mapped = PlainAnalyzer.map(c)
            if mapped.isEmpty && start >= 0 { lastSrc = i; continue } // a stripped mark stays inside the token
            for m in mapped {
                if PlainAnalyzer.isWord(m) {
                    if start < 0 { start = i }
                    buf.append(m)
                    lastSrc = i
                } else {
                    flush()
                }
            }
        }
        flush()
    }
}
