import Foundation
import XCTest
import Synchronization
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import ZIPFoundation
import DocumentReaders
import Passerelle
import PasserelleApp
import PasserelleServer
import PasserelleTestSupport
import Hummingbird
import HummingbirdTesting
import HTTPTypes

/// The shipped postings fitted once per test process (`TestFixtures.fittedModelPath`, shared with the other
/// test targets), a file that each test copies.
enum TestModel {
    static let root = TestFixtures.packageRoot
    static let candidates = TestFixtures.candidates

    /// The path of the fitted model (built on first use, shared by the tests of this run).
    static var path: String { TestFixtures.fittedModelPath }
}

/// A response as the tests read it.
struct HTTPResult: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
    func json() throws -> Any { try JSONSerialization.jsonObject(with: body) }
    func object() throws -> [String: Any] {
        guard let o = try json() as? [String: Any] else { throw NSError(domain: "test", code: 1, userInfo: [NSLocalizedDescriptionKey: "not a JSON object: \(text.prefix(300))"]) }
        return o
    }
    var contentType: String { headers.first(name: "content-type") ?? "" }
}

/// A real server on a free port of 127.0.0.1, over a copy of the test model, and a real HTTP client.
final class LiveServer: Sendable {
    let folder: URL
    let modelPath: String
    let store: ModelStore
    let port: Int
    let client: HTTPClient
    private let task: Task<Void, any Error>

    private init(folder: URL, modelPath: String, store: ModelStore, port: Int, client: HTTPClient, task: Task<Void, any Error>) {
        self.folder = folder
        self.modelPath = modelPath
        self.store = store
        self.port = port
        self.client = client
        self.task = task
    }

    static func start(limits: ServerLimits = ServerLimits(), pool: WorkPool? = nil) async throws -> LiveServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let modelPath = folder.appendingPathComponent("model.plm").path
        try FileManager.default.copyItem(atPath: TestModel.path, toPath: modelPath)
        let store = try ModelStore(modelPath: modelPath, lockWaitSeconds: limits.lockWaitSeconds)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = ServerApp.application(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, modelPath: modelPath, limits: limits),
                                        store: store, pool: pool, logger: ServerApp.logger(level: .critical)) { port in continuation.yield(port) }
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw NSError(domain: "test", code: 2) }
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        return LiveServer(folder: folder, modelPath: modelPath, store: store, port: port, client: client, task: task)
    }

    func stop() async {
        try? await client.shutdown()
        task.cancel()
        _ = try? await task.value
        try? FileManager.default.removeItem(at: folder)
    }

    var base: String { "http://127.0.0.1:\(port)" }

    func request(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: Data? = nil) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(120))
        let buffer = try await response.body.collect(upTo: 256 << 20)
        return HTTPResult(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> HTTPResult { try await request(.GET, path, headers: headers) }

    func postJSON(_ path: String, _ object: Any) async throws -> HTTPResult {
        try await request(.POST, path, headers: [("Content-Type", "application/json")], body: try JSONSerialization.data(withJSONObject: object))
    }

    /// A multipart/form-data body as a browser's form sends it.
    static func multipart(files: [(field: String, filename: String, type: String, data: Data)], fields: [(String, String)] = []) -> (body: Data, contentType: String) {
        let boundary = "----passerelle-test-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for f in files {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(f.field)\"; filename=\"\(f.filename)\"\r\nContent-Type: \(f.type)\r\n\r\n".utf8)
            body += f.data + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)")
    }
}

/// The router of `passerelle serve` in this process, through HummingbirdTesting's router client — no
/// socket, no HTTP parsing — over a copy of the test model: the requests and results of `LiveServer`, for
/// the tests of routes where a socket adds nothing. What only a socket shows (the bound address, connection
/// limits, the HTTP server's own answers) stays with `LiveServer`. Requests carry the Host of the served
/// address (127.0.0.1:8080), as a browser's do.
final class RouterServer: Sendable {
    let folder: URL
    let modelPath: String
    let store: ModelStore
    private let client: any TestClientProtocol
    private let release: AsyncStream<Void>.Continuation
    private let task: Task<Void, any Error>
    static let host = "127.0.0.1:8080"

