import Foundation

/// The bounds of one request. Every body is read up to a limit (413 past it), every query option is
/// checked against the CLI's bounds (400), and every request gets a time limit (503 past it).
public struct ServerLimits: Sendable {
    /// A JSON request body (`POST /rank` with text, `POST /postings`), and any body not otherwise named.
    public var maxJSONBytes: Int
    /// One uploaded CV (multipart or raw body: txt, md, html, docx, pdf).
    public var maxUploadBytes: Int
    /// The JSON Lines body of `POST /batch` and of `POST /postings` in JSON Lines.
    public var maxBatchBytes: Int
    /// Time allowed to one request (rank, similar, add, remove…), in seconds.
    public var requestSeconds: Double
    /// Time allowed to `POST /batch` to start streaming its rows, in seconds (the input limit bounds the rest).
    public var batchSeconds: Double
    /// How long an add or remove waits for another process (`passerelle add`) holding the model's writers'
    /// lock before answering 409.
    public var lockWaitSeconds: Double
    /// Requests whose CPU work runs at once (the work pool's width; default: one per core) and requests
    /// that may wait for a worker; past both, 503 with `Retry-After`.
    public var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var queuedRequests: Int = 32
    /// A request's head must arrive within this many seconds of the connection opening or of the previous
    /// answer (slow headers; idle keep-alive connections are closed then).
    public var headerSeconds: Double = 15
    /// A body must average at least `minimumBodyBytesPerSecond` once `bodyGraceSeconds` have passed (408 and
    /// the connection closed otherwise).
    public var bodyGraceSeconds: Double = 10
    public var minimumBodyBytesPerSecond: Double = 1024
    /// Postings per page of `GET /postings`.
    public static let pageSize = 1 ... 10_000

    public init(maxJSONBytes: Int = 2 << 20, maxUploadBytes: Int = 10 << 20, maxBatchBytes: Int = 64 << 20,
                requestSeconds: Double = 30, batchSeconds: Double = 600, lockWaitSeconds: Double = 5) {
        self.maxJSONBytes = maxJSONBytes
        self.maxUploadBytes = maxUploadBytes
        self.maxBatchBytes = maxBatchBytes
        self.requestSeconds = requestSeconds
        self.batchSeconds = batchSeconds
        self.lockWaitSeconds = lockWaitSeconds
    }
}
