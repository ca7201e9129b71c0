import XCTest
import PasserelleCore
@testable import DocumentReaders

/// Every reader error has a French message (`UserFacingError.frenchMessage`) naming the same file and line.
final class ReaderErrorFrenchTests: XCTestCase {
    func testEveryReaderErrorIsWrittenInFrenchWithItsFileAndLine() {
        let p = "cvs/amélie.txt"
        let all: [ReaderError] = [
            .notFound(path: p), .empty(path: p), .binary(path: p), .tooLarge(path: p, bytes: 20, limit: 10),
            .unsupported(path: p, ext: "xyz"), .invalidJSON(path: p, line: 7, why: "Unexpected end of file"),
            .missingField(path: p, line: 7, field: "text"), .noDocuments(path: p),
            .duplicateID(id: "a", first: p, second: "b.txt"),
            .invalidCSV(path: p, line: 7, why: "3 fields but the header has 2 (a comma in an unquoted field?)"),
            .corrupt(path: p, why: "not a valid .docx file (not a zip archive)"),
            .pdfToolMissing(path: p, tool: "/usr/bin/pdftotext"), .pdfFailed(path: p, why: "exit 1"),
            .noTextLayer(path: p, letters: 3), .cannotOpen(path: p, why: "permission denied"),
            .notARegularFile(path: p, kind: "a named pipe"), .unsupportedEncoding(path: p, encoding: "UTF-32"),
        ]
        for error in all {
            let french = try! XCTUnwrap(error.frenchMessage, "\(error)")
            XCTAssertNotEqual(french, error.description)
            XCTAssertTrue(french.contains(p), french)
            if error.description.contains("\(p):7") { XCTAssertTrue(french.contains("\(p):7"), french) }
            for marker in [" the ", " file ", " no ", " is ", " not ", " cannot "] {
                XCTAssertFalse(french.contains(marker), "English '\(marker)' in: \(french)")
            }
        }
        XCTAssertEqual(ReaderError.invalidCSV(path: p, line: 7, why: "3 fields but the header has 2 (a comma in an unquoted field?)").frenchMessage,
                       "\(p):7 : CSV invalide : 3 champs mais l'en-tête en a 2 (une virgule dans un champ sans guillemets ?)")
        XCTAssertEqual(ReaderError.invalidCSV(path: p, line: 1, why: "no \"text\" column in the header (columns: id, body)").frenchMessage,
                       "\(p):1 : CSV invalide : pas de colonne \"text\" dans l'en-tête (colonnes : id, body)")
    }
}
