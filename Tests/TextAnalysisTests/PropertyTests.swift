import XCTest
@testable import TextAnalysis

/// Deterministic generator (SplitMix64) so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

final class PropertyTests: XCTestCase {
    let analyzers: [any Analyzer] = [FrenchEnglishAnalyzer(), FrenchEnglishAnalyzer(language: .fr),
                                     FrenchEnglishAnalyzer(language: .en), FrenchEnglishAnalyzer(language: .other),
                                     PlainAnalyzer()]

    /// Pieces that exercise the joiners and normalization, mixed with random bytes.
    let pieces = ["l’", "d'", "qu’", "·e", ".e.s", "(e)", "/trices", "-", "co-", "‑", "«\u{a0}", "\u{202f}»", "…", "—", "•",
                  "e\u{301}", "\u{301}", "Œ", "ß", "İ", "ﬁ", "ʼ", "'s", "\n\n", "\n", " ", ".", "(", ")", "/", "Chargé", "design",
                  "de", "services", "recherche", "action", "médiateur", "innovation", "sociale", "the", "user", "research",
                  "2024", "_", "x", "\u{0}", "\u{FFFD}", "🙂", "日本語", "Ελληνικά", "\u{200B}", "\t"]

    func randomText(_ rng: inout SplitMix64, bytes: Bool) -> String {
        if bytes {
            let n = Int(rng.next() % 200)
            var b = [UInt8]()
            for _ in 0..<n {
                // bias toward UTF-8 lead/continuation bytes and ASCII letters
                switch rng.next() % 4 {
                case 0: b.append(UInt8(0x61 + rng.next() % 26))
                case 1: b.append(UInt8(0x80 + rng.next() % 0x40))
                case 2: b.append(UInt8(0xC2 + rng.next() % 0x30))
                default: b.append(UInt8(truncatingIfNeeded: rng.next()))
                }
            }
            return String(decoding: b, as: UTF8.self)
        }
        var s = ""
        for _ in 0..<Int(rng.next() % 40) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
        return s
    }

    func check(_ text: String, _ a: any Analyzer, file: StaticString = #filePath, line: UInt = #line) {
        let scalars = Array(text.unicodeScalars)
        let tokens = a.analyze(text)
        XCTAssertEqual(tokens.map(\.term), a.terms(text), file: file, line: line)
        var lastStart = 0
        for t in tokens {
            XCTAssertTrue(0 <= t.start && t.start < t.end && t.end <= scalars.count, "\(t) in \(scalars.count) scalars: \(text.debugDescription)", file: file, line: line)
            guard 0 <= t.start && t.start < t.end && t.end <= scalars.count else { continue }
            let piece = String(String.UnicodeScalarView(scalars[t.start..<t.end]))
            XCTAssertFalse(piece.isEmpty, file: file, line: line)
            XCTAssertFalse(t.term.isEmpty, file: file, line: line)
            // phrase/compound terms start at their first word, before the words that end them
            if !t.term.contains("_") || a is PlainAnalyzer {
                XCTAssertGreaterThanOrEqual(t.start, lastStart, "order: \(text.debugDescription)", file: file, line: line)
                lastStart = t.start
            }
        }
    }

    func testNeverCrashesAndOffsetsAreValidOnRandomBytes() {
        var rng = SplitMix64(state: 42)
        for _ in 0..<1500 {
            let text = randomText(&rng, bytes: true)
            for a in analyzers { check(text, a) }
        }
    }

    func testNeverCrashesAndOffsetsAreValidOnRandomPieces() {
        var rng = SplitMix64(state: 7)
        for _ in 0..<1500 {
            let text = randomText(&rng, bytes: false)
            for a in analyzers { check(text, a) }
        }
    }

    func testSeedPostingsAreAnalyzedAsFrench() throws {
        for f in SeedPostings.files {
            let text = try SeedPostings.text(f)
            XCTAssertEqual(FrenchEnglishAnalyzer().analyze(text), FrenchEnglishAnalyzer(language: .fr).analyze(text), f)
        }
    }

    func testOffsetsOnSeedPostingsSliceBackToTheWords() throws {
        let a = FrenchEnglishAnalyzer(language: .fr)
        for f in SeedPostings.files {
            let text = try SeedPostings.text(f)
            check(text, a)
            check(text, PlainAnalyzer())
            // each single-word term is what the analyzer gives for its own slice
            let scalars = Array(text.unicodeScalars)
            let fr = FrenchEnglishAnalyzer(phrases: false, language: .fr)
            for t in a.analyze(text) where !t.term.contains("_") {
                let piece = String(String.UnicodeScalarView(scalars[t.start..<t.end]))
                XCTAssertEqual(fr.terms(piece), [t.term], "\(f): \(piece)")
            }
        }
    }

    /// Idempotence, defined precisely: for a fixed language L, let T be the word terms (phrase and compound
    /// terms, which contain "_", excluded) of an analysis. Analyzing T joined by spaces with the same
    /// language and `stemming: false` returns exactly T: every term is a single normalized token that is
    /// not a stop word. (The stemmer itself is applied once and is not idempotent: see
    /// FrenchEnglishAnalyzer.) Also, normalization without stemming is idempotent on its own output.
    func testIdempotence() throws {
        var texts = try SeedPostings.files.map { try SeedPostings.text($0) }
        var rng = SplitMix64(state: 99)
        for _ in 0..<300 { texts.append(randomText(&rng, bytes: false)); texts.append(randomText(&rng, bytes: true)) }
        for text in texts {
            for l in Language.allCases {
                let a = FrenchEnglishAnalyzer(language: l)
                let plain = FrenchEnglishAnalyzer(language: l, stemming: false)
                let words = a.terms(text).filter { !$0.contains("_") }
                XCTAssertEqual(plain.terms(words.joined(separator: " ")), words, "\(l): \(text.prefix(60).debugDescription)")
                let n1 = plain.terms(text).filter { !$0.contains("_") }
                XCTAssertEqual(plain.terms(n1.joined(separator: " ")), n1, "\(l)")
            }
        }
    }

    func testDeterministicAcrossThreads() throws {
        let text = try SeedPostings.text("seed-rouen-participation.txt")
        let expected = FrenchEnglishAnalyzer().analyze(text)
        // Each iteration writes only its own slot.
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 8)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            results[i] = FrenchEnglishAnalyzer().analyze(text) == expected
        }
        XCTAssertTrue(results.allSatisfy { $0 })
    }
}
