import Foundation
import HTTPTypes

/// Field-by-field checks of a JSON request body, collected (not the first only) and answered together as
/// 422 with a JSON pointer and a message per field. Unknown fields are refused (a misspelled `topp` would
/// otherwise be silently ignored).
struct BodyValidator {
    let object: [String: Any]
    let base: String
    private(set) var errors: [FieldError] = []

    /// The body as a JSON object, or a 400/422 saying what it is instead.
    static func object(_ data: Data, example: String) throws -> [String: Any] {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw APIError(.badRequest, "the body is not valid JSON; send a JSON object such as \(example)",
                           fr: "le corps n'est pas du JSON valide ; envoyez un objet JSON comme \(example)")
        }
        guard let object = json as? [String: Any] else {
            throw APIError.invalid([FieldError("", "the body must be a JSON object, not \(kind(json))", fr: "le corps doit être un objet JSON, pas \(kindFR(json))")])
        }
        return object
    }

    init(_ object: [String: Any], base: String = "") {
        self.object = object
        self.base = base
    }

    static func pointer(_ base: String, _ key: String) -> String {
        base + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    mutating func fail(_ key: String, _ message: String, fr: String) {
        errors.append(FieldError(Self.pointer(base, key), message, fr: fr))
    }

    mutating func refuseUnknown(allowed: [String]) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            let clipped = QueryParameters.clipped(key)
            fail(key, "unknown field '\(clipped)' (allowed: \(allowed.joined(separator: ", ")))",
                 fr: "champ inconnu '\(clipped)' (champs permis : \(allowed.joined(separator: ", ")))")
        }
    }

    mutating func string(_ key: String, required: Bool = false, allowed: [String]? = nil) -> String? {
        guard let value = object[key], !(value is NSNull) else {
            if required { fail(key, "is required (a string)", fr: "est obligatoire (une chaîne)") }
            return nil
        }
        guard let s = value as? String else {
            fail(key, "must be a string, not \(Self.kind(value))", fr: "doit être une chaîne, pas \(Self.kindFR(value))")
            return nil
        }
        if let allowed, !allowed.contains(s.lowercased()) {
            fail(key, "must be one of \(allowed.joined(separator: ", ")) (got '\(QueryParameters.clipped(s))')",
                 fr: "doit valoir \(allowed.joined(separator: ", ")) (reçu '\(QueryParameters.clipped(s))')")
            return nil
        }
        return s
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let n = value as? NSNumber, !Self.isBoolean(n), n.doubleValue == n.doubleValue.rounded(), abs(n.doubleValue) < 1e15 else {
            fail(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(Self.kind(value))",
                 fr: "doit être un nombre entier de \(range.lowerBound) à \(range.upperBound), pas \(Self.kindFR(value))")
            return nil
        }
        let i = n.intValue
        guard range.contains(i) else {
            fail(key, "must be from \(range.lowerBound) to \(range.upperBound) (got \(i))", fr: "doit aller de \(range.lowerBound) à \(range.upperBound) (reçu \(i))")
            return nil
        }
        return i
    }

    mutating func boolean(_ key: String) -> Bool? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let n = value as? NSNumber, Self.isBoolean(n) else {
            fail(key, "must be true or false, not \(Self.kind(value))", fr: "doit valoir true ou false, pas \(Self.kindFR(value))")
            return nil
        }
        return n.boolValue
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        if let s = value as? String { return [s] }
        guard let list = value as? [Any] else {
            fail(key, "must be an array of strings, not \(Self.kind(value))", fr: "doit être un tableau de chaînes, pas \(Self.kindFR(value))")
            return nil
        }
        var out: [String] = []
        for (i, item) in list.enumerated() {
            guard let s = item as? String else {
                errors.append(FieldError(Self.pointer(base, key) + "/\(i)", "must be a string, not \(Self.kind(item))", fr: "doit être une chaîne, pas \(Self.kindFR(item))"))
                continue
            }
            out.append(s)
        }
        return out
    }

    func check() throws { if !errors.isEmpty { throw APIError.invalid(errors) } }

    static func isBoolean(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    static func kind(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let n as NSNumber: return isBoolean(n) ? "a boolean" : "a number"
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "another value"
        }
    }

    static func kindFR(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let n as NSNumber: return isBoolean(n) ? "un booléen" : "un nombre"
        case is String: return "une chaîne"
        case is [Any]: return "un tableau"
        case is [String: Any]: return "un objet"
        default: return "une autre valeur"
        }
    }
}
