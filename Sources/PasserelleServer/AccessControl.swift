import Foundation
import HTTPTypes
import Hummingbird
import PasserelleApp

/// What an API key may do: `read` (rank, similar, batch, list, model, metrics) or `write` (also add,
/// replace and remove postings).
public enum KeyScope: String, Sendable, Comparable {
    case read, write
    public static func < (a: KeyScope, b: KeyScope) -> Bool { a == .read && b == .write }
}

/// The API keys of a server: from a keys file (`--keys FILE`: one `SCOPE KEY` a line, `#` comments) and
/// the environment (`PASSERELLE_API_KEYS="read:KEY,write:KEY"`). Keys are compared in constant time (every
/// key, every byte, whatever matches) and never logged or echoed.
public struct APIKeys: Sendable {
    struct Entry: Sendable { var key: [UInt8]; var scope: KeyScope }
    private var entries: [Entry] = []
    public static let minimumLength = 16

    public init() {}
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public mutating func add(_ key: String, scope: KeyScope) { entries.append(Entry(key: Array(key.utf8), scope: scope)) }

    /// Reads a keys file; errors name the file and the line (never the key).
    public static func read(file path: String) throws -> APIKeys {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw UserError("cannot read the keys file \(path)") }
        var keys = APIKeys()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard parts.count == 2, let scope = KeyScope(rawValue: parts[0].lowercased()) else {
                throw UserError("\(path):\(i + 1): write one key a line as `read KEY` or `write KEY`")
            }
            try check(parts[1], where: "\(path):\(i + 1)")
            keys.add(parts[1], scope: scope)
        }
        return keys
    }

    /// `read:KEY,write:KEY` (the environment variable's form).
    public mutating func add(environment value: String, name: String = "PASSERELLE_API_KEYS") throws {
        for (i, item) in value.split(separator: ",").enumerated() {
            let pair = item.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1).map(String.init)
            guard pair.count == 2, let scope = KeyScope(rawValue: pair[0].lowercased()) else {
                throw UserError("\(name): item \(i + 1) must be read:KEY or write:KEY")
            }
            try Self.check(pair[1], where: "\(name) item \(i + 1)")
            add(pair[1], scope: scope)
        }
    }

    static func check(_ key: String, where place: String) throws {
        guard key.utf8.count >= minimumLength, key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw UserError("\(place): a key must be at least \(minimumLength) printable characters without spaces")
        }
    }

    /// The scope of `candidate`, nil when it is no key of this server. Constant time in what matches: every
    /// key is compared over its whole length (and the candidate's), with no early exit.
    func scope(of candidate: String) -> KeyScope? {
        let c = Array(candidate.utf8)
        var found: KeyScope? = nil
        for entry in entries {
            var difference = UInt8(c.count == entry.key.count ? 0 : 1)
            for i in 0 ..< max(c.count, entry.key.count) {
                let a = i < c.count ? c[i] : 0, b = i < entry.key.count ? entry.key[i] : 0
                difference |= a ^ b
            }
            if difference == 0, found == nil || entry.scope > found! { found = entry.scope }
        }
        return found
    }
}

/// Who may reach the server and how: the hosts it answers to (a defence against DNS rebinding), the
/// origins allowed to call it from a browser (CORS, off by default), its API keys.
public struct AccessPolicy: Sendable {
    public var keys = APIKeys()
    /// Host names (without port) the server answers to besides the loopback names and the address it is
    /// bound to; "*" answers to any.
    public var allowedHosts: [String] = []
    /// Origins (`https://ats.example`) whose pages may call the API (CORS); "*" allows any (reads only
    /// without keys are still refused cross-site writes).
    public var corsOrigins: [String] = []
    /// The address the server is bound to.
    public var boundHost = "127.0.0.1"

    public init(keys: APIKeys = APIKeys(), allowedHosts: [String] = [], corsOrigins: [String] = [], boundHost: String = "127.0.0.1") {
        self.keys = keys
        self.allowedHosts = allowedHosts
        self.corsOrigins = corsOrigins
        self.boundHost = boundHost
    }

    static let loopbackNames: Set<String> = ["localhost", "127.0.0.1", "::1", "[::1]"]

    /// Whether `host` names only this machine (binding there needs no key).
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        return loopbackNames.contains(h) || h.hasPrefix("127.") || h.hasSuffix(".localhost")
    }

    /// The Host header's name (port and brackets removed, lower-cased).
    static func hostName(_ authority: String) -> String {
        var h = authority.lowercased()
        if h.hasPrefix("[") { return h.split(separator: "]").first.map { String($0) + "]" } ?? h }
        if let colon = h.lastIndex(of: ":"), h.filter({ $0 == ":" }).count == 1 { h = String(h[..<colon]) }
        return h
    }

    func allowsHost(_ authority: String) -> Bool {
        let name = Self.hostName(authority)
        if allowedHosts.contains("*") { return true }
        if Self.loopbackNames.contains(name) || name.hasSuffix(".localhost") || name.hasPrefix("127.") { return true }
        let bound = boundHost.lowercased()
        if bound != "0.0.0.0", bound != "::", name == bound || name == "[\(bound)]" { return true }
        return allowedHosts.contains { $0.lowercased() == name }
    }

    func allowsCORS(_ origin: String) -> Bool {
        corsOrigins.contains("*") || corsOrigins.contains { $0.lowercased() == origin.lowercased() }
    }
}

