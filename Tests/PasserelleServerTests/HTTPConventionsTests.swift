import Foundation
import XCTest
import Synchronization
import Hummingbird
import HummingbirdTesting
import NIOCore
import PasserelleApp
import Passerelle
import HTTPTypes
import DocumentReaders
@testable import PasserelleServer
import PasserelleCore
import PasserelleTestSupport

/// The HTTP conventions of issues 23 and 25, in-process (HummingbirdTesting's router client) where a socket
/// adds nothing: HEAD, 405 + Allow, OPTIONS/CORS, 422 field errors, Origin and Host checks, API keys,
/// request ids, metrics, postings validation, temporary folders.
final class HTTPConventionsTests: XCTestCase {
    func withApp(_ configuration: ServerConfiguration = ServerConfiguration(),
                 _ body: @escaping @Sendable (any TestClientProtocol, ModelStore) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conventions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: TestModel.path, toPath: path)
        let store = try ModelStore(modelPath: path)
        let router = ServerApp.router(store: store, configuration: configuration, accessLog: ServerApp.logger(level: .critical))
        let app = Application(router: router, logger: ServerApp.logger(level: .critical))
        try await app.test(.router) { client in try await body(client, store) }
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    static let hostField = HTTPField.Name("Host")!
    static let local: HTTPFields = [hostField: "127.0.0.1:8080", .contentType: "application/json"]

