import Foundation
import XCTest
import PasserelleServer

/// The counsellors' page: French by default, English when the browser prefers it, nothing loaded from
/// elsewhere.
final class PageTests: XCTestCase {
    func testThePageSpeaksTheBrowsersLanguageAndLoadsNothingFromElsewhere() async throws {
        let server = try await RouterServer.start()
        do {
            let french = try await server.get("/")
            XCTAssertEqual(french.status, 200)
            XCTAssertTrue(french.contentType.hasPrefix("text/html"), french.contentType)
            XCTAssertTrue(french.text.contains("<html lang=\"fr\">"))
            XCTAssertTrue(french.text.contains("Classer les offres"))
            for (header, lang) in [("en-US,en;q=0.9,fr;q=0.5", "en"), ("fr-CA,fr;q=0.9,en;q=0.8", "fr"), ("de-DE,en;q=0.5", "en"),
                                   ("en;q=0.4,fr;q=0.6", "fr"), ("de", "fr")] {
                let page = try await server.get("/", headers: [("Accept-Language", header)])
                XCTAssertTrue(page.text.contains("<html lang=\"\(lang)\">"), header)
                XCTAssertEqual(page.headers.first(name: "content-language"), lang, header)
            }
            let english = try await server.get("/", headers: [("Accept-Language", "en")])
            XCTAssertTrue(english.text.contains("Rank the postings"))
            for page in [french.text, english.text] {
                for external in ["src=\"http", "href=\"http", "url(http", "@import", "src=\"//", "href=\"//"] {
                    XCTAssertFalse(page.contains(external), external)
                }
                // The form posts to the API the page documents.
                XCTAssertTrue(page.contains("/rank?"))
                XCTAssertTrue(page.contains("/similar?"))
                XCTAssertTrue(page.contains("name=\"viewport\""))
                XCTAssertTrue(page.contains("@media print"))
            }
            XCTAssertNotNil(french.headers.first(name: "content-security-policy"))
        } catch { XCTFail("\(error)") }
        await server.stop()
    }
}
