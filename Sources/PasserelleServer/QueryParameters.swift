import Foundation
import Hummingbird
import Passerelle
import PasserelleCore

/// Options read from a URL's query string, checked against their bounds (400 naming the option).
enum QueryParameters {
    /// The non-blank `where` parameters (`KEY~TEXT`, `KEY=TEXT`, `KEY>=TEXT`, `KEY<=TEXT`) of a query string.
    static func whereExpressions(_ query: Parameters) -> [String] {
        query.getAll("where").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// `expressions` parsed into a filter (the engine's parser, as the CLI's `--where`); 400 naming `where`.
    static func filter(_ expressions: [String]) throws -> PostingFilter {
        do { return try PostingFilter(parsing: expressions) } catch {
            throw APIError.badRequest("where: \(error)", fr: "where : \((error as? UserFacingError)?.frenchMessage ?? "\(error)")")
        }
    }

    static func integer(_ value: String?, name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let value else { return fallback }
        guard let n = Int(value.trimmingCharacters(in: .whitespaces)) else { throw APIError.badRequest("\(name) must be a whole number (got '\(clipped(value))')") }
        guard range.contains(n) else { throw APIError.badRequest("\(name) must be in \(range.lowerBound)…\(range.upperBound) (got \(n))") }
        return n
    }

    static func flag(_ value: String?, name: String) throws -> Bool? {
        guard let value else { return nil }
        switch value.lowercased() {
        case "", "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw APIError.badRequest("\(name) must be true or false (got '\(clipped(value))')")
        }
    }

    /// A value quoted in an error, cut short (it comes from the client).
    static func clipped(_ value: String) -> String {
        let clean = String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return clean.count > 40 ? String(clean.prefix(40)) + "…" : clean
    }
}
