import Foundation
import Synchronization

/// Cooperative cancellation of a query's CPU work on the thread that runs it (a server's worker thread,
/// not a Swift task: `Task.isCancelled` cannot be read there). A front end installs a token around the
/// work (`run`) and cancels it from elsewhere (a time limit passed, the client left); the work calls
/// `WorkCancellation.checkpoint()` at block boundaries (between a query's stages, before each match
/// explained, before each batch block) and stops there with `CancellationError`. Checks never change
/// what a run computes: a run that is not cancelled gives the same bytes.
public final class WorkCancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    private let abandoned: (@Sendable () -> Bool)?
    private static let key = "passerelle.work-cancellation"

    /// - Parameter abandoned: asked at each checkpoint too (a server: "has the client's connection
    ///   closed?"); true cancels the work. Must be cheap and thread-safe.
    public init(abandoned: (@Sendable () -> Bool)? = nil) { self.abandoned = abandoned }

    /// Asks the work to stop at its next checkpoint (from any thread).
    public func cancel() { flag.store(true, ordering: .relaxed) }

    public var isCancelled: Bool {
        if flag.load(ordering: .relaxed) { return true }
        if let abandoned, abandoned() { cancel(); return true }
        return false
    }

    /// Runs `body` on this thread with this token installed (the previous one restored after).
    public func run<T>(_ body: () throws -> T) throws -> T {
        let dictionary = Thread.current.threadDictionary
        let previous = dictionary[Self.key]
        dictionary[Self.key] = self
        defer { dictionary[Self.key] = previous }
        try checkpoint()
        return try body()
    }

    func checkpoint() throws { if isCancelled { throw CancellationError() } }

    /// Throws `CancellationError` when the token installed on this thread (if any) was cancelled.
    /// Complexity: O(1), a thread-dictionary look-up: call it per block or per match, not per term.
    public static func checkpoint() throws {
        guard let token = Thread.current.threadDictionary[key] as? WorkCancellation else { return }
        try token.checkpoint()
    }
}
