import XCTest
@testable import DocumentReaders
import PasserelleCore

/// Issue 27 (bounded memory): `read(paths:each:)` hands each document over as it is parsed, with the rules
/// of a whole read — bad lines and duplicate ids named by file and line, ids unique across files.
final class StreamedReadTests: ReaderTestCase {
    /// A JSON Lines posting of about 100 bytes of text.
    static func line(_ id: String) -> String {
        "{\"id\": \"\(id)\", \"title\": \"Poste \(id)\", \"text\": \"Animation d'ateliers de médiation culturelle avec les habitants du quartier, poste \(id).\"}"
    }

    /// The same documents, warnings and skipped lines as the gathering read, in the same order, with the file
    /// each came from: a folder of a .txt, a JSON Lines file (a bad line skipped) and a CSV file.
    func testTheStreamedReadGivesWhatTheWholeReadGivesInOrder() throws {
        _ = try file("corpus/a.txt", "---\nid: a\n---\nAccueil du public au musée, visites guidées.")
        let jsonl = try file("corpus/b.jsonl", [Self.line("b1"), "{\"id\": \"cassé\", ", Self.line("b2")].joined(separator: "\n"))
        let csv = try file("corpus/c.csv", "id,title,text\nc1,Un,\"Concertation citoyenne, ateliers\"\nc2,Deux,Participation des habitants\n")
        var reader = DocumentReader()
        reader.skipInvalid = true
        let folder = dir.appendingPathComponent("corpus").path
        let whole = try reader.read(paths: [folder])
        var streamed = [(Document, String)]()
        let summary = try reader.read(paths: [folder]) { streamed.append(($0, $1)) }
        XCTAssertEqual(streamed.map(\.0), whole.documents)
        XCTAssertEqual(streamed.map(\.1), whole.sources)
        XCTAssertEqual(streamed.map(\.0.id), ["a", "b1", "b2", "c1", "c2"])
        XCTAssertEqual(streamed.map(\.1).suffix(3), [jsonl, csv, csv])
        XCTAssertEqual(summary.documents, 5)
        XCTAssertEqual(summary.skipped, 1)
        XCTAssertEqual(summary.warnings, whole.warnings)
        XCTAssertEqual(summary.warnings.map(\.line), [2])
    }

    /// Documents are handed over as they are parsed: the 1,499 before a bad line in the middle of a file
    /// were handed over when the error names its file and line (a whole read would have handed none), and
    /// none after it. CSV the same.
    func testAnErrorInTheMiddleOfAFileNamesItsLineAfterTheDocumentsBeforeIt() throws {
        var lines = (1...3000).map { Self.line("p\($0)") }
        lines[1499] = "{\"id\": \"p1500\", \"text\": 42}"
        let jsonl = try file("big.jsonl", lines.joined(separator: "\n") + "\n")
        var handed = [String]()
        XCTAssertThrowsError(try DocumentReader().read(paths: [jsonl]) { d, _ in handed.append(d.id) }) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(jsonl):1500:"), "\(error)")
        }
        XCTAssertEqual(handed.count, 1499)
        XCTAssertEqual(handed.last, "p1499")

        var rows = ["id,title,text"] + (1...300).map { "r\($0),Titre,\"Médiation culturelle, ateliers \($0)\"" }
        rows[150] = "r150,Titre,un \"guillemet\" perdu"
        let csv = try file("big.csv", rows.joined(separator: "\n") + "\n")
        handed = []
        XCTAssertThrowsError(try DocumentReader().read(paths: [csv]) { d, _ in handed.append(d.id) }) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(csv):151:"), "\(error)")
        }
        XCTAssertEqual(handed.count, 149)
    }

    /// A duplicate id in the middle of a file is refused naming the line of both; a duplicate of an earlier
    /// file's id names both files, and is reported once its file is read, as a whole read did: a bad line
    /// later in the same file is what is reported then. Nothing of that file is handed over after it.
    func testDuplicateIDsAreRefusedWithTheirFileAndLine() throws {
        var lines = (1...40).map { Self.line("p\($0)") }
        lines[24] = Self.line("p7")
        let within = try file("within.jsonl", lines.joined(separator: "\n"))
        XCTAssertThrowsError(try DocumentReader().read(paths: [within]) { _, _ in }) { error in
            XCTAssertEqual(error as? ReaderError, .invalidJSON(path: within, line: 25, why: "duplicate id 'p7' (first on line 7)"))
        }
        let first = try file("one.jsonl", Self.line("x1") + "\n" + Self.line("x2"))
        let second = try file("two.jsonl", [Self.line("y1"), Self.line("x2"), Self.line("y3")].joined(separator: "\n"))
        var handed = [String]()
        XCTAssertThrowsError(try DocumentReader().read(paths: [first, second]) { d, _ in handed.append(d.id) }) { error in
            XCTAssertEqual(error as? ReaderError, .duplicateID(id: "x2", first: first, second: second))
        }
        XCTAssertEqual(handed, ["x1", "x2", "y1"])
        let secondWithABadLine = try file("three.jsonl", [Self.line("x2"), "pas du JSON"].joined(separator: "\n"))
        XCTAssertThrowsError(try DocumentReader().read(paths: [first, secondWithABadLine]) { _, _ in }) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(secondWithABadLine):2:"), "\(error)")
        }
    }

    /// An error of the caller (`each` throws) stops the read at once and comes out as it is.
    func testAnErrorOfTheCallerStopsTheRead() throws {
        struct Full: Error, Equatable {}
        let jsonl = try file("p.jsonl", (1...10).map { Self.line("p\($0)") }.joined(separator: "\n"))
        var handed = 0
        XCTAssertThrowsError(try DocumentReader().read(paths: [jsonl]) { _, _ in
            handed += 1
            if handed == 4 { throw Full() }
        }) { XCTAssertEqual($0 as? Full, Full()) }
        XCTAssertEqual(handed, 4)
    }
}
