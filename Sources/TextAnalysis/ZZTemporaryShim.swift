// TEMPORARY, NOT COMMITTED: stands in until branch `text` lands.
import Foundation
public struct FrenchEnglishAnalyzer: Analyzer {
    public init(phrases: Bool = true, language: Language? = nil) {}
    public var identifier: String { "fr-en-v1" }
    public func analyze(_ text: String) -> [Token] {
        var out = [Token](); var cur = ""; var start = 0
        for (i, s) in text.unicodeScalars.enumerated() {
            if CharacterSet.alphanumerics.contains(s) { if cur.isEmpty { start = i }; cur.unicodeScalars.append(s) }
            else { if cur.count > 1 { out.append(Token(term: cur.lowercased(), start: start, end: i)) }; cur = "" }
        }
        if cur.count > 1 { out.append(Token(term: cur.lowercased(), start: start, end: text.unicodeScalars.count)) }
        return out
    }
    public func terms(_ text: String) -> [String] { analyze(text).map(\.term) }
}
public struct PlainAnalyzer: Analyzer {
    public init() {}
    public var identifier: String { "plain-v1" }
    public func analyze(_ text: String) -> [Token] { FrenchEnglishAnalyzer().analyze(text) }
    public func terms(_ text: String) -> [String] { analyze(text).map(\.term) }
}
public enum LanguageIdentifier { public static func identify(_ text: String) -> LanguageGuess { LanguageGuess(language: .fr, confidence: 0.5) } }
