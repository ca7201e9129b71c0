import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import NIOCore
import Passerelle
import PasserelleApp
import DocumentReaders
import PasserelleCore

/// `POST /batch`: a pool of candidates in JSON Lines, scored by the batch pipeline (`BatchRun`, as
/// `passerelle batch --format jsonl`), rows streamed out as blocks finish: candidate rows, then posting rows.
/// The body is written to a private temporary file (the pipeline reads a stream of records from a file) and
/// removed when the run ends.
struct BatchRoute: Sendable {
    var store: ModelStore
    var limits: ServerLimits
    var pool: WorkPool
    static let mediaTypes: Set<String> = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"]

    func register(on router: Router<ServerContext>) {
        for path in APIPath.both("/batch") { router.post(RouterPath(path)) { request, context in try await batch(request, context) } }
    }

    func batch(_ request: Request, _ context: ServerContext) async throws -> Response {
        let q = request.uri.queryParameters
        // The batch streams JSON Lines only: another format is refused, not silently ignored.
        if let format = q.get("format"), format.lowercased() != "jsonl" {
            throw APIError.badRequest("POST /v1/batch answers JSON Lines only (format=jsonl), not '\(QueryParameters.clipped(format))'",
                                      fr: "POST /v1/batch ne répond qu'en JSON Lines (format=jsonl), pas '\(QueryParameters.clipped(format))'")
        }
        let top = try QueryParameters.integer(q.get("top"), name: "top", in: QueryOptions.topRange, default: 10)
        let expressions = QueryParameters.whereExpressions(q)
        let filter = try QueryParameters.filter(expressions)
        let explain = try QueryParameters.flag(q.get("explain"), name: "explain") ?? false
        var minScore: Float? = nil
        if let text = q.get("min_score") {
            guard let s = Float(text), s.isFinite, (-1 ... 1).contains(s) else { throw APIError.badRequest("min_score must be a number in -1…1 (got '\(QueryParameters.clipped(text))')") }
            minScore = s
        }
        guard Self.mediaTypes.contains(RequestBodies.mediaType(request)) else {
            throw APIError(.unsupportedMediaType, "send the candidates as JSON Lines (Content-Type: application/x-ndjson), one {\"id\", \"text\", \"title\"?, \"lang\"?} per line")
        }
        let data = try await RequestBodies.collect(request, limit: limits.maxBatchBytes, what: "the candidates")
        var settings = BatchSettings(candidates: [])
        settings.top = top
        settings.format = .jsonl
        settings.filter = filter
        settings.filterExpressions = expressions
        settings.explain = explain
        settings.minScore = minScore
        settings.maxRecordSize = limits.maxUploadBytes
        // One BLAS thread, as every request of the server (`ServerApp.application`): the batch would
        // otherwise set the process's BLAS threads to the core count under the other requests.
        settings.blasThreads = 1
        let loaded = store.snapshot.loaded
        let output = StreamingOutput()
        let folder = try Uploads.privateFolder()
        let path = (folder as NSString).appendingPathComponent("candidates.jsonl")
        do { try Uploads.writePrivate(data, to: path) } catch { try? FileManager.default.removeItem(atPath: folder); throw error }
        settings.candidates = [path]
        let frozen = settings
        // The client leaving stops the run at its next block (and at its next flush).
        let token = WorkCancellation(abandoned: WorkPool.abandoned(context.channel))
        let runBatch: @Sendable () -> Void = {
            defer { try? FileManager.default.removeItem(atPath: folder) }
            do {
                _ = try BatchRun.run(frozen, loaded: loaded, destination: .stream(output))
                output.finish(failure: nil)
            } catch {
                // Errors name the temporary file: name the request body instead.
                let e = ErrorResponses.describe(error)
                let (status, message) = (e.status, e.message)
                output.finish(failure: (status, message.replacingOccurrences(of: path, with: "request body").replacingOccurrences(of: folder + "/", with: "")))
            }
        }
        do {
            try pool.start(token: token) {
                runBatch()
            }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        // Until the first row is out, a failure (no candidate, a bad line at the start) is an error response.
        let first: StreamingOutput.Start
        do { first = try await WorkPool.limited(limits.batchSeconds, { await output.firstEvent() }) } catch { token.cancel(); throw error }
        switch first {
        case .failed(let status, let message): throw APIError(status, message)
        case .streaming, .finished: break
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/x-ndjson; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: output.stream))
    }
}

/// The batch run's rows, handed to the HTTP response body as they are flushed (`BatchOutput`). A failure
/// after the first row ends the stream with a line `{"error": "…"}`; a client that goes away stops the run
/// at its next flush.
final class StreamingOutput: BatchOutput, Sendable {
    enum Start: Sendable { case streaming, finished, failed(HTTPResponse.Status, String) }

    private struct State {
        var pending = ""
        var sent = 0
        var start: Start? = nil
        var waiter: CheckedContinuation<Start, Never>? = nil
        var closed = false
    }

    let stream: AsyncStream<ByteBuffer>
    private let continuation: AsyncStream<ByteBuffer>.Continuation
    private let state = Mutex(State())

    init() {
        (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        continuation.onTermination = { [weak self] _ in self?.state.withLock { $0.closed = true } }
    }

    func write(_ text: String) { state.withLock { $0.pending += text } }

    func flush() throws {
        let (chunk, closed) = state.withLock { s -> (String, Bool) in
            let p = s.pending
            s.pending = ""
            s.sent += p.utf8.count
            return (p, s.closed)
        }
        if closed { throw CancellationError() }
        if !chunk.isEmpty {
            continuation.yield(ByteBuffer(string: chunk))
            signal(.streaming)
        }
    }

    func sync() throws { try flush() }

    var bytes: Int { state.withLock { $0.sent } }

    func finish(failure: (HTTPResponse.Status, String)?) {
        try? flush()
        if let (status, message) = failure {
            let started = state.withLock { $0.start != nil }
            if started {
                let line = (try? JSONResponse.encoder.encode(ErrorBody(error: message))).map { String(decoding: $0, as: UTF8.self) } ?? "{\"error\": \"internal error\"}"
                continuation.yield(ByteBuffer(string: line.replacingOccurrences(of: "\n", with: "") + "\n"))
            }
            signal(.failed(status, message))
        } else {
            signal(.finished)
        }
        continuation.finish()
    }

    /// The first of: a row out, the end, a failure.
    func firstEvent() async -> Start {
        await withCheckedContinuation { (c: CheckedContinuation<Start, Never>) in
            let ready = state.withLock { s -> Start? in
                if let start = s.start { return start }
                s.waiter = c
                return nil
            }
            if let ready { c.resume(returning: ready) }
        }
    }

    private func signal(_ event: Start) {
        let waiter = state.withLock { s -> CheckedContinuation<Start, Never>? in
            guard s.start == nil else { return nil }
            s.start = event
            let w = s.waiter
            s.waiter = nil
            return w
        }
        waiter?.resume(returning: event)
    }
}
