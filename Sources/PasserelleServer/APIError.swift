import Foundation
import Hummingbird
import Logging
import NIOCore
import Passerelle
import DocumentReaders
import PasserelleApp

/// An error answered as `{"error": "…"}` with its HTTP status. Messages never quote a CV.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }
    public var description: String { "\(status.code) \(message)" }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, message) }
    static func tooLarge(_ what: String, limit: Int) -> APIError {
        APIError(.contentTooLarge, "\(what) is larger than the server's limit of \(limit) bytes")
    }
}

/// The JSON body of every error response.
struct ErrorBody: Codable, Sendable {
    var error: String
}

/// Turns every error a handler throws into a JSON error response: `APIError` with its status, Hummingbird's
/// own (404 of an unknown route, 413 of a body over its limit) with theirs, a bad input reported by the
/// libraries (`UserFacingError`: a reader, the engine, a `--where` expression) as 400 with its message,
/// anything else as 500 with a generic message (its type is logged, never its text, which could quote a CV).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, logger: context.logger)
        }
    }

    static func response(for error: any Error, logger: Logger? = nil) -> Response {
        let (status, message) = describe(error)
        if status == .internalServerError { logger?.error("request failed: \(String(reflecting: type(of: error)))") }
        return JSONResponse.make(ErrorBody(error: message), status: status)
    }

    static func describe(_ error: any Error) -> (HTTPResponse.Status, String) {
        switch error {
        case let e as APIError: return (e.status, e.message)
        case let e as HTTPError:
            return (e.status, e.body ?? Self.reason(e.status))
        case is NIOTooManyBytesError:
            return (.contentTooLarge, "the request body is larger than the server accepts")
        case let e as any HTTPResponseError:
            return (e.status, Self.reason(e.status))
        case let e as UserFacingError:
            return (.badRequest, e.userMessage)
        case is CancellationError:
            return (.serviceUnavailable, "the request was cancelled")
        case is DecodingError:
            return (.badRequest, "the JSON body does not have the expected shape (see /openapi.json)")
        default:
            return (.internalServerError, "internal error")
        }
    }

    static func reason(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: return "no such route (see /openapi.json)"
        case .methodNotAllowed: return "method not allowed on this route (see /openapi.json)"
        case .contentTooLarge: return "the request body is larger than the server accepts"
        default: return status.reasonPhrase
        }
    }
}
