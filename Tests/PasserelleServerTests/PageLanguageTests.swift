import Foundation
import XCTest
import PasserelleServer

/// What the counsellors' page gets from the API in its language: `lang=en` makes a similar-postings report
/// English whatever the posting's language; an unknown filter key is a 400 (never an empty list), in French
/// with `lang=fr`; the page offers a field only for the keys the model's postings have.
final class PageLanguageTests: XCTestCase {
    func testReportsAndFilterErrorsFollowThePagesLanguage() async throws {
        let server = try await RouterServer.start()
        do {
            // A French posting, an English report.
            let english = try await server.get("/postings/fr-mediateur-musee/similar?format=html&top=3&lang=en")
            XCTAssertEqual(english.status, 200)
            XCTAssertTrue(english.text.contains("<html lang=\"en\">"))
            XCTAssertTrue(english.text.contains("Postings similar to"))
            let french = try await server.get("/postings/fr-mediateur-musee/similar?format=html&top=3&lang=fr")
            XCTAssertTrue(french.text.contains("Offres semblables à"))
            let unknownFR = try await server.get("/postings/fr-mediateur-musee/similar?format=json&where=lieux~montreal&lang=fr")
            XCTAssertEqual(unknownFR.status, 400)
            XCTAssertTrue(unknownFR.text.contains("aucune offre de ce modèle n’a la clé « lieux »"), unknownFR.text)
            let unknownEN = try await server.get("/postings/fr-mediateur-musee/similar?format=json&where=locaton~montreal")
            XCTAssertEqual(unknownEN.status, 400)
            XCTAssertTrue(unknownEN.text.contains("did you mean 'location'"), unknownEN.text)
            let badLang = try await server.get("/postings/fr-mediateur-musee/similar?lang=de")
            XCTAssertEqual(badLang.status, 400)
            // The page: filter fields for the keys the shipped postings have, none for date or contract.
            let page = try await server.get("/")
            XCTAssertTrue(page.text.contains("data-key=\"location\" data-op=\"~\""))
            XCTAssertTrue(page.text.contains("data-key=\"organization\""))
            XCTAssertFalse(page.text.contains("data-key=\"date\""))
            XCTAssertFalse(page.text.contains("data-key=\"contract\""))
            XCTAssertFalse(page.text.contains("KEY~TEXT") || page.text.contains("location~montreal"), "no key~text box")
            XCTAssertTrue(page.text.contains("Offres semblables") && page.text.contains("Retour au classement"))
            XCTAssertFalse(page.text.contains("postes"), "« offres » throughout")
        } catch { XCTFail("\(error)") }
        await server.stop()
    }
}
