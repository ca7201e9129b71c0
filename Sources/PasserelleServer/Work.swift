import Foundation
import HTTPTypes
import Synchronization
import NIOCore
import PasserelleApp

/// Where a request's CPU work runs (folding a CV, scoring, explaining, reading a .docx): a bounded pool as
/// wide as the machine, off the NIO event loops and off Swift's cooperative threads, so that the server
/// keeps accepting connections, answering `/health` and timing requests out while every core is busy.
///
/// - Bounded: at most `width` jobs run and `queueLimit` more wait; past that a request is refused at once
///   with 503 and `Retry-After` (a queue that grows without bound only turns a burst into time-outs).
/// - Below the event loops: worker threads run at nice +10 (Linux), so that a saturated pool never starves
///   the threads that accept connections and answer `/health`; a posting write's jobs (`first`) run at
///   nice 0, ahead of the queued ranks.
/// - Cancelled: each job gets a `WorkCancellation` token, cancelled when its time limit passes, when its
///   request's task is cancelled or when the client's connection has closed (checked at each checkpoint); the engine checks it between
///   blocks (`WorkCancellation.checkpoint`), so abandoned work stops within one block instead of running
///   to its end. The caller is answered at once (503 for the time limit); the job's slot is freed when it
///   has actually stopped.
public final class WorkPool: Sendable {
    public let width: Int
    public let queueLimit: Int
    /// Seconds a refused client is asked to wait (`Retry-After`).
    public let retryAfterSeconds: Int
    private let workers: WorkerThreads
    private let admitted = Mutex(0)

    public init(width: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), queueLimit: Int = 32, retryAfterSeconds: Int = 2) {
        self.width = max(1, width)
        self.queueLimit = max(0, queueLimit)
        self.retryAfterSeconds = retryAfterSeconds
        workers = WorkerThreads(width: self.width)
    }

    deinit { workers.stop() }

    /// Jobs running or waiting now.
    public var load: Int { admitted.withLock { $0 } }

    /// Runs `body` on the pool within `seconds` (503 past it), cancelled early when `channel` closes.
    /// - Parameter first: a posting write's parse or fold: taken from the queue before the waiting jobs that
    ///   are not (an add does not wait behind every queued rank; jobs already running are not stopped), and
    ///   run at the event loops' priority (`WorkerPriority.write`), not below the ranks.
    func run<T: Sendable>(within seconds: Double, channel: (any Channel)? = nil, first: Bool = false,
                          _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try admit()
        let token = WorkCancellation(abandoned: Self.abandoned(channel))
        let once = ResumeOnce<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                once.set(continuation)
                workers.submit(first: first) {
                    WorkerPriority.set(first ? WorkerPriority.write : WorkerPriority.pool)
                    let result = Result { try token.run(body) }
                    self.release()
                    once.resume(with: result)
                }
                let limit = APIError(.serviceUnavailable, "the request took longer than the server's limit of \(seconds.formatted()) s; try a smaller request",
                                     fr: "la requête a dépassé la limite du serveur (\(seconds.formatted()) s) ; essayez une requête plus petite")
                // The answer is settled before the job is told to stop: cancelled first, the job could throw its
                // `CancellationError` at a checkpoint and resume the caller with it before the 503 (a CI run caught it).
                // Weak: the timer outlives the request by up to the time limit, and the token holds the
                // connection (the add soak's curl connections, each a channel and its buffers, were kept a
                // minute after their answer). A request that ended leaves nothing to resume or cancel.
                DispatchQueue.global().asyncAfter(deadline: .now() + max(0, seconds)) { [weak once, weak token] in
                    once?.resume(with: .failure(limit))
                    token?.cancel()
                }
            }
        } onCancel: {
            once.resume(with: .failure(CancellationError()))
            token.cancel()
        }
    }

    /// Starts `body` on the pool and returns at once (a streamed response's producer); it counts against
    /// the pool's bound until it ends. `token` lets the caller stop it.
    func start(token: WorkCancellation, _ body: @escaping @Sendable () -> Void) throws {
        try admit()
        workers.submit(first: false) {
            WorkerPriority.set(WorkerPriority.pool)
            _ = try? token.run(body)
            self.release()
        }
    }

    /// "Has the client gone?" for a connection (nil: never). A channel that is not active when the request
    /// starts (an in-memory test channel) is not watched.
    static func abandoned(_ channel: (any Channel)?) -> (@Sendable () -> Bool)? {
        guard let channel, channel.isActive else { return nil }
        return { !channel.isActive }
    }

    private func release() { admitted.withLock { $0 -= 1 } }

    private func admit() throws {
        let ok = admitted.withLock { n -> Bool in
            guard n < width + queueLimit else { return false }
            n += 1
            return true
        }
        guard ok else {
            throw APIError(.serviceUnavailable, "the server is busy (\(width) requests running, \(queueLimit) waiting); try again in \(retryAfterSeconds) s",
                           fr: "le serveur est occupé (\(width) requêtes en cours, \(queueLimit) en attente) ; réessayez dans \(retryAfterSeconds) s",
                           retryAfter: retryAfterSeconds)
        }
    }

    /// A time limit for async work that is not CPU work of the pool (waiting for a lock, the first row of a
    /// batch): 503 past `seconds`. `body` must stop when cancelled.
    static func limited<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw APIError(.serviceUnavailable, "the request took longer than the server's limit of \(seconds.formatted()) s; try a smaller request",
                               fr: "la requête a dépassé la limite du serveur (\(seconds.formatted()) s) ; essayez une requête plus petite")
            }
            return value
        }
    }
}

