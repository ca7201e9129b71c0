import Foundation
import XCTest
import Passerelle
import PasserelleApp
import PasserelleServer
import PasserelleCore

/// The API through the server's router in-process (`RouterServer`: a socket adds nothing to these
/// routes; RankAPITests and ConnectionLimitsTests keep real HTTP): health, model, the posting list, adds and
/// removes persisted to the model file, errors as JSON, limits.
final class PostingsAPITests: XCTestCase {
    func testHealthModelAndThePostingList() async throws {
        let server = try await RouterServer.start()
        do {
            let health = try await server.get("/health")
            XCTAssertEqual(health.status, 200)
            XCTAssertTrue(health.contentType.hasPrefix("application/json"), health.contentType)
            let h = try health.object()
            XCTAssertEqual(h["status"] as? String, "ok")
            let count = try XCTUnwrap(h["postings"] as? Int)
            XCTAssertGreaterThan(count, 40)
            XCTAssertEqual(h["generation"] as? Int, 1)

            let model = try await server.get("/model").object()
            XCTAssertEqual(model["path"] as? String, server.modelPath)
            XCTAssertEqual(model["postings"] as? Int, count)
            XCTAssertNil(model["read_only"], "a model given by path is editable")

            let page = try await server.get("/postings?offset=2&limit=5").object()
            XCTAssertEqual(page["total"] as? Int, count)
            let postings = try XCTUnwrap(page["postings"] as? [[String: Any]])
            let snapshot = server.store.snapshot
            XCTAssertEqual(postings.map { $0["id"] as? String }, (2 ..< 7).map { snapshot.model.postings.ids[$0] })
            let all = try await server.get("/postings?limit=10000").object()
            XCTAssertEqual((all["postings"] as? [Any])?.count, count)
            let past = try await server.get("/postings?offset=100000").object()
            XCTAssertEqual((past["postings"] as? [Any])?.count, 0)
        } catch { XCTFail("\(error)") }
        await server.stop()
    }

    func testErrorsAreJSONWithTheirStatus() async throws {
        let server = try await RouterServer.start()
        do {
            for (path, status) in [("/nothing-here", 404), ("/postings?limit=0", 400), ("/postings?limit=abc", 400),
                                   ("/postings?offset=-1", 400), ("/postings?limit=10001", 400)] {
                let r = try await server.get(path)
                XCTAssertEqual(r.status, status, path)
                XCTAssertTrue(r.contentType.hasPrefix("application/json"), path)
                let message = try XCTUnwrap(r.object()["error"] as? String, path)
                XCTAssertFalse(message.isEmpty, path)
            }
            // A method the route does not have.
            let put = try await server.request(.PUT, "/health")
            XCTAssertEqual(put.status, 405, "\(put.status)")
            XCTAssertEqual(put.headers.first(name: "allow"), "GET, HEAD, OPTIONS")
            XCTAssertNotNil(try put.object()["error"] as? String)
            // Bodies that are not what they claim.
            let notJSON = try await server.request(.POST, "/postings", headers: [("Content-Type", "application/json")], body: Data("{oops".utf8))
            XCTAssertEqual(notJSON.status, 400)
            XCTAssertNotNil(try notJSON.object()["error"] as? String)
            let noText = try await server.postJSON("/postings", ["id": "x-1", "title": "Sans texte"])
            XCTAssertEqual(noText.status, 422, noText.text)
            let wrongType = try await server.request(.POST, "/postings", headers: [("Content-Type", "image/png")], body: Data([0x89, 0x50]))
            XCTAssertEqual(wrongType.status, 415, wrongType.text)
            let badMultipart = try await server.request(.POST, "/postings", headers: [("Content-Type", "multipart/form-data; boundary=xyz")],
                                                        body: Data("--xyz\r\nno headers end".utf8))
            XCTAssertEqual(badMultipart.status, 400, badMultipart.text)
            XCTAssertNotNil(try badMultipart.object()["error"] as? String)
            let health = try await server.get("/health")
            XCTAssertEqual(health.status, 200, "the server still answers after bad requests")
        } catch { XCTFail("\(error)") }
        await server.stop()
    }

