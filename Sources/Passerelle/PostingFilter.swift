import Foundation
import TextAnalysis

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

    /// Keys every posting has, whatever its metadata.
    public static let builtInKeys = ["id", "lang", "title"]

    /// French names of the usual keys, taken when the model has no key of that name
    /// (`lieu~Montréal` is `location~Montréal`).
    public static let frenchAliases = ["lieu": "location", "ville": "location", "contrat": "contract", "organisation": "organization",
                                       "employeur": "organization", "entreprise": "organization", "salaire": "salary",
                                       "titre": "title", "langue": "lang", "lien": "url"]

    /// The keys a filter can use on `store`: `builtInKeys` and every metadata key at least one posting
    /// has (lowercased, sorted).
    /// - Complexity: O(n) metadata records decoded.
    public static func keys(of store: PostingStore) -> [String] {
        var keys = Set(builtInKeys)
        for i in 0 ..< store.count { for key in store.record(at: i).metadata.keys { keys.insert(key.lowercased()) } }
        return keys.sorted()
    }

    /// A `--where` that cannot mean what it says, in English (`description`) and in French.
    public struct FilterError: Error, Equatable, CustomStringConvertible, Sendable {
        public var description: String
        public var french: String
        /// The nearest keys (did you mean), and every key the model holds.
        public var suggestions: [String]
        public var keys: [String]
    }

    /// This filter checked against the keys a model holds (`keys(of:)`), French aliases resolved.
    /// - Throws: `FilterError` for a key no posting has ("did you mean", then the list:
    ///   a filter on it would silently keep nothing) and for a date comparison whose text is not an ISO
    ///   date (`date>=nov` would compare letters).
    public func checked(against keys: [String]) throws -> PostingFilter {
        var out = self
        for (n, condition) in conditions.enumerated() {
            var key = condition.key
            if !keys.contains(key), let alias = Self.frenchAliases[key], keys.contains(alias) { key = alias }
            guard keys.contains(key) else {
                let nearest = Spelling.nearest(to: key, among: keys)
                let hint = nearest.isEmpty ? "" : "did you mean " + nearest.map { "'\($0)'" }.joined(separator: " or ") + "? "
                let nearFR = nearest.isEmpty ? "" : "vouliez-vous dire " + nearest.map { "« \($0) »" }.joined(separator: " ou ") + " ? "
                let expression = "\(condition.key)\(condition.comparison.rawValue)\(condition.text)"
                throw FilterError(description: "--where \(expression): no posting of this model has the key '\(condition.key)'; \(hint)keys: \(keys.joined(separator: ", "))",
                                  french: "--where \(expression) : aucune offre de ce modèle n’a la clé « \(condition.key) » ; \(nearFR)clés : \(keys.joined(separator: ", "))",
                                  suggestions: nearest, keys: keys)
            }
            out.conditions[n].key = key
            if key == "date" && (condition.comparison == .atLeast || condition.comparison == .atMost) && !Self.isISODatePrefix(condition.text) {
                let expression = "date\(condition.comparison.rawValue)\(condition.text)"
                throw FilterError(description: "--where \(expression): write the date as YYYY-MM-DD (or YYYY-MM, YYYY), e.g. date>=2026-11-01",
                                  french: "--where \(expression) : écrivez la date AAAA-MM-JJ (ou AAAA-MM, AAAA), par exemple date>=2026-11-01",
                                  suggestions: [], keys: keys)
            }
        }
        return out
    }

    /// "2026", "2026-11" or "2026-11-01".
    static func isISODatePrefix(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard (1 ... 3).contains(parts.count), parts[0].count == 4 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) } && parts.dropFirst().allSatisfy { $0.count == 2 }
    }

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
