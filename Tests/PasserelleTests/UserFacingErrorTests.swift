import XCTest
@testable import Passerelle
import PasserelleCore

/// The French messages of the engine's errors (`UserFacingError.frenchMessage`): every case has one,
/// it keeps the facts (paths, ids, counts) and the engine's own reasons come out without English.
final class UserFacingErrorTests: XCTestCase {
    /// English words that give away an untranslated sentence in these messages.
    static let englishMarkers = [" the ", " no ", " has ", " is ", " known ", " cannot ", " file ", " folder", " needed", " with "]

    func assertFrench(_ error: any UserFacingError, keeps facts: [String], file: StaticString = #filePath, line: UInt = #line) {
        guard let french = error.frenchMessage else { return XCTFail("no French for \(error)", file: file, line: line) }
        XCTAssertNotEqual(french, error.userMessage, file: file, line: line)
        for fact in facts { XCTAssertTrue(french.contains(fact), "\(french) lost \(fact)", file: file, line: line) }
        for marker in Self.englishMarkers {
            XCTAssertFalse(french.contains(marker), "English '\(marker)' left in: \(french)", file: file, line: line)
        }
        XCTAssertEqual(error.message(french: true), french, file: file, line: line)
        XCTAssertEqual(error.message(french: false), error.userMessage, file: file, line: line)
    }

    func testEveryEngineErrorHasAFrenchMessageKeepingItsFacts() {
        assertFrench(EngineError.duplicateID("qc-42"), keeps: ["qc-42"])
        assertFrench(EngineError.unknownID("qc-mediatr", suggestions: ["qc-mediateur", "qc-mediatrice"]), keeps: ["qc-mediatr", "'qc-mediateur' ou 'qc-mediatrice'", "passerelle info --ids"])
        assertFrench(EngineError.unknownID("x", suggestions: []), keeps: ["'x'"])
        // The reasons the matcher builds, exactly as it words them.
        assertFrench(EngineError.tooLittleText("cv.txt has 2 terms known to the model (at least 5 needed); is it a scanned document or an empty file?"),
                     keeps: ["cv.txt", "2 terme", "au moins 5"])
        assertFrench(EngineError.tooLittleText("cv.txt has 1 term known to the model (at least 3 needed); is it a scanned document or an empty file?"),
                     keeps: ["cv.txt", "1 terme", "au moins 3"])
        assertFrench(EngineError.tooLittleText("--text has no term the model knows; is it a scanned document, an empty file, or a language the postings do not use?"), keeps: ["--text"])
        assertFrench(EngineError.tooLittleText("cv.docx shares no latent dimension with the postings"), keeps: ["cv.docx"])
        assertFrench(EngineError.emptyCorpus("no postings to index"), keeps: [])
        assertFrench(EngineError.emptyCorpus("the postings have no terms"), keeps: [])
        assertFrench(EngineError.emptyCorpus("no term is left after min-df = 3 and max-df = 0.5 (120 distinct terms in 4 documents)"), keeps: ["min-df = 3", "max-df = 0.5", "120", "4 documents"])
        assertFrench(EngineError.incompatible("analyzer 'xx' is unknown to this build (known: fr-en-v1, plain)"), keeps: ["'xx'", "fr-en-v1, plain"])
        assertFrench(EngineError.incompatible("the model uses competency features but holds no taxonomy"), keeps: [])
        assertFrench(EngineError.invalidSettings("filter 'lieu': write KEY~TEXT (contains), KEY=TEXT, KEY>=TEXT or KEY<=TEXT, e.g. location~Montréal or date>=2026-01-01"),
                     keeps: ["'lieu'", "location~Montréal ou date>=2026-01-01"])
    }

    func testEveryModelFileErrorHasAFrenchMessage() {
        let p = "/srv/m.plm"
        let all: [ModelFileError] = [
            .notFound(path: p), .notAModel(path: p), .truncated(path: p, expected: 100, actual: 40), .checksumMismatch(path: p),
            .unsupportedVersion(path: p, found: 9, supported: 4), .malformed(path: p, what: "VOCB"),
            .writeFailed(path: p, why: "no space left on device"), .unreadable(path: p, why: "permission denied"),
            .notARegularFile(path: p, kind: "a named pipe"),
        ]
        for error in all { assertFrench(error, keeps: [p]) }
        XCTAssertTrue(ModelFileError.writeFailed(path: p, why: "no space left on device").frenchMessage!.contains("plus de place sur le disque"))
        XCTAssertTrue(ModelFileError.truncated(path: p, expected: 100, actual: 40).frenchMessage!.contains("40 octets, 100 attendus"))
    }

    func testTranslationLeavesUnknownTextAlone() {
        XCTAssertEqual(FrenchPhrasebook.engine.translate("Unexpected character 'x' around line 3, column 7."), "Unexpected character 'x' around line 3, column 7.")
        XCTAssertEqual(FrenchPhrasebook.engine.translate(""), "")
    }
}
