import Foundation
import TextAnalysis
@testable import Competencies

/// Package root, from this file's path (Tests/CompetenciesTests/TestSupport.swift).
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let taxonomyPath = packageRoot.appendingPathComponent("Data/competencies.tsv").path

/// Text of `text[start..<end]` counted in Unicode scalars.
func scalarSlice(_ text: String, _ start: Int, _ end: Int) -> String {
    let s = Array(text.unicodeScalars)
    var v = String.UnicodeScalarView()
    v.append(contentsOf: s[start..<end])
    return String(v)
}

/// A tiny analyzer for tests: lowercase, accent fold, split on non-letters, elisions, a few
/// stopwords, crude plural strip (-s, -x). Offsets in Unicode scalars.
struct TinyAnalyzer: Analyzer {
    var identifier: String { "tiny-test" }
    static let stop: Set<String> = ["de", "des", "du", "la", "le", "les", "l", "d", "et", "en", "a", "au", "aux",
                                    "un", "une", "the", "of", "and", "to", "in", "for", "with", "pour", "sur", "avec"]
    func analyze(_ text: String) -> [Token] {
        var out: [Token] = []
        var word = ""
        var start = 0
        var i = 0
        func flush() {
            defer { word = "" }
            guard !word.isEmpty else { return }
            var w = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            if TinyAnalyzer.stop.contains(w) { return }
            if w.count > 3, w.hasSuffix("s") || w.hasSuffix("x") { w.removeLast() }
            out.append(Token(term: w, start: start, end: i))
        }
        for s in text.unicodeScalars {
            if s.properties.isAlphabetic || ("0"..."9").contains(s) {
                if word.isEmpty { start = i }
                word.unicodeScalars.append(s)
            } else {
                flush()
            }
            i += 1
        }
        flush()
        return out
    }
    func terms(_ text: String) -> [String] { analyze(text).map(\.term) }
}

/// Scalar offsets of the `occurrence`-th (0-based) occurrence of `needle` in `text`.
func scalarRange(of needle: String, in text: String, occurrence: Int = 0) -> (Int, Int)? {
    let h = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
    guard !n.isEmpty, h.count >= n.count else { return nil }
    var seen = 0
    for i in 0...(h.count - n.count) where Array(h[i..<(i + n.count)]) == n {
        if seen == occurrence { return (i, i + n.count) }
        seen += 1
    }
    return nil
}

func loadTaxonomy() throws -> Taxonomy { try Taxonomy.load(path: taxonomyPath) }

func seedPosting(_ name: String) throws -> String {
    try String(contentsOf: packageRoot.appendingPathComponent("Data/postings/\(name).txt"), encoding: .utf8)
}
