import Foundation
import XCTest
import DocumentReaders
import Passerelle
import PasserelleApp
import PasserelleTestSupport
import PasserelleCore

/// Issue 29: a job title or a few words is a query (`QueryAcceptance`: one known term), answered by the
/// one query path (`MatchService`, which `rank`, `similar FILE` and `serve` call) and marked as thin
/// evidence: a warning on the query, and no match labelled "strong".
final class ShortQueryTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testAJobTitleRanksWithAThinEvidenceWarningAndNoStrongLabel() throws {
        // The shipped postings fitted once per test process (Tests/PasserelleTestSupport).
        let service = MatchService(loaded: try TestFixtures.fittedModel)

        for title in ["médiateur culturel", "bibliothécaire"] {
            let ranked = try service.rank(cv: Document(id: "title", title: "", text: title), file: nil, options: QueryOptions(top: 5))
            XCTAssertEqual(ranked.matches.count, 5, title)
            XCTAssertNotNil(ranked.json.warning, "\(title): a title is thin evidence")
            XCTAssertFalse(ranked.matches.contains { $0.fit == .strong }, "\(title): never strong on thin evidence")
            XCTAssertLessThan(ranked.json.knownTerms ?? 99, EvidenceCheck.minKnownTerms)
        }
        let mediation = try service.rank(cv: Document(id: "title", title: "", text: "médiateur culturel"), file: nil, options: QueryOptions(top: 3))
        XCTAssertTrue(mediation.matches.contains { $0.match.id.contains("mediat") }, "\(mediation.matches.map(\.match.id))")
        let librarian = try service.rank(cv: Document(id: "title", title: "", text: "bibliothécaire"), file: nil, options: QueryOptions(top: 3))
        XCTAssertTrue(librarian.matches.contains { $0.match.id.contains("biblio") }, "\(librarian.matches.map(\.match.id))")

        // Issue 29b: an unknown word of a title meets its nearest vocabulary terms (character n-grams):
        // a typo'd title ranks like the right one; `info` says so.
        XCTAssertEqual(ModelDescription(model: service.loaded.model, path: service.loaded.path).shortQueryNeighbours, ShortQueryExpansion.defaultNeighbours)
        let typo = try service.rank(cv: Document(id: "title", title: "", text: "médiatteur culturrel"), file: nil, options: QueryOptions(top: 3))
        XCTAssertTrue(typo.matches.contains { $0.match.id.contains("mediat") }, "\(typo.matches.map(\.match.id))")

        // Only a text with no known term is refused, with the one rule's message.
        XCTAssertThrowsError(try service.rank(cv: Document(id: "none", title: "", text: "zzzqx wvvy"), file: nil, options: QueryOptions(top: 3))) { error in
            guard case EngineError.tooLittleText(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("no term the model knows"), why)
        }
    }
}
