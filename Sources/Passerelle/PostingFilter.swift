import Foundation

/// Which postings a request looks at, from their metadata (front matter or JSON Lines fields: location,
/// organization, contract, date, source…) and their id and title: `location~montréal`,
/// `contract=CDI`, `date>=2026-01-01`. Conditions all hold (AND); text compares without case or
/// accents ("Montreal" finds "Montréal"); a posting without the key fails the condition.
/// Applied before the top N (`CosineScorer.allowedItems`), so the top N is the top N of what passes.
public struct PostingFilter: Sendable, Equatable {
    public enum Comparison: String, Sendable, Equatable {
        /// The value contains the text.
        case contains = "~"
        /// The value is the text.
        case equals = "="
        /// The value sorts at or after the text (ISO dates: `date>=2026-01-01`).
        case atLeast = ">="
        /// The value sorts at or before the text.
        case atMost = "<="
    }

    public struct Condition: Sendable, Equatable {
        public var key: String
        public var comparison: Comparison
        public var text: String
    }

    public var conditions: [Condition]

    public init(conditions: [Condition] = []) { self.conditions = conditions }

    /// Parses `KEY~TEXT`, `KEY=TEXT`, `KEY>=TEXT` or `KEY<=TEXT` expressions.
    public init(parsing expressions: [String]) throws {
        conditions = try expressions.map { expression in
            for comparison in [Comparison.atLeast, .atMost, .contains, .equals] {
                guard let range = expression.range(of: comparison.rawValue) else { continue }
                let key = expression[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let text = expression[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard !key.isEmpty, !text.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { break }
                return Condition(key: key.lowercased(), comparison: comparison, text: text)
            }
            throw EngineError.invalidSettings("filter '\(expression)': write KEY~TEXT (contains), KEY=TEXT, KEY>=TEXT or KEY<=TEXT, e.g. location~Montréal or date>=2026-01-01")
        }
    }

    public var isEmpty: Bool { conditions.isEmpty }

    /// Whether a posting passes every condition.
    public func allows(_ record: PostingRecord) -> Bool {
        conditions.allSatisfy { condition in
            let value: String?
            switch condition.key {
            case "id": value = record.id
            case "title": value = record.title
            case "lang": value = record.lang
            default: value = record.metadata.first { $0.key.lowercased() == condition.key }?.value
            }
            guard let value else { return false }
            let v = Self.folded(value), t = Self.folded(condition.text)
            switch condition.comparison {
            case .contains: return v.contains(t)
            case .equals: return v == t
            case .atLeast: return v >= t
            case .atMost: return v <= t
            }
        }
    }

    /// One flag per posting of `store`, for `CosineScorer.allowedItems`; nil when the filter is empty.
    /// - Complexity: O(n) records decoded.
    public func mask(_ store: PostingStore) -> [Bool]? {
        isEmpty ? nil : (0 ..< store.count).map { allows(store.record(at: $0)) }
    }

    static func folded(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
}
