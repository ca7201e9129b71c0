import XCTest
@testable import DocumentReaders
import PasserelleCore

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

/// Issue 11: inputs that cannot be read say why (named pipe, permission, symbolic link loop, encoding).
final class DocumentReaderFaultTests: XCTestCase {
    var dir: URL!
    override func setUp() {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("readers-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func testPipesLoopsAndFoldersSayWhatTheyAre() throws {
        XCTAssertEqual(mkfifo(path("cv.txt"), 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: path("a.txt"), withDestinationPath: "b.txt")
        try FileManager.default.createSymbolicLink(atPath: path("b.txt"), withDestinationPath: "a.txt")
        try FileManager.default.createDirectory(atPath: path("folder.txt"), withIntermediateDirectories: true)
        let reader = DocumentReader()
        XCTAssertThrowsError(try reader.read(file: path("cv.txt"))) { XCTAssertEqual($0 as? ReaderError, .notARegularFile(path: path("cv.txt"), kind: "a named pipe")) }
        XCTAssertThrowsError(try reader.read(paths: [path("cv.txt")])) { XCTAssertEqual("\($0)", "\(path("cv.txt")): is a named pipe, not a regular file") }
        XCTAssertThrowsError(try reader.read(file: path("a.txt"))) { XCTAssertTrue("\($0)".contains("too many levels of symbolic links"), "\($0)") }
        XCTAssertThrowsError(try reader.files(at: path("a.txt"))) { XCTAssertTrue("\($0)".contains("too many levels of symbolic links"), "\($0)") }
        XCTAssertThrowsError(try reader.read(file: path("folder.txt"))) { XCTAssertEqual($0 as? ReaderError, .notARegularFile(path: path("folder.txt"), kind: "a folder")) }
        XCTAssertThrowsError(try reader.read(file: path("missing.txt"))) { XCTAssertEqual($0 as? ReaderError, .notFound(path: path("missing.txt"))) }
    }

    func testAnUnreadableFileSaysPermissionDenied() throws {
        let file = path("secret.txt")
        try Data("Médiation culturelle".utf8).write(to: URL(fileURLWithPath: file))
        chmod(file, 0)
        // Root reads any file: the case cannot be made then (the CLI test runs it as an unprivileged user).
        let probe = open(file, O_RDONLY)
        if probe >= 0 { close(probe); throw XCTSkip("this user can read a file of mode 000 (root)") }
        XCTAssertThrowsError(try DocumentReader().read(file: file)) { XCTAssertEqual($0 as? ReaderError, .cannotOpen(path: file, why: "permission denied")) }
    }

    func testUTF16WithABOMIsDecodedAndUTF32IsRefusedByName() throws {
        let text = "Médiatrice – ateliers 🎨 au musée"
        var le: [UInt8] = [0xFF, 0xFE], be: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 { le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]; be += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let reader = DocumentReader()
        XCTAssertEqual(try reader.decodedText(Data(le), path: "le.txt").0, text)
        XCTAssertEqual(try reader.decodedText(Data(be), path: "be.txt").0, text)
        XCTAssertThrowsError(try reader.decodedText(Data(le.dropLast()), path: "odd.txt")) { XCTAssertTrue("\($0)".contains("invalid UTF-16"), "\($0)") }
        XCTAssertThrowsError(try reader.decodedText(Data([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]), path: "lone.txt")) { XCTAssertTrue("\($0)".contains("lone surrogate"), "\($0)") }
        XCTAssertThrowsError(try reader.decodedText(Data([0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0]), path: "u32.txt")) {
            XCTAssertEqual("\($0)", "u32.txt: UTF-32 text is not supported; save it as UTF-8")
        }
    }

    func testJSONLinesFieldsMustBeStrings() throws {
        for (value, kind) in [("true", "true"), ("false", "false"), ("3", "a number (3)"), ("[1]", "an array"), ("{}", "an object")] {
            XCTAssertThrowsError(try DocumentReader.document(fromJSONLine: "{\"id\": \(value), \"text\": \"t\"}", path: "p.jsonl", line: 4)) {
                XCTAssertEqual("\($0)", "p.jsonl:4: invalid JSON line: field \"id\" must be a string, not \(kind) (write it in quotes)")
            }
        }
        XCTAssertThrowsError(try DocumentReader.document(fromJSONLine: "{\"id\": \"a\", \"text\": 5}", path: "p.jsonl", line: 1))
        XCTAssertThrowsError(try DocumentReader.document(fromJSONLine: "{\"id\": \"a\", \"text\": \"t\", \"lang\": true}", path: "p.jsonl", line: 1))
        // null is absent; other fields keep their values, booleans as words.
        let d = try DocumentReader.document(fromJSONLine: "{\"id\": \"a\", \"title\": null, \"text\": \"texte\", \"remote\": true, \"salary\": 42}", path: "p.jsonl", line: 1)
        XCTAssertEqual(d.title, "texte")
        XCTAssertEqual(d.metadata, ["remote": "true", "salary": "42"])
    }
}
