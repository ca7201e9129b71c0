import Foundation
import Passerelle
import PasserelleCore

/// A failure of the application layer reported to the user as one clear line (and, in the CLI, exit 1):
/// a missing project folder, a damaged checkpoint, an output that cannot be written.
public struct UserError: UserFacingError {
    public var description: String
    /// The same message in French, where the thrower wrote one.
    public var frenchMessage: String?
    public init(_ description: String, french: String? = nil) {
        self.description = description
        self.frenchMessage = french
    }
}

/// Where the application library says what it is doing (building the default model, waiting for a
/// lock, warnings about inputs): the CLI prints these on stderr, a server logs them, a test collects them.
public typealias Notice = @Sendable (String) -> Void

/// The release of the libraries and the `passerelle` executable (`passerelle --version`).
public enum PasserelleVersion {
    public static let current = "0.4.0"

    /// The commit the running binary was built from, as `scripts/product/install.sh` records it in
    /// `<prefix>/share/passerelle/build-info` (`commit=<hash>`); nil for a binary run from its build tree.
    public static let commit: String? = {
        guard let exe = BuiltinResources.runningExecutable() else { return nil }
        let info = exe.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/\(BuiltinResources.shareFolderName)/build-info")
        guard let data = FileManager.default.contents(atPath: info.path) else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("commit=") {
            let hash = line.dropFirst("commit=".count).prefix { $0.isHexDigit }
            if !hash.isEmpty { return String(hash) }
        }
        return nil
    }()

    /// `passerelle --version`: the release, and the commit when known ("0.4.0 (commit 894afd6)").
    public static var line: String { commit.map { "\(current) (commit \($0.prefix(12)))" } ?? current }
}