    private init(folder: URL, modelPath: String, store: ModelStore, client: any TestClientProtocol,
                 release: AsyncStream<Void>.Continuation, task: Task<Void, any Error>) {
        self.folder = folder
        self.modelPath = modelPath
        self.store = store
        self.client = client
        self.release = release
        self.task = task
    }

    static func start(limits: ServerLimits = ServerLimits()) async throws -> RouterServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-router-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let modelPath = folder.appendingPathComponent("model.plm").path
        try FileManager.default.copyItem(atPath: TestModel.path, toPath: modelPath)
        let store = try ModelStore(modelPath: modelPath, lockWaitSeconds: limits.lockWaitSeconds)
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 8080, modelPath: modelPath, limits: limits)
        let router = ServerApp.router(store: store, configuration: configuration, accessLog: ServerApp.logger(level: .critical))
        let app = Application(router: router, logger: ServerApp.logger(level: .critical))
        // `app.test` lends its client inside a closure: the closure hands it out and waits for `stop()`.
        let (clients, handOut) = AsyncStream<any TestClientProtocol>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        let task = Task {
            try await app.test(.router) { client in
                handOut.yield(client)
                for await _ in released {}
            }
        }
        var iterator = clients.makeAsyncIterator()
        guard let client = await iterator.next() else { throw NSError(domain: "test", code: 3) }
        return RouterServer(folder: folder, modelPath: modelPath, store: store, client: client, release: release, task: task)
    }

    func stop() async {
        release.finish()
        _ = try? await task.value
        try? FileManager.default.removeItem(at: folder)
    }

    func request(_ method: NIOHTTP1.HTTPMethod, _ path: String, headers: [(String, String)] = [], body: Data? = nil) async throws -> HTTPResult {
        var fields = HTTPFields()
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { fields.append(HTTPField(name: HTTPField.Name("Host")!, value: Self.host)) }
        for (k, v) in headers { fields.append(HTTPField(name: HTTPField.Name(k)!, value: v)) }
        let response = try await client.executeRequest(uri: path, method: HTTPRequest.Method(rawValue: method.rawValue)!, headers: fields,
                                                       body: body.map { ByteBuffer(bytes: $0) })
        var nioHeaders = HTTPHeaders()
        for field in response.headers { nioHeaders.add(name: field.name.rawName, value: field.value) }
        return HTTPResult(status: Int(response.status.code), headers: nioHeaders, body: Data(response.body.readableBytesView))
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> HTTPResult { try await request(.GET, path, headers: headers) }

    func postJSON(_ path: String, _ object: Any) async throws -> HTTPResult {
        try await request(.POST, path, headers: [("Content-Type", "application/json")], body: try JSONSerialization.data(withJSONObject: object))
    }
}

/// Fixtures of each upload format, made here (as DocumentReadersTests makes its own).
enum Fixtures {
    static func cvText(_ name: String = "cv-fr-mediation.txt") throws -> String {
        try String(contentsOf: TestModel.candidates.appendingPathComponent(name), encoding: .utf8)
    }

