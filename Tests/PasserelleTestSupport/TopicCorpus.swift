import Foundation
import TextAnalysis
import Passerelle
import PasserelleCore

/// A transparent analyzer for engine and evaluation tests: lowercase words split on anything not a letter or digit.
public struct WhitespaceAnalyzer: Analyzer {
    public init() {}
    public var identifier: String { "test-whitespace" }
    public func analyze(_ text: String) -> [Token] {
        var out = [Token](), current = "", start = 0, i = 0
        for s in text.unicodeScalars {
            if CharacterSet.alphanumerics.contains(s) {
                if current.isEmpty { start = i }
                current.unicodeScalars.append(s)
            } else if !current.isEmpty {
                out.append(Token(term: current.lowercased(), start: start, end: i)); current = ""
            }
            i += 1
        }
        if !current.isEmpty { out.append(Token(term: current.lowercased(), start: start, end: i)) }
        return out
    }
    public func terms(_ text: String) -> [String] { analyze(text).map(\.term) }
}

/// A small corpus with three topics, so the SVD has structure to find.
public enum TestCorpus {
    public static let topics: [[String]] = [
        ["médiation", "culturelle", "musée", "publics", "ateliers", "artistes", "bibliothèque", "exposition"],
        ["participation", "citoyenne", "concertation", "habitants", "quartier", "démocratie", "consultation", "assemblée"],
        ["développeur", "backend", "api", "serveur", "base", "données", "déploiement", "tests"],
    ]

    /// `perTopic` documents per topic, deterministic, each mixing mostly its topic's words.
    public static func documents(perTopic: Int = 6) -> [Document] {
        var docs = [Document]()
        var state: UInt64 = 12345
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        for (t, words) in topics.enumerated() {
            for d in 0..<perTopic {
                var text = [String]()
                for _ in 0..<30 { text.append(words[next() % words.count]) }
                for _ in 0..<3 { let other = topics[(t + 1 + next() % 2) % topics.count]; text.append(other[next() % other.count]) }
                docs.append(Document(id: "t\(t)-d\(d)", title: "Topic \(t) document \(d)", text: text.joined(separator: " "), lang: "fr"))
            }
        }
        return docs
    }

    public static var featurizer: Featurizer { Featurizer(analyzer: WhitespaceAnalyzer()) }

    public static func settings(dims: Int = 3) -> BuildSettings {
        BuildSettings(dimensions: dims, analyzer: WhitespaceAnalyzer().identifier)
    }

    public static func model(dims: Int = 3) throws -> LSAModel {
        try LSAModel.fit(postings: documents(), featurizer: featurizer, settings: settings(dims: dims))
    }
}
