import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 23, defect 1: a one-line CV of 16 KB ranked in 3.5 s, 128 KB in over 100 s — every quote, sense
/// check and section test scanned its whole sentence (or line) again. `Sentences` finds them once per text.
/// Work is counted (`Sentences.scanned`), not timed: the counts are deterministic.
final class LongTextTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! loadTaxonomy(), analyzer: FrenchEnglishAnalyzer())

    /// A shipped CV or posting as one paragraph without any sentence boundary (no line break, no . ; | or
    /// bullet), repeated to at least `bytes` UTF-8 bytes: the worst case for per-sentence scans.
    static func oneLine(_ name: String, bytes: Int) throws -> String {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Data/\(name).txt"), encoding: .utf8)
        let flat = String(String.UnicodeScalarView(text.unicodeScalars.map { s -> Unicode.Scalar in
            s.properties.isWhitespace || TextSpans.isBullet(s) || ".;|!?…".unicodeScalars.contains(s) ? " " : s
        }))
        var out = ""
        while out.utf8.count < bytes { out += flat + " " }
        return out
    }

    /// Work per scalar of one detection of `text` as `kind`.
    func workPerScalar(_ text: String, as kind: CompetencyDetector.TextKind) -> (perScalar: Double, found: Int) {
        let sentences = Sentences(Array(text.unicodeScalars))
        let result = Self.detector.detectBoth(text, as: kind, sentences: sentences)
        return (Double(sentences.scanned) / Double(sentences.scalars.count), result.explained.competencies.reduce(0) { $0 + $1.count })
    }

    func testWorkOnOneLongLineGrowsLinearly() throws {
        for (name, kind) in [("candidates/cv-fr-design", CompetencyDetector.TextKind.cv), ("postings/" + firstPosting(), .posting)] {
            let small = workPerScalar(try Self.oneLine(name, bytes: 8 << 10), as: kind)
            let large = workPerScalar(try Self.oneLine(name, bytes: 64 << 10), as: kind)
            // The text does hold matches (else nothing would be quoted and the test would prove nothing)…
            XCTAssertGreaterThan(large.found, 7 * small.found / 2, name)
            // …and 8 times the text costs at most 8 times the work (per scalar: the same, within 25%). Before,
            // every match scanned the whole line: the work per scalar grew with the line.
            XCTAssertLessThan(large.perScalar, 1.25 * small.perScalar, "\(name): \(small.perScalar) → \(large.perScalar) per scalar")
            XCTAssertLessThan(large.perScalar, 40, "\(name): \(large.perScalar) scalars looked at per scalar of text")
        }
    }

    func firstPosting() -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Data/postings").path)) ?? []
        return String(names.filter { $0.hasSuffix(".txt") }.sorted().first!.dropLast(4))
    }

    /// The quote found through the index is the one the former scan found, on texts with every kind of
    /// boundary, list markers and spaces in odd places (the reference below is the former code).
    func testQuotesAreThoseOfTheFormerScan() {
        var rng = SystemRandomNumberGenerator()
        let pieces: [String] = ["mot", "chargé.e", "x", " ", "  ", ". ", "!", "? ", "…", ";", "|", "\n", "\r\n", "•", " - ", "* ", "–",
                                "> ", "\u{2028}", "www.site.fr", "« cité »", "\"", "é", "long", String(repeating: "a", count: 30)]
        for _ in 0 ..< 400 {
            var text = ""
            let count = Int.random(in: 1 ... 120, using: &rng)
            for _ in 0 ..< count { text += pieces.randomElement(using: &rng)! }
            let scalars = Array(text.unicodeScalars)
            let sentences = Sentences(scalars)
            for _ in 0 ..< 20 {
                let start = Int.random(in: 0 ... scalars.count, using: &rng)
                let end = min(scalars.count, start + Int.random(in: 0 ... 12, using: &rng))
                let expected = Self.referenceQuote(scalars, start: start, end: end)
                let got = TextSpans.quoteWithOffset(scalars, start: start, end: end, sentences: sentences)
                XCTAssertEqual(got.quote, expected.quote, "\(text.debugDescription) \(start)..<\(end)")
                XCTAssertEqual(got.offset, expected.offset, "\(text.debugDescription) \(start)..<\(end)")
                XCTAssertEqual(sentences.hasBoundary(from: start, to: end), TextSpans.hasBoundary(scalars, from: start, to: end))
            }
        }
    }

    /// `TextSpans.quoteWithOffset` as it was at 894afd6 (a scan of the sentence for every quote).
    static func referenceQuote(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> (quote: String, offset: Int) {
        let n = scalars.count
        let start = max(0, min(start, n)), end = max(start, min(end, n))
        var lo = start
        while lo > 0 && !TextSpans.isBoundary(scalars, lo - 1) { lo -= 1 }
        var hi = end
        while hi < n && !TextSpans.isBoundary(scalars, hi) { hi += 1 }
        if hi < n, [".", "!", "?", "…"].contains(scalars[hi]) { hi += 1 }
        while lo < start && TextSpans.isLeadJunk(scalars[lo]) { lo += 1 }
        while hi > end && TextSpans.isSpace(scalars[hi - 1]) { hi -= 1 }
        var prefix = "", suffix = ""
        let maxQuote = TextSpans.maxQuote
        if hi - lo > maxQuote {
            let room = max(0, maxQuote - (end - start))
            var a = max(lo, start - room / 2)
            var b = max(end, min(hi, a + maxQuote))
            if b - a < maxQuote { a = max(lo, min(start, b - maxQuote)) }
            if a > lo && !TextSpans.isSpace(scalars[a - 1]) { var k = a; while k < start && !TextSpans.isSpace(scalars[k]) { k += 1 }; if k < start { a = k + 1 } }
            if b < hi && !TextSpans.isSpace(scalars[b]) { var k = b; while k > end && !TextSpans.isSpace(scalars[k - 1]) { k -= 1 }; if k > end { b = k - 1 } }
            while a < start && TextSpans.isSpace(scalars[a]) { a += 1 }
            while b > end && TextSpans.isSpace(scalars[b - 1]) { b -= 1 }
            if a > lo { prefix = "…" }
            if b < hi { suffix = "…" }
            lo = a; hi = b
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lo..<hi])
        return (prefix + String(view) + suffix, prefix.unicodeScalars.count + (start - lo))
    }
}
