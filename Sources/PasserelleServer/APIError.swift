import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Passerelle
import DocumentReaders
import PasserelleApp
import PasserelleCore

/// An error answered as `{"error": "…"}` (and `"errors": [{"pointer", "message"}]` for a body that fails
/// validation) with its HTTP status. Messages never quote a CV; they are in English, and in French when the
/// request's Accept-Language prefers French and the message has a French text.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String
    /// The French text of `message`, when there is one.
    public var french: String?
    /// Field-level errors of a request body (422).
    public var fields: [FieldError]
    /// Seconds to wait before trying again (503 of a full work pool).
    public var retryAfter: Int?
    /// Extra response headers (`Allow` of a 405, `WWW-Authenticate` of a 401).
    public var headers: [(HTTPField.Name, String)]

    public init(_ status: HTTPResponse.Status, _ message: String, fr: String? = nil, fields: [FieldError] = [],
                retryAfter: Int? = nil, headers: [(HTTPField.Name, String)] = []) {
        self.status = status
        self.message = message
        self.french = fr
        self.fields = fields
        self.retryAfter = retryAfter
        self.headers = headers
    }
    public var description: String { "\(status.code) \(message)" }

    static func badRequest(_ message: String, fr: String? = nil) -> APIError { APIError(.badRequest, message, fr: fr) }
    static func notFound(_ message: String, fr: String? = nil) -> APIError { APIError(.notFound, message, fr: fr) }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, message) }
    static func tooLarge(_ what: String, limit: Int) -> APIError {
        APIError(.contentTooLarge, "\(what) is larger than the server's limit of \(ByteSize.describe(limit))",
                 fr: "\(what) dépasse la limite du serveur (\(ByteSize.describe(limit)))")
    }
    /// 422: the body is well-formed JSON but some fields are wrong (each named by its JSON pointer).
    static func invalid(_ fields: [FieldError]) -> APIError {
        let n = fields.count
        return APIError(.unprocessableContent, n == 1 ? "the request body has an invalid field: \(fields[0].pointer) \(fields[0].message)" : "the request body has \(n) invalid fields",
                        fr: n == 1 ? "un champ du corps de la requête est invalide : \(fields[0].pointer) \(fields[0].frenchMessage ?? fields[0].message)" : "\(n) champs du corps de la requête sont invalides",
                        fields: fields)
    }
}

/// One field of a request body that fails validation: where (a JSON pointer, RFC 6901) and why.
public struct FieldError: Sendable, Codable, Equatable {
    public var pointer: String
    public var message: String
    var frenchMessage: String?
    enum CodingKeys: String, CodingKey { case pointer, message }
    public init(_ pointer: String, _ message: String, fr: String? = nil) {
        self.pointer = pointer
        self.message = message
        self.frenchMessage = fr
    }
}

/// Sizes in errors as the documentation writes them ("10 MiB", not 10485760 bytes).
enum ByteSize {
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        return "\(bytes) bytes"
    }
}

/// The JSON body of every error response.
struct ErrorBody: Codable, Sendable {
    var error: String
    var errors: [FieldError]? = nil
}

/// Turns every error a handler throws into a JSON error response: `APIError` with its status, Hummingbird's
/// own (404 of an unknown route, 413 of a body over its limit) with theirs, a bad input reported by the
/// libraries (`UserFacingError`: a reader, the engine, a `--where` expression) as 400 with its message
/// (too little text to score: 422), a failed write of the model file by its cause (no space: 507, a
/// read-only or forbidden folder: 500 naming it), anything else as 500 with a generic message (its type is
/// logged, never its text, which could quote a CV).
enum ErrorResponses {
    static func response(for error: any Error, language: Page.Language = .en, logger: Logger? = nil) -> Response {
        let e = describe(error)
        if e.status == .internalServerError, !(error is APIError) { logger?.error("request failed: \(String(reflecting: type(of: error)))") }
        let message = language == .fr ? (e.french ?? e.message) : e.message
        let fields = e.fields.isEmpty ? nil : e.fields.map { f -> FieldError in
            var f = f
            if language == .fr, let fr = f.frenchMessage { f.message = fr }
            return f
        }
        var response = JSONResponse.make(ErrorBody(error: message, errors: fields), status: e.status)
        if let retry = e.retryAfter { response.headers[.retryAfter] = String(retry) }
        for (name, value) in e.headers { response.headers[name] = value }
        response.headers[.contentLanguage] = language == .fr && e.french != nil ? "fr" : "en"
        return response
    }

    static func describe(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as HTTPError:
            if let body = e.body { return APIError(e.status, body) }
            return generic(e.status)
        case is NIOTooManyBytesError:
            return generic(.contentTooLarge)
        case let e as any HTTPResponseError:
            return generic(e.status)
        case let e as FileWriteError:
            return writeFailure(e.description, french: e.frenchMessage)
        case let e as EngineError:
            if case .tooLittleText = e { return APIError(.unprocessableContent, e.userMessage, fr: "trop peu de texte pour calculer un score : envoyez un CV plus complet") }
            return APIError(.badRequest, e.userMessage, fr: e.frenchMessage)
        case let e as UserFacingError:
            let text = e.userMessage
            if text.hasPrefix("cannot write") { return writeFailure(text, french: e.frenchMessage) }
            return APIError(.badRequest, text, fr: e.frenchMessage)
        case is CancellationError:
            return APIError(.serviceUnavailable, "the request was cancelled", fr: "la requête a été annulée")
        case is DecodingError:
            return APIError(.badRequest, "the JSON body does not have the expected shape (see /openapi.json)",
                            fr: "le corps JSON n'a pas la forme attendue (voir /openapi.json)")
        default:
            return generic(.internalServerError)
        }
    }

    /// A model file that cannot be written: the cause, not "internal error". No space (or quota): 507,
    /// the client may retry once space is freed; anything else (read-only file system, permission): 500,
    /// the server's operator must act.
    static func writeFailure(_ text: String, french: String? = nil) -> APIError {
        let lower = text.lowercased()
        let frenchText = french ?? text
        if lower.contains("no space left") || lower.contains("quota") {
            return APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), "the server cannot store the change: \(text)",
                            fr: "le serveur ne peut pas enregistrer la modification (disque plein) : \(frenchText)")
        }
        return APIError(.internalServerError, "the server cannot store the change: \(text)",
                        fr: "le serveur ne peut pas enregistrer la modification : \(frenchText)")
    }

    static func generic(_ status: HTTPResponse.Status) -> APIError {
        switch status {
        case .notFound: return APIError(status, "no such route (see /openapi.json)", fr: "cette route n'existe pas (voir /openapi.json)")
        case .methodNotAllowed: return APIError(status, "method not allowed on this route (see /openapi.json)", fr: "méthode non permise sur cette route (voir /openapi.json)")
        case .contentTooLarge: return APIError(status, "the request body is larger than the server accepts", fr: "le corps de la requête dépasse ce que le serveur accepte")
        case .internalServerError: return APIError(status, "internal error", fr: "erreur interne")
        default: return APIError(status, status.reasonPhrase)
        }
    }
}
