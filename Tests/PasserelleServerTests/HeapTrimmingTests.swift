import Synchronization
import XCTest
@testable import PasserelleServer

final class HeapTrimmingTests: XCTestCase {
    /// A burst of writes asks for many trims: one runs at once, the requests while it is queued coalesce,
    /// and the next waits for the interval — so a server adding 10 postings a second trims once a second.
    func testRequestsCoalesceAndTrimsAreAnIntervalApart() throws {
        let times = Mutex<[ContinuousClock.Instant]>([])
        let trimming = HeapTrimming(interval: .milliseconds(300)) { times.withLock { $0.append(.now) } }
        for _ in 0 ..< 50 { trimming.request() }
        let first = expectation(description: "first trim")
        waitUntil(first) { times.withLock { $0.count } == 1 }
        wait(for: [first], timeout: 5)
        for _ in 0 ..< 50 { trimming.request() }
        let second = expectation(description: "second trim")
        waitUntil(second) { times.withLock { $0.count } == 2 }
        wait(for: [second], timeout: 5)
        Thread.sleep(forTimeInterval: 0.5)
        let seen = times.withLock { $0 }
        XCTAssertEqual(seen.count, 2, "100 requests in two bursts: two trims")
        XCTAssertGreaterThanOrEqual(seen[1] - seen[0], .milliseconds(300), "the second waits for the interval")
    }

    private func waitUntil(_ done: XCTestExpectation, _ condition: @escaping @Sendable () -> Bool) {
        DispatchQueue.global().async {
            while !condition() { Thread.sleep(forTimeInterval: 0.005) }
            done.fulfill()
        }
    }
}
