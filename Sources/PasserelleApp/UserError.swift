import Passerelle

/// A failure of the application layer reported to the user as one clear line (and, in the CLI, exit 1):
/// a missing project folder, a damaged checkpoint, an output that cannot be written.
public struct UserError: UserFacingError {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Where the application library says what it is doing (building the default model, waiting for a
/// lock, warnings about inputs): the CLI prints these on stderr, a server logs them, a test collects them.
public typealias Notice = @Sendable (String) -> Void

/// The release of the libraries and the `passerelle` executable (`passerelle --version`).
public enum PasserelleVersion {
    public static let current = "0.4.0"
}
