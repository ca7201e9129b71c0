import Foundation

/// Runs the built `passerelle` binary in a new process, as a user would. One runner for every test target
/// that needs the binary (end-to-end tests of the CLI, `passerelle serve`); a test that asserts what the
/// library answers calls the library in-process instead (no process, no model file read again).
public enum CLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The folder of the built products (the `.xctest` bundle's folder): `passerelle` is built beside it
    /// by `swift build --build-tests`.
    public static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    public static var binary: URL { productsDirectory.appendingPathComponent("passerelle") }

    /// The package root (holds Data/).
    public static var packageRoot: URL { TestFixtures.packageRoot }

    /// Runs the binary (or `executable`) with `arguments` in `directory` (default: the package root), with
    /// the test process's environment but `PASSERELLE_HOME` and the locale (LANG=C.UTF-8), plus `environment`; waits for its exit.
    @discardableResult
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                           executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PASSERELLE_HOME")
        // Messages in English unless a test asks for another language: the machine's LANG must not decide.
        env.removeValue(forKey: "LC_ALL")
        env.removeValue(forKey: "LC_MESSAGES")
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a large output never blocks the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = outBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `text` parsed as a JSON object; throws (naming the start of the text) when it is not one.
    public static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let dictionary = object as? [String: Any] else { throw FixtureError("not a JSON object: \(text.prefix(300))") }
        return dictionary
    }

    /// A model of the shipped postings (`Data/postings`) indexed by the binary, as a user would, once per
    /// test process (`TestFixtures.indexedModelPath`), shared by the tests that only read it (those that change a
    /// model copy it).
    public static var shippedModelPath: String { TestFixtures.indexedModelPath }

    /// A new empty temporary folder.
    public static func temporaryDirectory() -> URL { TestFixtures.temporaryDirectory("passerelle-cli") }
}

/// A test fixture that could not be made: the message says what and why.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