    /// The CV's non-empty lines (no front matter), for formats made of paragraphs.
    static func lines(_ text: String) -> [String] {
        var body = text
        if body.hasPrefix("---\n"), let end = body.range(of: "\n---\n", range: body.index(body.startIndex, offsetBy: 4) ..< body.endIndex) {
            body = String(body[end.upperBound...])
        }
        return body.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func html(_ text: String) -> Data {
        let paragraphs = lines(text).map { "<p>\(escape($0))</p>" }.joined(separator: "\n")
        return Data("<!DOCTYPE html><html><head><title>CV</title><style>p { color: red }</style><script>var x = 1;</script></head><body>\n\(paragraphs)\n</body></html>".utf8)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A .docx (a zip of WordprocessingML parts), one paragraph per line.
    static func docx(_ text: String) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).docx")
        defer { try? FileManager.default.removeItem(at: url) }
        let archive = try Archive(url: url, accessMode: .create)
        let body = lines(text).map { "<w:p><w:r><w:t xml:space=\"preserve\">\(escape($0))</w:t></w:r></w:p>" }.joined()
        let document = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)<w:sectPr/></w:body></w:document>
        """
        let contentTypes = """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """
        for (path, part) in [("[Content_Types].xml", contentTypes), ("word/document.xml", document)] {
            let data = Data(part.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position) ..< Int(position) + size)
            }
        }
        return try Data(contentsOf: url)
    }

    /// A minimal PDF 1.4 with a text layer: the lines in Helvetica (WinAnsiEncoding), 40 per page.
    static func pdf(_ text: String) -> Data {
        // Lines of at most 90 characters, cut between words, so that every line stays on the page.
        var all: [String] = []
        for line in lines(text) {
            var current = ""
            for word in line.split(separator: " ") {
                if !current.isEmpty && current.count + word.count + 1 > 90 { all.append(current); current = "" }
                current += (current.isEmpty ? "" : " ") + word
            }
            if !current.isEmpty { all.append(current) }
        }
        let pages = stride(from: 0, to: all.count, by: 40).map { Array(all[$0 ..< min($0 + 40, all.count)]) }
        var out = [UInt8]()
        var offsets = [Int]()
        func emit(_ s: String) { out += Array(s.utf8) }
        func object(_ body: [UInt8]) {
            offsets.append(out.count)
            emit("\(offsets.count) 0 obj\n")
            out += body
            emit("\nendobj\n")
        }
        func pdfString(_ line: String) -> [UInt8] {
            var bytes: [UInt8] = [0x28]
            for scalar in line.unicodeScalars {
                let b: UInt8 = scalar.value < 256 ? UInt8(scalar.value) : (scalar == "’" ? 0x92 : (scalar == "–" ? 0x96 : 0x3F))
                if b == 0x28 || b == 0x29 || b == 0x5C { bytes.append(0x5C) }
                bytes.append(b)
            }
            return bytes + [0x29]
        }
        emit("%PDF-1.4\n%\u{E2}\u{E3}\n")
        object(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        let kids = (0 ..< pages.count).map { "\(4 + 2 * $0) 0 R" }.joined(separator: " ")
        object(Array("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>".utf8))
        object(Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8))
        for (i, lines) in pages.enumerated() {
            object(Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * i) 0 R >>".utf8))
            var content = Array("BT /F1 10 Tf 40 760 Td 14 TL\n".utf8)
            for line in lines { content += pdfString(line) + Array(" Tj T*\n".utf8) }
            content += Array("ET".utf8)
            object(Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("\nendstream".utf8))
        }
        let xref = out.count
        emit("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n")
        for o in offsets { emit(String(format: "%010d 00000 n \n", o)) }
        emit("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n")
        return Data(out)
    }
}

/// The built `passerelle` binary, run as a user would (to compare the server's answers with the CLI's).
enum CLIBinary {
    static var url: URL? {
        var folders = Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }.map { $0.bundleURL.deletingLastPathComponent() }
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            let binary = folder.appendingPathComponent("passerelle")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return nil
    }

    /// stdout of `passerelle ARGS` run in `directory` (fails the test on a non-zero exit).
    static func run(_ arguments: [String], in directory: URL) throws -> String {
        guard let url else { throw XCTSkip("the passerelle binary is not built beside the tests") }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errorData = Mutex(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            let d = err.fileHandleForReading.readDataToEndOfFile()
            errorData.withLock { $0 = d }
            group.leave()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "cli", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "passerelle \(arguments.joined(separator: " ")): \(String(decoding: errorData.withLock { $0 }, as: UTF8.self))"])
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A flag shared by concurrent tasks.
final class SharedFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// A count shared by concurrent tasks.
final class SharedCount: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