    func testHeadWrongMethodAndOptions() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/", method: .get, headers: Self.local) { r in
                XCTAssertTrue(String(buffer: r.body).contains("<div id=\"keybox\" hidden>"), "no keys: the key field waits for a 401")
            }
            try await client.execute(uri: "/health", method: .head, headers: Self.local) { r in
                XCTAssertEqual(r.status, .ok)
                XCTAssertEqual(r.body.readableBytes, 0)
            }
            try await client.execute(uri: "/v1/postings?limit=1", method: .head, headers: Self.local) { r in XCTAssertEqual(r.status, .ok) }
            try await client.execute(uri: "/health", method: .put, headers: Self.local) { r in
                XCTAssertEqual(r.status, .methodNotAllowed)
                XCTAssertEqual(r.headers[.allow], "GET, HEAD, OPTIONS")
                XCTAssertNotNil(Self.json(r.body)["error"] as? String)
            }
            try await client.execute(uri: "/v1/postings/x", method: .post, headers: Self.local) { r in
                XCTAssertEqual(r.status, .methodNotAllowed)
                XCTAssertEqual(r.headers[.allow], "GET, HEAD, PUT, DELETE, OPTIONS")
            }
            try await client.execute(uri: "/v1/rank", method: .options, headers: Self.local) { r in
                XCTAssertEqual(r.status, .noContent)
                XCTAssertEqual(r.headers[.allow], "POST, OPTIONS")
            }
            try await client.execute(uri: "/nowhere", method: .get, headers: Self.local) { r in XCTAssertEqual(r.status, .notFound) }
        }
    }

    func testFieldErrorsEachGetTheirOwnMessage() async throws {
        try await withApp { client, _ in
            var messages: [String: String] = [:]
            for (label, body) in [("number", #"{"text": 42}"#), ("top string", #"{"text": "CV", "top": "5"}"#), ("missing", #"{"top": 5}"#),
                                  ("unknown", #"{"text": "CV", "topp": 5}"#)] {
                messages[label] = try await client.execute(uri: "/v1/rank", method: .post, headers: Self.local, body: ByteBuffer(string: body)) { r in
                    XCTAssertEqual(r.status, .unprocessableContent, label)
                    let errors = Self.json(r.body)["errors"] as? [[String: Any]] ?? []
                    XCTAssertEqual(errors.count, 1, label)
                    return "\(errors.first?["pointer"] ?? "") \(errors.first?["message"] ?? "")"
                }
            }
            XCTAssertTrue(messages["number"]!.hasPrefix("/text must be a string"), messages["number"]!)
            XCTAssertTrue(messages["top string"]!.hasPrefix("/top must be a whole number"), messages["top string"]!)
            XCTAssertTrue(messages["missing"]!.hasPrefix("/text is required"), messages["missing"]!)
            XCTAssertTrue(messages["unknown"]!.hasPrefix("/topp unknown field"), messages["unknown"]!)
            XCTAssertEqual(Set(messages.values).count, 4)
            // In French when Accept-Language prefers it.
            var fr = Self.local
            fr[.acceptLanguage] = "fr-FR,fr;q=0.9,en;q=0.5"
            try await client.execute(uri: "/v1/rank", method: .post, headers: fr, body: ByteBuffer(string: #"{"text": 42}"#)) { r in
                let errors = Self.json(r.body)["errors"] as? [[String: Any]] ?? []
                XCTAssertEqual(errors.first?["message"] as? String, "doit être une chaîne, pas un nombre")
                XCTAssertEqual(r.headers[.contentLanguage], "fr")
            }
            // The engine's and the readers' own errors too (issue 26: no English on a French page).
            try await client.execute(uri: "/v1/postings/nope-\(UUID().uuidString.prefix(4))/similar", method: .get, headers: fr) { r in
                XCTAssertEqual(r.status, .notFound)
                let message = Self.json(r.body)["error"] as? String ?? ""
                XCTAssertTrue(message.hasPrefix("aucune offre d'identifiant"), message)
                XCTAssertEqual(r.headers[.contentLanguage], "fr")
            }
            XCTAssertEqual(ErrorResponses.describe(ReaderError.empty(path: "cv.txt")).french, "cv.txt : le fichier est vide")
            XCTAssertEqual(ErrorResponses.describe(FileWriteError(path: "m.plm", reason: "no space left on device")).french,
                           "le serveur ne peut pas enregistrer la modification (disque plein) : impossible d'écrire m.plm : plus de place sur le disque")
            // ?format=csv on the batch is refused, not ignored; a 413 speaks in MiB.
            var ndjson = Self.local
            ndjson[.contentType] = "application/x-ndjson"
            try await client.execute(uri: "/v1/batch?format=csv", method: .post, headers: ndjson, body: ByteBuffer(string: "{}\n")) { r in
                XCTAssertEqual(r.status, .badRequest)
            }
            XCTAssertEqual(APIError.tooLarge("the CV", limit: 10 << 20).message, "the CV is larger than the server's limit of 10 MiB")
        }
    }

    func testCrossSiteWritesAndForeignHostsAreRefused() async throws {
        var configuration = ServerConfiguration()
        configuration.access.corsOrigins = ["https://ats.example"]
        try await withApp(configuration) { client, store in
            let before = store.snapshot.model.postingCount
            var evil = Self.local
            evil[.origin] = "http://evil.example"
            let posting = ByteBuffer(string: #"{"id": "evil-1", "title": "Evil", "text": "Médiateur social, accueil du public, écoute, orientation vers les services sociaux du quartier."}"#)
            try await client.execute(uri: "/v1/postings", method: .post, headers: evil, body: posting) { r in XCTAssertEqual(r.status, .forbidden) }
            try await client.execute(uri: "/postings/x", method: .delete, headers: evil) { r in XCTAssertEqual(r.status, .forbidden) }
            XCTAssertEqual(store.snapshot.model.postingCount, before, "nothing stored")
            var rebinding = Self.local
            rebinding[Self.hostField] = "evil.example:8080"
            try await client.execute(uri: "/v1/postings", method: .get, headers: rebinding) { r in XCTAssertEqual(r.status, .forbidden) }
            var own = Self.local
            own[.origin] = "http://127.0.0.1:8080"
            try await client.execute(uri: "/v1/rank", method: .post, headers: own, body: ByteBuffer(string: #"{"text": 1}"#)) { r in
                XCTAssertEqual(r.status, .unprocessableContent, "the page's own origin passes")
            }
            var preflight = Self.local
            preflight[.origin] = "https://ats.example"
            try await client.execute(uri: "/v1/rank", method: .options, headers: preflight) { r in
                XCTAssertEqual(r.status, .noContent)
                XCTAssertEqual(r.headers[.accessControlAllowOrigin], "https://ats.example")
            }
            preflight[.origin] = "http://evil.example"
            try await client.execute(uri: "/v1/rank", method: .options, headers: preflight) { r in XCTAssertEqual(r.status, .forbidden) }
        }
    }

    func testKeysAndScopes() async throws {
        var keys = APIKeys()
        keys.add("read-key-0123456789", scope: .read)
        keys.add("write-key-0123456789", scope: .write)
        var configuration = ServerConfiguration()
        configuration.access.keys = keys
        try await withApp(configuration) { client, store in
            try await client.execute(uri: "/health", method: .get, headers: Self.local) { r in XCTAssertEqual(r.status, .ok, "health is open") }
            // The page is open and shows its key field (sent as a Bearer token); it holds no key.
            try await client.execute(uri: "/", method: .get, headers: Self.local) { r in
                let page = String(buffer: r.body)
                XCTAssertEqual(r.status, .ok)
                XCTAssertTrue(page.contains("<div id=\"keybox\">"), "key field shown")
                XCTAssertTrue(page.contains("\"Bearer \" + key"))
                XCTAssertFalse(page.contains("0123456789"))
            }
            try await client.execute(uri: "/v1/postings", method: .get, headers: Self.local) { r in
                XCTAssertEqual(r.status, .unauthorized)
                XCTAssertNotNil(r.headers[.wwwAuthenticate])
            }
            var wrong = Self.local
            wrong[.authorization] = "Bearer read-key-0123456780"
            try await client.execute(uri: "/v1/postings", method: .get, headers: wrong) { r in XCTAssertEqual(r.status, .unauthorized) }
            var read = Self.local
            read[.authorization] = "Bearer read-key-0123456789"
            try await client.execute(uri: "/v1/postings?limit=1", method: .get, headers: read) { r in XCTAssertEqual(r.status, .ok) }
            let posting = ByteBuffer(string: #"{"id": "k-1", "title": "Médiateur", "text": "Médiateur social, accueil du public, écoute, orientation vers les services sociaux du quartier."}"#)
            try await client.execute(uri: "/v1/postings", method: .post, headers: read, body: posting) { r in XCTAssertEqual(r.status, .forbidden) }
            var write = Self.local
            write[HTTPField.Name("X-API-Key")!] = "write-key-0123456789"
            try await client.execute(uri: "/v1/postings", method: .post, headers: write, body: posting) { r in
                XCTAssertEqual(r.status, .created, String(buffer: r.body))
                XCTAssertEqual(r.headers[.location], "/v1/postings/k-1")
            }
            XCTAssertNotNil(store.snapshot.model.postingIndex(id: "k-1"))
        }
    }

    func testRequestIDsAndMetrics() async throws {
        try await withApp { client, _ in
            var headers = Self.local
            headers[HTTPField.Name("X-Request-Id")!] = "trace-42"
            try await client.execute(uri: "/health", method: .get, headers: headers) { r in XCTAssertEqual(r.headers[HTTPField.Name("X-Request-Id")!], "trace-42") }
            headers[HTTPField.Name("X-Request-Id")!] = "bad id\u{1B}[2J"
            try await client.execute(uri: "/health", method: .get, headers: headers) { r in
                let id = r.headers[HTTPField.Name("X-Request-Id")!] ?? ""
                XCTAssertEqual(id.count, 24, "a new id replaces an unsafe one")
            }
            try await client.execute(uri: "/rank", method: .post, headers: Self.local, body: ByteBuffer(string: #"{"text": 1}"#)) { r in
                XCTAssertEqual(r.headers[HTTPField.Name("Deprecation")!], "true")
            }
            try await client.execute(uri: "/metrics", method: .get, headers: Self.local) { r in
                let text = String(buffer: r.body)
                XCTAssertTrue(text.contains(#"passerelle_http_requests_total{method="GET",route="/health",status="200"} 2"#), text)
                XCTAssertTrue(text.contains("passerelle_http_request_duration_seconds_bucket"), text)
                XCTAssertTrue(text.contains("passerelle_model_generation 1"), text)
            }
        }
    }

    /// The change log in /metrics: nothing pending on a fresh model, then one record and one delta posting
    /// after an add (what an operator watches to see that compaction keeps up).
    func testMetricsCountTheChangeLogAndTheDelta() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/metrics", method: .get, headers: Self.local) { r in
                let text = String(buffer: r.body)
                XCTAssertTrue(text.contains("passerelle_change_log_records 0"), text)
                XCTAssertTrue(text.contains("passerelle_delta_postings 0"), text)
            }
            let posting = ByteBuffer(string: #"{"id": "m-1", "title": "Médiatrice", "text": "Médiatrice sociale, accueil du public, écoute, orientation vers les services sociaux du quartier."}"#)
            try await client.execute(uri: "/v1/postings", method: .post, headers: Self.local, body: posting) { r in
                XCTAssertEqual(r.status, .created, String(buffer: r.body))
            }
            try await client.execute(uri: "/metrics", method: .get, headers: Self.local) { r in
                let text = String(buffer: r.body)
                XCTAssertTrue(text.contains("passerelle_change_log_records 1"), text)
                XCTAssertTrue(text.contains("passerelle_delta_postings 1"), text)
                let bytes = text.split(separator: "\n").first { $0.hasPrefix("passerelle_change_log_bytes ") }
                    .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
                XCTAssertGreaterThan(bytes, 0, text)
            }
        }
    }

    func testPostingsValidationOneAndReplace() async throws {
        try await withApp { client, store in
            let text = "Médiateur social, accueil du public, écoute, orientation vers les services sociaux du quartier."
            for (label, body, pointer) in [("klingon", #"{"id": "p-1", "text": "\#(text)", "lang": "klingon"}"#, "/lang"),
                                           ("array metadata", #"{"id": "p-1", "text": "\#(text)", "skills": ["a", "b"]}"#, "/skills"),
                                           ("object metadata", #"[{"id": "p-1", "text": "\#(text)", "where": {"city": "Lyon"}}]"#, "/0/where")] {
                try await client.execute(uri: "/v1/postings", method: .post, headers: Self.local, body: ByteBuffer(string: body)) { r in
                    XCTAssertEqual(r.status, .unprocessableContent, label)
                    let errors = Self.json(r.body)["errors"] as? [[String: Any]] ?? []
                    XCTAssertEqual(errors.first?["pointer"] as? String, pointer, label)
                }
            }
            XCTAssertNil(store.snapshot.model.postingIndex(id: "p-1"))
            try await client.execute(uri: "/v1/postings/p-2", method: .put, headers: Self.local,
                                     body: ByteBuffer(string: #"{"title": "Médiatrice", "text": "\#(text)", "lang": "fr", "city": "Lyon"}"#)) { r in
                XCTAssertEqual(r.status, .created, String(buffer: r.body))
                XCTAssertEqual(r.headers[.location], "/v1/postings/p-2")
            }
            try await client.execute(uri: "/v1/postings/p-2", method: .put, headers: Self.local,
                                     body: ByteBuffer(string: #"{"title": "Médiatrice sociale", "text": "\#(text)", "lang": "fr", "city": "Lyon"}"#)) { r in
                XCTAssertEqual(r.status, .ok)
            }
            try await client.execute(uri: "/v1/postings/p-2", method: .get, headers: Self.local) { r in
                let o = Self.json(r.body)
                XCTAssertEqual(o["title"] as? String, "Médiatrice sociale")
                XCTAssertEqual((o["metadata"] as? [String: String])?["city"], "Lyon")
            }
            try await client.execute(uri: "/v1/postings?where=city=Lyon&q=mediatrice", method: .get, headers: Self.local) { r in
                let o = Self.json(r.body)
                XCTAssertEqual(o["total"] as? Int, 1, String(buffer: r.body))
            }
        }
    }

    /// A temporary folder left by a server killed with SIGKILL is removed when the next one starts.
    func testTemporaryFoldersOfDeadServersAreSwept() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        let dead = parent.appendingPathComponent("passerelle-tmp-99999999-abcdef")
        let alive = parent.appendingPathComponent("passerelle-tmp-\(getpid())-abcdef")
        for f in [dead, alive] { try FileManager.default.createDirectory(at: f.appendingPathComponent("upload-x"), withIntermediateDirectories: true) }
        try Data("{\"id\": \"cv\", \"text\": \"personal data\"}\n".utf8).write(to: dead.appendingPathComponent("upload-x/candidates.jsonl"))
        defer { try? FileManager.default.removeItem(at: parent) }
        XCTAssertEqual(TemporaryFolder.sweep(in: parent.path), ["passerelle-tmp-99999999-abcdef"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: alive.path))
    }

    /// Work past its time limit is answered 503 at once and stops at its next checkpoint; a full pool answers
    /// 503 with Retry-After.
    func testWorkIsCancelledAndThePoolIsBounded() async throws {
        let pool = WorkPool(width: 1, queueLimit: 0)
        let stopped = SharedFlag()
        do {
            _ = try await pool.run(within: 0.2) {
                while true { try WorkCancellation.checkpoint(); usleep(1000) }
            } as Int
            XCTFail("the limit passed")
        } catch let e as APIError {
            XCTAssertEqual(e.status, .serviceUnavailable)
        }
        // The slot frees once the job has stopped at a checkpoint.
        try await Wait.untilAsync("the cancelled job to stop at a checkpoint and free its slot (load \(pool.load))") { pool.load == 0 }
        let release = DispatchSemaphore(value: 0)
        let blocker = Task { try await pool.run(within: 30) { release.wait(); stopped.set(); return 1 } }
        try await Wait.untilAsync("the blocking job to take the slot") { pool.load > 0 }
        do {
            _ = try await pool.run(within: 30) { 2 }
            XCTFail("the pool is full")
        } catch let e as APIError {
            XCTAssertEqual(e.status, .serviceUnavailable)
            XCTAssertEqual(e.retryAfter, pool.retryAfterSeconds)
        }
        release.signal()
        _ = try await blocker.value
        XCTAssertTrue(stopped.isSet)
    }

    /// A posting write's job (`first`) leaves the pool's queue before the ranks waiting there: an add does
    /// not wait behind every queued rank.
    func testAPostingWriteJobIsTakenBeforeQueuedRanks() async throws {
        let pool = WorkPool(width: 1, queueLimit: 8)
        let release = DispatchSemaphore(value: 0)
        let order = JobOrder()
        let blocker = Task { try await pool.run(within: 30) { release.wait(); return 0 } }
        try await Wait.untilAsync("the blocking job to take the slot") { pool.load >= 1 }
        var ranks = [Task<Int, any Error>]()
        for i in 0 ..< 3 {
            ranks.append(Task { try await pool.run(within: 30) { order.append("rank\(i)"); return i } })
            try await Wait.untilAsync("rank \(i) to be queued (load \(pool.load))") { pool.load >= 2 + i }
        }
        let write = Task { try await pool.run(within: 30, first: true) { order.append("add"); return 9 } }
        try await Wait.untilAsync("the write to be queued (load \(pool.load))") { pool.load >= 5 }
        XCTAssertEqual(pool.load, 5, "every job waits in the queue")
        release.signal()
        _ = try await blocker.value
        _ = try await write.value
        for r in ranks { _ = try await r.value }
        XCTAssertEqual(order.names.first, "add", "\(order.names)")
        XCTAssertEqual(order.names.count, 4)
    }

    /// A cancelled token stops a rank at its first checkpoint (the library's own path).
    func testRankStopsWhenCancelled() throws {
        let store = try ModelStore(modelPath: TestModel.path)
        let token = WorkCancellation()
        token.cancel()
        let cv = try Fixtures.cvText()
        XCTAssertThrowsError(try token.run {
            try store.snapshot.service.rank(cv: Document(id: "cv", title: "", text: cv), file: nil, options: QueryOptions(top: 5))
        }) { XCTAssertTrue($0 is CancellationError) }
    }
}

/// Names of jobs in the order they ran.
final class JobOrder: Sendable {
    private let list = Mutex<[String]>([])
    func append(_ name: String) { list.withLock { $0.append(name) } }
    var names: [String] { list.withLock { $0 } }
}
