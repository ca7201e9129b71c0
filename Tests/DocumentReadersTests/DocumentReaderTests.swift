import XCTest
import Passerelle
@testable import DocumentReaders

final class DocumentReaderTests: XCTestCase {
    var dir: URL!

    override func setUp() {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("readers-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

    func testFrontMatterGivesIDTitleLanguageAndMetadata() throws {
        let path = try file("x.txt", "---\nid: my-id\ntitle: Chargé·e de projets\nlang: fr\norganization: Ville\n---\nLe texte.\n")
        let d = try DocumentReader().read(file: path).documents[0]
        XCTAssertEqual(d, Document(id: "my-id", title: "Chargé·e de projets", text: "Le texte.\n", lang: "fr", metadata: ["organization": "Ville"]))
    }

    func testWithoutFrontMatterTheIDIsTheFileNameAndTheTitleTheFirstLine() throws {
        let path = try file("offre-42.md", "\n\n  Médiateur culturel  \n\nTexte du poste.")
        let d = try DocumentReader().read(file: path).documents[0]
        XCTAssertEqual(d.id, "offre-42")
        XCTAssertEqual(d.title, "Médiateur culturel")
        XCTAssertTrue(d.text.contains("Texte du poste."))
    }

    func testByteOrderMarkIsDroppedAndLatin1IsDetectedAndReported() throws {
        let bom = try file("bom.txt", [0xEF, 0xBB, 0xBF] + Array("Équipe".utf8))
        XCTAssertEqual(try DocumentReader().read(file: bom).documents[0].title, "Équipe")
        // "Médiation – équipe" in Windows-1252: é = E9, en dash = 96.
        let latin = try file("latin.txt", [0x4D, 0xE9, 0x64, 0x69, 0x61, 0x74, 0x69, 0x6F, 0x6E, 0x20, 0x96, 0x20, 0xE9, 0x71, 0x75, 0x69, 0x70, 0x65])
        let r = try DocumentReader().read(file: latin)
        XCTAssertEqual(r.documents[0].text, "Médiation – équipe")
        XCTAssertEqual(r.warnings.count, 1)
        XCTAssertTrue(r.warnings[0].description.contains("latin.txt"))
        XCTAssertTrue(r.warnings[0].description.contains("Windows-1252"))
    }

    func testJSONLinesWithMetadataBlankLinesAndErrorsNamingTheLine() throws {
        let good = try file("p.jsonl", """
        {"id": "a", "title": "A", "text": "Texte A", "lang": "fr", "city": "Lyon", "salary": 42000}

        {"id": "b", "text": "Texte B sans titre"}
        """)
        let docs = try DocumentReader().read(file: good).documents
        XCTAssertEqual(docs.map(\.id), ["a", "b"])
        XCTAssertEqual(docs[0].metadata, ["city": "Lyon", "salary": "42000"])
        XCTAssertEqual(docs[1].title, "Texte B sans titre")

        let bad = try file("bad.jsonl", "{\"id\": \"a\", \"text\": \"ok\"}\n{\"id\": \"b\", \"text\": \n{\"id\": \"c\"}\n[1, 2]\n{\"id\": \"a\", \"text\": \"again\"}\n")
        XCTAssertThrowsError(try DocumentReader().read(file: bad)) { error in
            XCTAssertEqual(error as? ReaderError, .invalidJSON(path: bad, line: 2, why: "not JSON"))
            XCTAssertTrue("\(error)".hasPrefix("\(bad):2:"))
        }
        let skipped = try DocumentReader(skipInvalid: true).read(file: bad)
        XCTAssertEqual(skipped.documents.map(\.id), ["a"])
        XCTAssertEqual(skipped.skipped, 4)
        XCTAssertEqual(skipped.warnings.compactMap(\.line), [2, 3, 4, 5])
        XCTAssertTrue(skipped.warnings[1].description.contains("\"text\""))
    }

    func testBadFilesAreClearErrors() throws {
        let reader = DocumentReader(maxFileSize: 1000)
        let empty = try file("empty.txt", "")
        XCTAssertThrowsError(try reader.read(file: empty)) { XCTAssertEqual($0 as? ReaderError, .empty(path: empty)) }
        let blank = try file("blank.txt", "  \n\t\n")
        XCTAssertThrowsError(try reader.read(file: blank)) { XCTAssertEqual($0 as? ReaderError, .empty(path: blank)) }
        let frontMatterOnly = try file("entete.md", "---\nid: x\ntitle: Titre\n---\n \n")
        XCTAssertThrowsError(try reader.read(file: frontMatterOnly)) { XCTAssertEqual($0 as? ReaderError, .empty(path: frontMatterOnly)) }
        let binary = try file("photo.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        XCTAssertThrowsError(try reader.read(file: binary)) { XCTAssertEqual($0 as? ReaderError, .binary(path: binary)) }
        let big = try file("big.txt", String(repeating: "mot ", count: 300))
        XCTAssertThrowsError(try reader.read(file: big)) { XCTAssertEqual($0 as? ReaderError, .tooLarge(path: big, bytes: 1200, limit: 1000)) }
        let odd = try file("cv.xyz", "text")
        XCTAssertThrowsError(try reader.read(file: odd)) { XCTAssertEqual($0 as? ReaderError, .unsupported(path: odd, ext: "xyz")) }
        let missing = dir.appendingPathComponent("missing.txt").path
        XCTAssertThrowsError(try reader.read(paths: [missing])) { XCTAssertEqual($0 as? ReaderError, .notFound(path: missing)) }
    }

    func testFoldersAreReadInPathOrderAndDuplicateIDsAcrossFilesAreRefused() throws {
        _ = try file("corpus/b.txt", "Texte B")
        _ = try file("corpus/a.txt", "Texte A")
        _ = try file("corpus/.hidden.txt", "caché")
        _ = try file("corpus/notes.pdf.bak", "ignored")
        _ = try file("corpus/sub/c.jsonl", "{\"id\": \"c\", \"text\": \"Texte C\"}")
        let r = try DocumentReader().read(paths: [dir.appendingPathComponent("corpus").path])
        XCTAssertEqual(r.documents.map(\.id), ["a", "b", "c"])
        _ = try file("corpus/sub/d.jsonl", "{\"id\": \"a\", \"text\": \"encore A\"}")
        XCTAssertThrowsError(try DocumentReader().read(paths: [dir.appendingPathComponent("corpus").path])) { error in
            guard case ReaderError.duplicateID(let id, _, let second) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(id, "a")
            XCTAssertTrue(second.hasSuffix("d.jsonl"))
        }
        let emptyFolder = dir.appendingPathComponent("nothing")
        try FileManager.default.createDirectory(at: emptyFolder, withIntermediateDirectories: true)
        XCTAssertThrowsError(try DocumentReader().read(paths: [emptyFolder.path])) { XCTAssertEqual($0 as? ReaderError, .noDocuments(path: emptyFolder.path)) }
    }
}
