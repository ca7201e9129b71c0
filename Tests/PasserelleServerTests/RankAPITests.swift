import Foundation
import XCTest
import NIOHTTP1
import Passerelle
import PasserelleApp
import PasserelleServer

/// `POST /rank` with uploads and `POST /batch` over real HTTP (a socket, HTTP/1.1 framing, bodies that
/// arrive in pieces and a streamed answer): what the in-process router client does not show. The other
/// rank routes' tests go through the router in-process (`RankRoutesTests`).
final class RankAPITests: XCTestCase {
    /// A CV as JSON text, and as a file of each format (multipart and raw), ranks the same first postings;
    /// no upload is left on disk.
    func testEveryUploadFormatRanks() async throws {
        let server = try await LiveServer.start()
        func uploadsLeft() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: TemporaryFolder.current())) ?? []).filter { $0.hasPrefix("upload-") }
        }
        let before = Set(uploadsLeft())
        do {
            let cv = try Fixtures.cvText()
            func firstIDs(_ r: HTTPResult, _ label: String) throws -> [String] {
                XCTAssertEqual(r.status, 200, "\(label): \(r.text.prefix(300))")
                let matches = try XCTUnwrap(r.object()["matches"] as? [[String: Any]], label)
                return matches.prefix(3).compactMap { $0["id"] as? String }
            }
            let reference = try firstIDs(try await server.postJSON("/rank?top=5", ["text": cv]), "json text")
            XCTAssertEqual(reference.count, 3)
            let body = Fixtures.lines(cv).joined(separator: "\n")
            var files: [(String, String, Data)] = [
                ("cv.txt", "text/plain", Data(cv.utf8)),
                ("cv.md", "text/markdown", Data(("# CV\n\n" + body).utf8)),
                ("cv.html", "text/html", Fixtures.html(cv)),
                ("cv.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", try Fixtures.docx(cv)),
            ]
            let hasPDFTool = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].contains { FileManager.default.isExecutableFile(atPath: $0) }
            if hasPDFTool { files.append(("cv.pdf", "application/pdf", Fixtures.pdf(cv))) }
            for (name, type, data) in files {
                let form = LiveServer.multipart(files: [(field: "file", filename: name, type: type, data: data)], fields: [("top", "5")])
                let multipart = try await server.request(.POST, "/rank", headers: [("Content-Type", form.contentType)], body: form.body)
                let viaForm = try firstIDs(multipart, "multipart \(name)")
                XCTAssertEqual(try multipart.object()["query"].flatMap { ($0 as? [String: Any])?["file"] as? String }, name)
                let raw = try await server.request(.POST, "/rank?top=5", headers: [("Content-Type", type)], body: data)
                let viaRaw = try firstIDs(raw, "raw \(name)")
                XCTAssertEqual(viaForm, viaRaw, name)
                XCTAssertEqual(viaForm.first, reference.first, "\(name): the same CV puts the same posting first")
                XCTAssertEqual(Set(viaForm).intersection(reference).count >= 2, true, "\(name): \(viaForm) vs \(reference)")
                let named = try await server.request(.POST, "/rank?top=5&filename=\(name)", headers: [("Content-Type", "application/octet-stream")], body: data)
                XCTAssertEqual(try firstIDs(named, "?filename=\(name)"), viaRaw, name)
            }
            // The page's form: a pasted text with options as fields.
            let pasted = LiveServer.multipart(files: [], fields: [("text", cv), ("top", "3"), ("where", "location~montreal"), ("format", "json")])
            let fromForm = try await server.request(.POST, "/rank", headers: [("Content-Type", pasted.contentType)], body: pasted.body)
            XCTAssertEqual(fromForm.status, 200, fromForm.text)
            let located = try XCTUnwrap(try fromForm.object()["matches"] as? [[String: Any]])
            XCTAssertEqual(located.count, 3)
            for m in located {
                let location = ((m["metadata"] as? [String: String])?["location"] ?? "").folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                XCTAssertTrue(location.contains("montreal"), location)
            }
            if !hasPDFTool { print("RankAPITests: pdftotext is not installed; the PDF upload was not tried") }
        } catch { XCTFail("\(error)") }
        await server.stop()
        XCTAssertEqual(Set(uploadsLeft()).subtracting(before), [], "uploads are removed once read")
    }

    /// JSON Lines in, the batch pipeline's JSON Lines out: the rows `passerelle batch --format jsonl` prints.
    func testBatchStreamsTheRowsTheCLIPrints() async throws {
        let server = try await LiveServer.start()
        do {
            let names = ["cv-fr-mediation.txt", "cv-en-design.txt", "cv-fr-participation.txt"]
            let pool = try names.map { name -> String in
                let object: [String: String] = ["id": name, "title": name, "text": try Fixtures.cvText(name)]
                return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            }.joined(separator: "\n") + "\n"
            let served = try await server.request(.POST, "/batch?top=3", headers: [("Content-Type", "application/x-ndjson")], body: Data(pool.utf8))
            XCTAssertEqual(served.status, 200, served.text)
            XCTAssertTrue(served.contentType.hasPrefix("application/x-ndjson"))
            let rows = served.text.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            XCTAssertEqual(rows.filter { $0?["direction"] as? String == "candidate" }.count, 3)
            XCTAssertEqual(rows.filter { $0?["direction"] as? String == "posting" }.count, server.store.snapshot.model.postingCount)
            let poolFile = server.folder.appendingPathComponent("pool.jsonl")
            try Data(pool.utf8).write(to: poolFile)
            let printed = try CLIBinary.run(["batch", "--candidates", poolFile.path, "--model", server.modelPath, "--top", "3", "--format", "jsonl", "--quiet"], in: server.folder)
            XCTAssertEqual(served.text, printed)
            // Requests run side by side on the pool with one BLAS thread each, a batch included (it used to
            // set the process's BLAS threads to the core count under the other requests).
            if let threads = NumericRuntime.blasThreads { XCTAssertEqual(threads, 1, "BLAS threads in the server after a batch") }

            let empty = try await server.request(.POST, "/batch", headers: [("Content-Type", "application/x-ndjson")], body: Data())
            XCTAssertEqual(empty.status, 400, empty.text)
            let badLine = try await server.request(.POST, "/batch", headers: [("Content-Type", "application/x-ndjson")], body: Data("{\"id\": \"a\", \"text\": \n".utf8))
            XCTAssertEqual(badLine.status, 400, badLine.text)
            XCTAssertFalse((try badLine.object()["error"] as? String ?? "").contains("passerelle-upload-"), "the temporary file is not named")
            let wrongType = try await server.request(.POST, "/batch", headers: [("Content-Type", "text/plain")], body: Data(pool.utf8))
            XCTAssertEqual(wrongType.status, 415, wrongType.text)
        } catch let skip as XCTSkip { await server.stop(); throw skip } catch { XCTFail("\(error)") }
        await server.stop()
    }
}
