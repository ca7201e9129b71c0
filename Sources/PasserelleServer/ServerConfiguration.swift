import Foundation
import PasserelleApp

/// What `passerelle serve` is started with: where it listens, which model it serves, its limits, who may
/// call it.
public struct ServerConfiguration: Sendable {
    /// Address to bind. 127.0.0.1 by default: the server is for the machine it runs on (or a reverse proxy
    /// in front of it), never open to a network by accident: any other address needs API keys.
    public var host: String
    /// Port; 0 picks a free one (tests), reported through `ServerApp.start`'s `onRunning`.
    public var port: Int
    /// The model file (`--model`); nil: the project's model, as the CLI chooses it (`ModelProvider`).
    public var modelPath: String?
    public var limits: ServerLimits
    /// Keys, hosts, CORS origins.
    public var access: AccessPolicy

    public init(host: String = "127.0.0.1", port: Int = 8080, modelPath: String? = nil, limits: ServerLimits = ServerLimits(),
                access: AccessPolicy = AccessPolicy()) {
        self.host = host
        self.port = port
        self.modelPath = modelPath
        self.limits = limits
        self.access = access
        self.access.boundHost = host
    }

    /// Refuses a configuration that would open the server to a network without keys.
    public func validate() throws {
        if !AccessPolicy.isLoopback(host), access.keys.isEmpty {
            throw UserError("refusing to listen on \(host) without API keys: anyone on the network could add and remove postings; give --keys FILE or PASSERELLE_API_KEYS, or listen on 127.0.0.1")
        }
    }

    /// The base URL clients use (the OpenAPI document's `servers`).
    public func baseURL(port: Int) -> String {
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        return "http://\(shown.contains(":") ? "[\(shown)]" : shown):\(port)"
    }
}
