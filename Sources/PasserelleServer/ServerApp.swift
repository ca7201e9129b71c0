import Foundation
import Hummingbird
import Logging
import NIOCore
import Passerelle
import PasserelleApp

/// The HTTP server of `passerelle serve`: its router (every route, the JSON errors) and its application.
public enum ServerApp {
    /// Every route of the API, behind the JSON error middleware. `OpenAPITests` walks these routes and
    /// checks them against `OpenAPIDocument`.
    public static func router(store: ModelStore, limits: ServerLimits) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Added before the routes: Hummingbird builds each route's middleware chain when it is added
        // (the chain of unknown routes included).
        router.add(middleware: JSONErrorMiddleware<BasicRequestContext>())
        SystemRoutes(store: store).register(on: router)
        PostingRoutes(store: store, limits: limits).register(on: router)
        RankRoutes(store: store, limits: limits).register(on: router)
        BatchRoute(store: store, limits: limits).register(on: router)
        return router
    }

    /// The application: the router on `configuration.host:port`, HTTP/1.1 with an idle timeout.
    /// `onRunning` gets the port actually bound (useful with port 0).
    public static func application(configuration: ServerConfiguration, store: ModelStore,
                                   logger: Logger = ServerApp.logger(),
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(store: store, limits: configuration.limits),
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "passerelle/\(PasserelleVersion.current)"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// A logger that says when the server starts and what fails, never what a request holds: no request
    /// logging middleware is installed, and errors log their type only.
    public static func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "passerelle.serve")
        logger.logLevel = level
        return logger
    }

    /// Loads the model once and serves until SIGINT or SIGTERM.
    public static func run(_ configuration: ServerConfiguration, notice: @escaping Notice,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let store = try ModelStore(modelPath: configuration.modelPath, lockWaitSeconds: configuration.limits.lockWaitSeconds, notice: notice)
        let app = application(configuration: configuration, store: store, onRunning: onRunning)
        try await app.runService()
    }
}