/// Access rules, before any route runs: the Host header must name this server (403), a write (POST, PUT,
/// DELETE) carrying a foreign `Origin` is refused (403: no web page can add or delete postings through a
/// counsellor's browser), CORS preflights are answered for configured origins, and with keys every API
/// route needs one (401 without or with a wrong key, 403 for a read key writing). `/`, `/health` and
/// `/openapi.json` stay open.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let policy: AccessPolicy
    let routes: RouteTable
    static let apiKeyField = HTTPField.Name("X-API-Key")!
    static let openPaths: Set<String> = ["/", "/health", "/openapi.json"]

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let authority = Self.authority(request)
        if let authority, !policy.allowsHost(authority) {
            throw APIError(.forbidden, "this server does not answer to the host '\(RouteTable.clipped(AccessPolicy.hostName(authority), to: 60))' (only this machine's names and the hosts it is configured for)",
                           fr: "ce serveur ne répond pas au nom d'hôte '\(RouteTable.clipped(AccessPolicy.hostName(authority), to: 60))' (seulement aux noms de cette machine et aux hôtes configurés)")
        }
        let origin = request.headers[.origin]
        let cors = origin.map(policy.allowsCORS) ?? false
        if request.method == .options {
            guard let methods = routes.methods(for: path) else { throw HTTPError(.notFound) }
            let allow = RouteTable.allowHeader(methods)
            var headers = HTTPFields()
            headers[.allow] = allow
            if let origin {
                guard cors else {
                    throw APIError(.forbidden, "cross-origin requests from \(RouteTable.clipped(origin, to: 80)) are not allowed", fr: "les requêtes venant de \(RouteTable.clipped(origin, to: 80)) ne sont pas permises")
                }
                headers[.accessControlAllowOrigin] = origin
                headers[.accessControlAllowMethods] = allow
                headers[.accessControlAllowHeaders] = "Content-Type, Authorization, X-API-Key, X-Request-Id, Accept-Language"
                headers[.accessControlMaxAge] = "600"
                headers[.vary] = "Origin"
            }
            return Response(status: .noContent, headers: headers)
        }
        let safe = request.method == .get || request.method == .head
        if !safe, let origin, !cors, !Self.sameOrigin(origin, authority: authority) {
            throw APIError(.forbidden, "cross-site writes are refused: the request comes from a page of \(RouteTable.clipped(origin, to: 80)), not from this server",
                           fr: "écriture refusée : la requête vient d'une page de \(RouteTable.clipped(origin, to: 80)), pas de ce serveur")
        }
        var context = context
        if !policy.keys.isEmpty, !(safe && Self.openPaths.contains(path)) {
            guard let key = Self.key(request) else {
                throw APIError(.unauthorized, "this server needs an API key: send it as `Authorization: Bearer KEY` or `X-API-Key: KEY`",
                               fr: "ce serveur demande une clé d'API : envoyez-la dans `Authorization: Bearer CLÉ` ou `X-API-Key: CLÉ`",
                               headers: [(.wwwAuthenticate, "Bearer realm=\"passerelle\"")])
            }
            guard let scope = policy.keys.scope(of: key) else {
                throw APIError(.unauthorized, "the API key is not valid", fr: "la clé d'API n'est pas valide", headers: [(.wwwAuthenticate, "Bearer realm=\"passerelle\", error=\"invalid_token\"")])
            }
            if !safe, Self.isWrite(path), scope < .write {
                throw APIError(.forbidden, "this API key may only read; changing postings needs a key with the write scope",
                               fr: "cette clé d'API ne permet que la lecture ; modifier les offres demande une clé d'écriture")
            }
            context.scope = scope
        }
        var response = try await next(request, context)
        if cors, let origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = "X-Request-Id, Location, Retry-After, Deprecation, Link"
            response.headers[.vary] = "Origin"
        }
        return response
    }

    static let hostField = HTTPField.Name("Host")!

    /// The Host the client named (HTTP/1.1's Host header, kept by the codec as the authority).
    static func authority(_ request: Request) -> String? {
        request.headers[hostField] ?? request.head.authority
    }

    static func isWrite(_ path: String) -> Bool {
        path.hasPrefix("/v1/postings") || path.hasPrefix("/postings")
    }

    static func key(_ request: Request) -> String? {
        if let k = request.headers[apiKeyField], !k.isEmpty { return k.trimmingCharacters(in: .whitespaces) }
        if let auth = request.headers[.authorization] {
            let parts = auth.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    /// The page's own origin: `http://` + the Host header (what a browser sends for a page of this server).
    static func sameOrigin(_ origin: String, authority: String?) -> Bool {
        guard let authority else { return false }
        let o = origin.lowercased(), a = authority.lowercased()
        return o == "http://\(a)" || o == "https://\(a)"
    }
}