    func testAddAndRemoveArePersistedToTheModelFile() async throws {
        let server = try await RouterServer.start()
        do {
            let before = try ModelProvider.load(path: server.modelPath).model.postingCount
            let posting: [String: Any] = [
                "id": "test-animation-quartier", "title": "Animateur·rice de quartier",
                "text": "Nous cherchons une personne pour animer des ateliers de participation citoyenne et de médiation culturelle dans le quartier, concevoir des démarches de consultation publique et faciliter des rencontres avec les habitants. Français courant requis.",
                "location": "Montréal, Québec", "organization": "Centre communautaire",
            ]
            let added = try await server.postJSON("/postings", posting)
            XCTAssertEqual(added.status, 201, added.text)
            let a = try added.object()
            XCTAssertEqual(a["added"] as? [String], ["test-animation-quartier"])
            XCTAssertEqual(a["postings"] as? Int, before + 1)
            XCTAssertEqual(a["generation"] as? Int, 2)
            // On disk, with its metadata.
            let onDisk = try ModelProvider.load(path: server.modelPath).model
            XCTAssertEqual(onDisk.postingCount, before + 1)
            let index = try XCTUnwrap(onDisk.postingIndex(id: "test-animation-quartier"))
            XCTAssertEqual(onDisk.postings.record(at: index).metadata["location"], "Montréal, Québec")
            // Listed.
            let page = try await server.get("/postings?offset=\(before)&limit=1").object()
            let listed = try XCTUnwrap((page["postings"] as? [[String: Any]])?.first)
            XCTAssertEqual(listed["id"] as? String, "test-animation-quartier")
            XCTAssertEqual((listed["metadata"] as? [String: String])?["organization"], "Centre communautaire")

            // A duplicate id changes nothing.
            let duplicate = try await server.postJSON("/postings", posting)
            XCTAssertEqual(duplicate.status, 409, duplicate.text)
            XCTAssertTrue((try duplicate.object()["error"] as? String ?? "").contains("test-animation-quartier"))
            XCTAssertEqual(try ModelProvider.load(path: server.modelPath).model.postingCount, before + 1)
            // Two postings with one id in one request: refused whole.
            let twice = try await server.postJSON("/postings", ["postings": [["id": "t-a", "text": "médiation culturelle"], ["id": "t-a", "text": "design de services"]]])
            XCTAssertEqual(twice.status, 400, twice.text)

            // Removed, by a percent-encoded id too.
            let removed = try await server.request(.DELETE, "/postings/test-animation-quartier")
            XCTAssertEqual(removed.status, 200, removed.text)
            XCTAssertEqual(try removed.object()["postings"] as? Int, before)
            XCTAssertNil(try ModelProvider.load(path: server.modelPath).model.postingIndex(id: "test-animation-quartier"))
            let unknown = try await server.request(.DELETE, "/postings/no%20such%20posting")
            XCTAssertEqual(unknown.status, 404, unknown.text)
            XCTAssertTrue((try unknown.object()["error"] as? String ?? "").contains("no such posting"))
            let health = try await server.get("/health").object()
            XCTAssertEqual(health["postings"] as? Int, before)
            XCTAssertEqual(health["generation"] as? Int, 3)
        } catch { XCTFail("\(error)") }
        await server.stop()
    }

    func testPostingsAsJSONLinesCSVAndFiles() async throws {
        let server = try await RouterServer.start()
        do {
            let before = server.store.snapshot.model.postingCount
            let lines = """
            {"id": "jl-1", "title": "Designer de services", "text": "Concevoir des services publics avec les usagers : design de services, prototypage, entretiens, ateliers de co-conception."}
            {"id": "jl-2", "title": "Chargé·e de participation", "text": "Organiser des consultations publiques, animer des ateliers citoyens, rédiger des synthèses de participation citoyenne."}

            """
            let jsonl = try await server.request(.POST, "/postings", headers: [("Content-Type", "application/x-ndjson")], body: Data(lines.utf8))
            XCTAssertEqual(jsonl.status, 201, jsonl.text)
            XCTAssertEqual(try jsonl.object()["added"] as? [String], ["jl-1", "jl-2"])
            let csv = "id,title,text\ncsv-1,Médiateur culturel,\"Médiation culturelle, visites commentées, ateliers pour les publics scolaires.\"\n"
            let fromCSV = try await server.request(.POST, "/postings", headers: [("Content-Type", "text/csv")], body: Data(csv.utf8))
            XCTAssertEqual(fromCSV.status, 201, fromCSV.text)
            let md = "---\nid: md-1\ntitle: Facilitateur·rice\nlocation: Lyon\n---\nFaciliter des ateliers d'intelligence collective, animer des communautés de pratique.\n"
            let form = LiveServer.multipart(files: [(field: "file", filename: "poste.md", type: "text/markdown", data: Data(md.utf8))])
            let fromFile = try await server.request(.POST, "/postings", headers: [("Content-Type", form.contentType)], body: form.body)
            XCTAssertEqual(fromFile.status, 201, fromFile.text)
            XCTAssertEqual(try fromFile.object()["added"] as? [String], ["md-1"])
            XCTAssertEqual(server.store.snapshot.model.postingCount, before + 4)
            XCTAssertEqual(try ModelProvider.load(path: server.modelPath).model.postingCount, before + 4)
        } catch { XCTFail("\(error)") }
        await server.stop()
    }

