import Foundation

/// What `passerelle serve` is started with: where it listens, which model it serves, its limits.
public struct ServerConfiguration: Sendable {
    /// Address to bind. 127.0.0.1 by default: the server is for the machine it runs on (or a reverse proxy
    /// in front of it), never open to a network by accident.
    public var host: String
    /// Port; 0 picks a free one (tests), reported through `ServerApp.start`'s `onRunning`.
    public var port: Int
    /// The model file (`--model`); nil: the project's model, as the CLI chooses it (`ModelProvider`).
    public var modelPath: String?
    public var limits: ServerLimits

    public init(host: String = "127.0.0.1", port: Int = 8080, modelPath: String? = nil, limits: ServerLimits = ServerLimits()) {
        self.host = host
        self.port = port
        self.modelPath = modelPath
        self.limits = limits
    }
}
