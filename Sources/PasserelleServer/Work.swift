import Foundation

/// Where a request's CPU work runs (folding a CV, scoring, explaining, reading a .docx): a pool as wide as
/// the machine, off Swift's cooperative threads, so that the server keeps accepting requests and timing
/// them out while the cores are busy. The work of a request that timed out still finishes (it cannot be
/// stopped half-way), but its result is dropped.
enum Work {
    private static let pool: OperationQueue = {
        let q = OperationQueue()
        q.name = "passerelle.serve.work"
        q.maxConcurrentOperationCount = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return q
    }()

    /// Runs `body` on the pool, within `seconds` (503 with a JSON error past it).
    static func run<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await limited(seconds) {
            try await withCheckedThrowingContinuation { continuation in
                pool.addOperation { continuation.resume(with: Result { try body() }) }
            }
        }
    }

    /// Starts `body` on the pool and returns at once (a streamed response's producer).
    static func start(_ body: @escaping @Sendable () -> Void) {
        pool.addOperation(body)
    }

    /// `body`, or a 503 error when it takes longer than `seconds`.
    static func limited<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw APIError(.serviceUnavailable, "the request took longer than the server's limit of \(seconds.formatted()) s; try a smaller request")
            }
            return value
        }
    }
}