    func testBodiesOverTheLimitAre413() async throws {
        var limits = ServerLimits()
        limits.maxJSONBytes = 1000
        limits.maxBatchBytes = 2000
        limits.maxUploadBytes = 2000
        let server = try await RouterServer.start(limits: limits)
        do {
            let big = try await server.postJSON("/postings", ["id": "big", "text": String(repeating: "médiation ", count: 500)])
            XCTAssertEqual(big.status, 413, big.text)
            XCTAssertTrue((try big.object()["error"] as? String ?? "").contains("1000"))
            let lines = try await server.request(.POST, "/postings", headers: [("Content-Type", "application/x-ndjson")],
                                                 body: Data(String(repeating: "{\"id\": \"x\", \"text\": \"y\"}\n", count: 200).utf8))
            XCTAssertEqual(lines.status, 413, lines.text)
            let health = try await server.get("/health")
            XCTAssertEqual(health.status, 200)
        } catch { XCTFail("\(error)") }
        await server.stop()
    }

    /// Eight clients add at once: every posting lands, in the served model and in the file (writers take
    /// turns; none works from a model another has since replaced).
    func testConcurrentAddsLoseNothing() async throws {
        let server = try await RouterServer.start()
        do {
            let before = server.store.snapshot.model.postingCount
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0 ..< 8 {
                    group.addTask {
                        try await server.postJSON("/postings", ["id": "c-\(i)", "title": "Poste \(i)",
                                                                "text": "Médiation culturelle et participation citoyenne, atelier numéro \(i), design de services."]).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            XCTAssertEqual(statuses, Array(repeating: 201, count: 8))
            let served = server.store.snapshot
            XCTAssertEqual(served.model.postingCount, before + 8)
            XCTAssertEqual(served.generation, 9)
            let onDisk = try ModelProvider.load(path: server.modelPath).model
            XCTAssertEqual(onDisk.postingCount, before + 8)
            for i in 0 ..< 8 { XCTAssertNotNil(onDisk.postingIndex(id: "c-\(i)"), "c-\(i)") }
        } catch { XCTFail("\(error)") }
        await server.stop()
    }

    /// Another process changing the model (`passerelle add` holds the writers' lock): the server waits for
    /// it, then answers 409 and changes nothing; once the lock is free, it starts from the file as the
    /// other writer left it, so that writer's change is not lost either.
    func testAnotherWriterHoldingTheLockGets409AndItsChangeIsKept() async throws {
        var limits = ServerLimits()
        limits.lockWaitSeconds = 0.3
        let server = try await RouterServer.start(limits: limits)
        do {
            let before = server.store.snapshot.model.postingCount
            let lock = try WriterLock(for: server.modelPath, wait: false)
            let refused = try await server.postJSON("/postings", ["id": "late", "text": "Médiation culturelle et ateliers."])
            XCTAssertEqual(refused.status, 409, refused.text)
            XCTAssertTrue((try refused.object()["error"] as? String ?? "").contains("another passerelle"))
            // The other writer adds a posting and lets go.
            var other = try ModelFile.read(from: server.modelPath)
            let resources = other.resources
            let pipeline = try EngineSetup.pipeline(settings: other.settings, resources: resources)
            try other.add([Document(id: "from-cli", title: "Ajouté par la CLI", text: "Design de services publics, ateliers avec les usagers.")],
                          featurizer: pipeline.featurizer)
            try ModelFile.write(other, to: server.modelPath)
            lock.release()
            let accepted = try await server.postJSON("/postings", ["id": "late", "text": "Médiation culturelle et ateliers."])
            XCTAssertEqual(accepted.status, 201, accepted.text)
            let onDisk = try ModelProvider.load(path: server.modelPath).model
            XCTAssertEqual(onDisk.postingCount, before + 2)
            XCTAssertNotNil(onDisk.postingIndex(id: "from-cli"))
            XCTAssertNotNil(onDisk.postingIndex(id: "late"))
            XCTAssertNotNil(server.store.snapshot.model.postingIndex(id: "from-cli"))
        } catch { XCTFail("\(error)") }
        await server.stop()
    }
}
