import Foundation
import XCTest
import NIOCore
@testable import PasserelleServer
import Passerelle
import PasserelleCore
import PasserelleTestSupport

/// Connection limits over real sockets (what an in-process client cannot show): a trickling body is cut,
/// HTTP/1.0 without keep-alive is closed at once, a parser-level 400 has a JSON body, `/health` answers
/// while every worker is busy.
final class ConnectionLimitsTests: XCTestCase {
    /// Raw bytes to the server; what it answers until it closes (or `timeout`).
    static func exchange(_ port: Int, _ send: [(Data, Double)], timeout: Double = 20) throws -> (Data, closed: Bool) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { return (Data(), false) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        for (data, pause) in send {
            _ = data.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, data.count, Int32(MSG_NOSIGNAL)) }
            if pause > 0 { usleep(UInt32(pause * 1e6)) }
        }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return (out, true) }
            if n < 0 { return (out, false) }
            out.append(contentsOf: buffer[0 ..< n])
        }
    }

    func testTricklingBodyIsCutAndHTTP10IsClosed() async throws {
        var limits = ServerLimits()
        limits.bodyGraceSeconds = 1
        limits.minimumBodyBytesPerSecond = 1000
        let server = try await LiveServer.start(limits: limits)
        let port = server.port
        let result = try await Task.detached {
            let head = "POST /v1/rank HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            let chunk = "5\r\nhello\r\n"
            return try ConnectionLimitsTests.exchange(port, [(Data(head.utf8), 0), (Data(chunk.utf8), 0.5), (Data(chunk.utf8), 0)], timeout: 20)
        }.value
        let text = String(decoding: result.0, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 408"), text)
        XCTAssertTrue(text.contains("\"error\""), text)
        XCTAssertTrue(result.closed, "the connection is closed")
        let old = try await Task.detached {
            try ConnectionLimitsTests.exchange(port, [(Data("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8), 0)], timeout: 5)
        }.value
        XCTAssertTrue(String(decoding: old.0, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        XCTAssertTrue(old.closed, "HTTP/1.0 without keep-alive: closed after the answer, not at the idle timeout")
        let garbage = try await Task.detached { try ConnectionLimitsTests.exchange(port, [(Data("BAD\u{1} / HTTP/1.1\r\n\r\n".utf8), 0)], timeout: 5) }.value
        let g = String(decoding: garbage.0, as: UTF8.self)
        XCTAssertTrue(g.hasPrefix("HTTP/1.1 400"), g)
        XCTAssertTrue(g.contains("{\"error\""), "a parser-level 400 has a JSON body: \(g)")
        await server.stop()
    }

    /// Every worker busy: `/health` still answers at once, a rank is refused with 503 and Retry-After
    /// (not queued without bound).
    func testHealthAnswersWhileTheWorkersAreSaturated() async throws {
        let pool = WorkPool(width: 1, queueLimit: 0)
        let server = try await LiveServer.start(pool: pool)
        let release = DispatchSemaphore(value: 0)
        let blocker = Task { try await pool.run(within: 60) { release.wait(); return 1 } }
        try await Wait.untilAsync("the blocking job to take the only worker") { pool.load > 0 }
        do {
            let health = try await server.get("/health")
            XCTAssertEqual(health.status, 200)
            let rank = try await server.postJSON("/v1/rank", ["text": try Fixtures.cvText()])
            XCTAssertEqual(rank.status, 503, rank.text)
            XCTAssertEqual(rank.headers.first(name: "retry-after"), String(pool.retryAfterSeconds))
        } catch { XCTFail("\(error)") }
        release.signal()
        _ = try await blocker.value
        await server.stop()
    }

    /// A model file that cannot be written: 507 for a full disk, 500 naming the cause otherwise.
    func testWriteFailuresNameTheirCause() {
        let full = ErrorResponses.describe(FileWriteError(path: "/srv/m.plm", reason: "no space left on device"))
        XCTAssertEqual(full.status.code, 507)
        XCTAssertTrue(full.message.contains("no space left on device"), full.message)
        let readOnly = ErrorResponses.describe(FileWriteError(path: "/srv/m.plm", reason: "read-only file system"))
        XCTAssertEqual(readOnly.status.code, 500)
        XCTAssertTrue(readOnly.message.contains("read-only file system"), readOnly.message)
        XCTAssertNotEqual(readOnly.message, "internal error")
    }
}
