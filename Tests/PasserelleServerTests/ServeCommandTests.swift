import Foundation
import XCTest
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import PasserelleTestSupport

/// `passerelle serve` as a user starts it: it says where it listens, answers, logs nothing of a CV, and
/// stops cleanly on SIGTERM; bad options are refused before anything starts.
final class ServeCommandTests: XCTestCase {
    func testServeStartsAnswersLogsNoCVAndStopsOnSIGTERM() async throws {
        guard let binary = CLIBinary.url else { throw XCTSkip("the passerelle binary is not built beside the tests") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: TestModel.path, toPath: model)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--model", model, "--port", "0"]
        process.currentDirectoryURL = folder
        let log = ChildOutput()
        process.standardError = log.pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // The line that says where it listens (the port is the kernel's choice).
        let pattern = #"serving on http://127\.0\.0\.1:(\d+)/"#
        try await Wait.untilAsync("serve to say where it listens", detail: { "stderr: \(log.text)" }) {
            log.text.range(of: pattern, options: .regularExpression) != nil || !process.isRunning
        }
        let said = log.text
        let bound = try XCTUnwrap(said.range(of: pattern, options: .regularExpression).flatMap { Int(said[$0].split(separator: ":").last!.dropLast()) }, said)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let cv = try Fixtures.cvText()
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(bound)/rank?top=3")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "text/plain")
            request.body = .bytes(ByteBuffer(string: cv))
            let response = try await client.execute(request, timeout: .seconds(60))
            XCTAssertEqual(response.status.code, 200)
            _ = try await response.body.collect(upTo: 1 << 24)
            var health = HTTPClientRequest(url: "http://127.0.0.1:\(bound)/health")
            health.method = .GET
            let h = try await client.execute(health, timeout: .seconds(10))
            XCTAssertEqual(h.status.code, 200)
        } catch { XCTFail("\(error)") }
        try? await client.shutdown()
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "serve exits 0 on SIGTERM")
        let logged = log.whole()
        for line in Fixtures.lines(try Fixtures.cvText()) where line.count > 20 {
            XCTAssertFalse(logged.contains(line), "the CV is not logged: \(line)")
        }
        XCTAssertFalse(logged.contains("INÈS"))
    }

    func testBadOptionsAreRefusedBeforeStarting() throws {
        for arguments in [["serve", "--port", "70000"], ["serve", "--timeout", "0"], ["serve", "--max-upload-size", "0"],
                          ["serve", "--model", "/nonexistent/m.plm", "--port", "0"], ["serve", "--host", "0.0.0.0", "--port", "0"]] {
            XCTAssertThrowsError(try CLIBinary.run(arguments, in: FileManager.default.temporaryDirectory), arguments.joined(separator: " ")) { error in
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
    }

    /// A network address without keys, and a port in use, are one clear line each.
    func testNetworkWithoutKeysAndPortInUseAreOneLine() throws {
        XCTAssertThrowsError(try CLIBinary.run(["serve", "--host", "0.0.0.0", "--port", "0"], in: FileManager.default.temporaryDirectory)) { error in
            XCTAssertTrue("\(error)".contains("refusing to listen on 0.0.0.0 without API keys"), "\(error)")
        }
        // Hold a port, then ask serve for it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Int32 in
            guard bind(fd, p, length) == 0, listen(fd, 1) == 0 else { return -1 }
            return getsockname(fd, p, &length)
        } }
        XCTAssertEqual(bound, 0)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let model = FileManager.default.temporaryDirectory.appendingPathComponent("inuse-\(UUID().uuidString).plm").path
        try FileManager.default.copyItem(atPath: TestModel.path, toPath: model)
        defer { try? FileManager.default.removeItem(atPath: model) }
        XCTAssertThrowsError(try CLIBinary.run(["serve", "--model", model, "--port", String(port)], in: FileManager.default.temporaryDirectory)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("port \(port): the port is already in use"), text)
            XCTAssertFalse(text.contains("errno"), text)
        }
    }
}
