import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The outermost layer of every request: its id (`X-Request-Id`: the client's when it is sane, else a new
/// one; echoed and logged), the language of its errors, every error as JSON (405 + `Allow` for a known path
/// with another method), the deprecation headers of the old unversioned paths, one access-log line and the
/// metrics. The access log holds the method, the path (never the query string nor a body), the status, the
/// duration and the request id: never a CV.
struct FrontMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let routes: RouteTable
    let metrics: ServerMetrics
    let accessLog: Logger

    static let requestIDField = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        let id = RequestID.accepted(request.headers[Self.requestIDField]) ?? RequestID.generate()
        context.requestID = id
        context.language = ErrorLanguage.of(request.headers[.acceptLanguage])
        context.logger[metadataKey: "request_id"] = .string(id)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            var error = error
            if let http = error as? HTTPError, http.status == .notFound, http.body == nil,
               let allowed = routes.methods(for: request.uri.path), !allowed.isEmpty {
                let allow = RouteTable.allowHeader(allowed)
                error = APIError(.methodNotAllowed, "\(request.method.rawValue) is not allowed on \(RouteTable.clipped(request.uri.path)); allowed: \(allow)",
                                 fr: "la méthode \(request.method.rawValue) n'est pas permise sur \(RouteTable.clipped(request.uri.path)) ; permises : \(allow)",
                                 headers: [(.allow, allow)])
            }
            response = ErrorResponses.response(for: error, language: context.language, logger: context.logger)
            if request.method == .head { response.body = ResponseBody() }
        }
        response.headers[Self.requestIDField] = id
        if let successor = RouteTable.successor(of: request.uri.path) {
            // The unversioned paths of 0.4 answer as before, marked deprecated (RFC 9745 / RFC 8288).
            response.headers[HTTPField.Name("Deprecation")!] = "true"
            response.headers[HTTPField.Name("Link")!] = "<\(successor)>; rel=\"successor-version\""
        }
        let seconds = (ContinuousClock.now - start).seconds
        let route = context.endpointPath ?? "unknown"
        metrics.record(method: request.method.rawValue, route: route, status: Int(response.status.code), seconds: seconds)
        accessLog.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(RouteTable.clipped(request.uri.path, to: 200)),
            "route": .string(route),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.1f", seconds * 1000)),
            "request_id": .string(id),
        ])
        return response
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Request ids: a client's id is kept when it is 1…128 characters of letters, digits and `-_.:/+=`
/// (what tracing systems send); anything else is replaced by a new random id (never echoed raw: it goes
/// into a log line and a header).
enum RequestID {
    static func accepted(_ value: String?) -> String? {
        guard let value, (1 ... 128).contains(value.utf8.count) else { return nil }
        let allowed = Set("-_.:/+=".utf8)
        guard value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || allowed.contains($0) }) else { return nil }
        return value
    }

    static func generate() -> String {
        var bytes = [UInt8](repeating: 0, count: 12)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0 ... 255) }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }
}

/// The server's routes as path patterns with their methods, for 405 + `Allow`, OPTIONS and CORS: filled
/// from the router once every route is registered (`Router.routes`).
final class RouteTable: Sendable {
    private let entries = Mutex<[(segments: [String], methods: Set<String>)]>([])

    init() {}

    /// Sets the table (once every route is registered).
    func fill(_ routes: [(path: String, method: String)]) {
        var byPath: [String: Set<String>] = [:]
        for r in routes { byPath[r.path, default: []].insert(r.method) }
        entries.withLock { $0 = byPath.map { (Self.segments($0.key), $0.value) } }
    }

    static func segments(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }

    /// The methods of the route matching `path` (GET implies HEAD; OPTIONS always), nil when no route matches.
    func methods(for path: String) -> Set<String>? {
        let parts = Self.segments(path)
        var found: Set<String>? = nil
        for e in entries.withLock({ $0 }) where e.segments.count == parts.count {
            let match = zip(e.segments, parts).allSatisfy { pattern, part in
                pattern.hasPrefix(":") || (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == part
            }
            if match { found = (found ?? []).union(e.methods) }
        }
        guard var methods = found else { return nil }
        if methods.contains("GET") { methods.insert("HEAD") }
        methods.insert("OPTIONS")
        return methods
    }

    static func allowHeader(_ methods: Set<String>) -> String {
        let order = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"]
        return order.filter(methods.contains).joined(separator: ", ")
    }

    /// The `/v1/…` path of a deprecated unversioned API path, nil for any other path.
    static func successor(of path: String) -> String? {
        for prefix in ["/rank", "/batch", "/postings", "/model"] where path == prefix || path.hasPrefix(prefix + "/") {
            return "/v1" + path
        }
        return nil
    }

    /// A path as it may appear in a message or a log line: control characters dropped, cut short.
    static func clipped(_ path: String, to limit: Int = 80) -> String {
        let clean = String(path.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return clean.count > limit ? String(clean.prefix(limit)) + "…" : clean
    }
}
