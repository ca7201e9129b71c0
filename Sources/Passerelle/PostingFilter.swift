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
    /// The day answers are given for (ISO `YYYY-MM-DD`): postings whose `valid_through` is an earlier day
    /// are left out. Defaults to `PostingFilter.today()`; nil shows expired postings too.
    public var validOn: String?

    public init(conditions: [Condition] = [], validOn: String? = PostingFilter.today()) {
        self.conditions = conditions
        self.validOn = validOn
    }

    /// Today as `YYYY-MM-DD` (UTC), or `PASSERELLE_TODAY` when set: the clock of expiry, injectable for
    /// tests and for answering as of another day.
    public static func today() -> String {
        if let day = ProcessInfo.processInfo.environment["PASSERELLE_TODAY"], isDate(day) { return String(day.prefix(10)) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }

    /// Whether `text` starts with an ISO date `YYYY-MM-DD` (a time may follow).
    public static func isDate(_ text: String) -> Bool {
        let b = Array(text.utf8.prefix(10))
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        guard [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(b[$0]) }) else { return false }
        let month = Int(String(decoding: b[5...6], as: UTF8.self))!, day = Int(String(decoding: b[8...9], as: UTF8.self))!
        return (1...12).contains(month) && (1...31).contains(day) && (b.count == 10 && (text.utf8.count == 10 || text.utf8.dropFirst(10).first == UInt8(ascii: "T")))
    }

    /// Whether a posting with this `valid_through` is past it on `day`.
    static func expired(_ validThrough: String, on day: String) -> Bool {
        isDate(validThrough) && validThrough.prefix(10) < day.prefix(10)
    }

    /// Parses `KEY~TEXT`, `KEY=TEXT`, `KEY>=TEXT` or `KEY<=TEXT` expressions.
    public init(parsing expressions: [String], validOn: String? = PostingFilter.today()) throws {
        self.validOn = validOn
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

    /// No condition (expiry aside).
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

    /// One flag per posting of `store`, for `CosineScorer.allowedItems`; nil when every posting passes
    /// (no condition, none expired on `validOn`).
    /// - Complexity: O(n) records decoded with conditions; O(postings with `valid_through`) without.
    public func mask(_ store: PostingStore) -> [Bool]? {
        let expired = validOn.map { day in store.validThrough.filter { Self.expired($0.value, on: day) }.map(\.key) } ?? []
        guard !isEmpty || !expired.isEmpty else { return nil }
        var mask = isEmpty ? [Bool](repeating: true, count: store.count) : (0 ..< store.count).map { allows(store.record(at: $0)) }
        for i in expired { mask[i] = false }
        return mask
    }

    static func folded(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
}
