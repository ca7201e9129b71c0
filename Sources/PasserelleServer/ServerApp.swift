import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Passerelle
import PasserelleApp

/// The HTTP server of `passerelle serve`: its router (every route, the JSON errors, access rules, logs and
/// metrics) and its application.
public enum ServerApp {
    /// Every route of the API, behind the middleware (outermost first): `FrontMiddleware` (request id,
    /// errors as JSON, 405, access log, metrics), `AccessMiddleware` (Host, Origin, CORS, keys). Each API
    /// route answers at `/v1/…` and, deprecated, at its 0.4 path. `OpenAPITests` walks these routes and
    /// checks them against `OpenAPIDocument`.
    public static func router(store: ModelStore, configuration: ServerConfiguration = ServerConfiguration(),
                              pool: WorkPool? = nil, address: ServedAddress? = nil,
                              accessLog: Logger = ServerApp.logger(label: "passerelle.access")) -> Router<ServerContext> {
        let limits = configuration.limits
        let pool = pool ?? WorkPool(width: limits.workers, queueLimit: limits.queuedRequests)
        let address = address ?? ServedAddress(configuration.baseURL(port: configuration.port))
        let metrics = ServerMetrics()
        let routes = RouteTable()
        // HEAD answers wherever GET does (the GET route, without its body).
        let router = Router(context: ServerContext.self, options: .autoGenerateHeadEndpoints)
        // Added before the routes: Hummingbird builds each route's middleware chain when it is added
        // (the chain of unknown routes included).
        router.add(middleware: FrontMiddleware(routes: routes, metrics: metrics, accessLog: accessLog))
        router.add(middleware: AccessMiddleware(policy: configuration.access, routes: routes))
        SystemRoutes(store: store, pool: pool, metrics: metrics, address: address, needsAPIKey: !configuration.access.keys.isEmpty).register(on: router)
        PostingRoutes(store: store, limits: limits, pool: pool).register(on: router)
        RankRoutes(store: store, limits: limits, pool: pool).register(on: router)
        BatchRoute(store: store, limits: limits, pool: pool).register(on: router)
        routes.fill(router.routes.map { (path: $0.path.description, method: $0.method.rawValue) })
        return router
    }

    /// The router with default configuration but these limits (tests).
    public static func router(store: ModelStore, limits: ServerLimits) -> Router<ServerContext> {
        router(store: store, configuration: ServerConfiguration(limits: limits))
    }

    /// The application: the router on `configuration.host:port`, HTTP/1.1 with the connection guard
    /// (header, body-rate and keep-alive limits). `onRunning` gets the port actually bound (useful with port 0).
    public static func application(configuration: ServerConfiguration, store: ModelStore, pool: WorkPool? = nil,
                                   logger: Logger = ServerApp.logger(),
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let limits = configuration.limits
        // Requests run side by side on the work pool, one core each: BLAS's own threads would only spin
        // (OpenBLAS waits in sched_yield) against the other requests' workers. Scores do not depend on it.
        NumericRuntime.setBLASThreads(1)
        let address = ServedAddress(configuration.baseURL(port: configuration.port))
        var accessLog = logger
        accessLog[metadataKey: "log"] = "access"
        let guardLimits = ConnectionGuard.Limits(headerSeconds: limits.headerSeconds, bodyGraceSeconds: limits.bodyGraceSeconds,
                                                 minimumBodyBytesPerSecond: limits.minimumBodyBytesPerSecond)
        let guardLogger = logger
        return Application(
            router: router(store: store, configuration: configuration, pool: pool, address: address, accessLog: accessLog),
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard.Installer(limits: guardLimits, logger: guardLogger)],
                                                idleTimeout: .seconds(Int64(max(1, limits.headerSeconds * 2))))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "passerelle/\(PasserelleVersion.current)"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                address.set(configuration.baseURL(port: port))
                await onRunning(port)
            },
            logger: logger)
    }

    /// A logger that says when the server starts, what fails and one line per request (method, path,
    /// status, duration, request id), never what a request holds: errors log their type only.
    public static func logger(level: Logger.Level = .info, label: String = "passerelle.serve") -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    /// Loads the model once and serves until SIGINT or SIGTERM. Refuses a network address without keys,
    /// sweeps the temporary folders of dead servers, and turns a port in use into one clear line.
    public static func run(_ configuration: ServerConfiguration, notice: @escaping Notice,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try configuration.validate()
        TemporaryFolder.sweep()
        let store = try ModelStore(modelPath: configuration.modelPath, lockWaitSeconds: configuration.limits.lockWaitSeconds, notice: notice)
        let app = application(configuration: configuration, store: store, onRunning: onRunning)
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw UserError("cannot listen on \(configuration.host) port \(configuration.port): the port is already in use (another server?); choose another with --port")
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            throw UserError("cannot listen on \(configuration.host): this machine has no such address")
        } catch let error as IOError where error.errnoCode == EACCES {
            throw UserError("cannot listen on port \(configuration.port): permission denied (ports below 1024 need privileges)")
        }
    }
}

/// The base URL the server is reached at (the OpenAPI document's `servers`), known once the port is bound.
public final class ServedAddress: Sendable {
    private let value: Mutex<String>
    public init(_ url: String) { value = Mutex(url) }
    func set(_ url: String) { value.withLock { $0 = url } }
    public var url: String { value.withLock { $0 } }
}

/// Paths of the API: `/v1/…`, and the 0.4 path kept as a deprecated alias.
enum APIPath {
    static func both(_ path: String) -> [String] { ["/v1" + path, path] }
}