/// The pool's own threads, `width` of them, taking jobs from two FIFO lists (writes first). Not
/// Dispatch's: on Linux Swift's concurrent executor runs on Dispatch's worker threads, as many as the
/// cores, so jobs that block a Dispatch thread for a whole rank (an `OperationQueue`'s) made every
/// `await` of every request wait for a rank to end — measured at 100,000 postings, an add spent ~150 ms
/// of its ~280 ms after its change was made, in the hops back to its task.
private final class WorkerThreads: @unchecked Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var writes: [@Sendable () -> Void] = []
    private var others: [@Sendable () -> Void] = []
    private var stopping = false

    init(width: Int) {
        for i in 0 ..< width {
            let thread = Thread { [self] in self.work() }
            thread.name = "passerelle.serve.work.\(i)"
            thread.start()
        }
    }

    func submit(first: Bool, _ job: @escaping @Sendable () -> Void) {
        condition.lock()
        if first { writes.append(job) } else { others.append(job) }
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads end once the lists are empty (the pool is gone).
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while writes.isEmpty && others.isEmpty && !stopping { condition.wait() }
            if writes.isEmpty && others.isEmpty { condition.unlock(); return }
            let job = writes.isEmpty ? others.removeFirst() : writes.removeFirst()
            condition.unlock()
            job()
        }
    }
}

/// A continuation resumed by the first of several events (the work's end, its time limit, the client
/// leaving, the task's cancellation); the others are ignored.
private final class ResumeOnce<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var early: Result<T, any Error>?
        var done = false
    }
    private let state = Mutex(State())

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { s -> Result<T, any Error>? in
            if let e = s.early { s.early = nil; return e }
            s.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func resume(with result: Result<T, any Error>) {
        let c = state.withLock { s -> CheckedContinuation<T, any Error>? in
            guard !s.done else { return nil }
            s.done = true
            guard let c = s.continuation else { s.early = result; return nil }
            s.continuation = nil
            return c
        }
        c?.resume(with: result)
    }
}

/// The nice value of the thread running a job (Linux). A pool thread runs ranks and writes in turn, and the
/// writers' queue runs on Dispatch's threads: each job sets the value it needs when it starts, or a write
/// would run on a thread a rank had lowered (and a rank on one a write had raised).
enum WorkerPriority {
    /// Reads and scoring: below the event loops.
    static let pool: Int32 = 10
    /// Writes (an add's parse and fold, the commit): ahead of the queued ranks, at the event loops' level.
    static let write: Int32 = 0

    /// Sets the calling thread's nice value, once per change (a system call only when it differs). Raising
    /// the priority back from +10 needs the right to (root, or RLIMIT_NICE); without it the thread stays
    /// where it was, as before this value existed.
    static func set(_ value: Int32) {
        #if os(Linux)
        let dictionary = Thread.current.threadDictionary
        if let current = dictionary["passerelle.nice"] as? Int32, current == value { return }
        let tid: id_t
        if let known = dictionary["passerelle.tid"] as? id_t {
            tid = known
        } else {
            // The thread's id, as /proc names it (glibc's gettid is not visible from Swift).
            guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"),
                  let id = link.split(separator: "/").last.flatMap({ id_t($0) }) else { return }
            dictionary["passerelle.tid"] = id
            tid = id
        }
        if setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, value) == 0 { dictionary["passerelle.nice"] = value }
        #endif
    }
}
