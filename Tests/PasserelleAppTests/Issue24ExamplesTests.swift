import XCTest
import Foundation
import Passerelle
import PasserelleApp
import PasserelleCore
import PasserelleTestSupport

/// Issue 24's "done when": every example of its "Why" has a test, rephrased. This file holds the examples only a ranking
/// shows (a model of the shipped postings, `TestFixtures.indexedService`, as `rank` uses it): the fit label a CV out of the
/// field gets, and the missing list a report shows. CVs written anew for this file.
final class Issue24ExamplesTests: XCTestCase {
    /// Kind 7, fit labels: a lorry driver is no candidate for the shipped backend developer posting (whose routing words once
    /// met a driver's through lexicon noise, and which asks few of the taxonomy's competencies, so that only the score decides).
    func testALorryDriverIsWeakForABackendDeveloperPost() throws {
        let service = try TestFixtures.indexedService
        let cv = Document(id: "driver", title: "", text: """
        Conducteur routier longue distance depuis 2009.
        Tournées de livraison entre Montréal et Toronto, planification des itinéraires, chargement et arrimage des palettes.
        Transport sous température dirigée pour la grande distribution. Permis classe 1.
        Langues : français (langue maternelle), anglais courant.
        """)
        var options = QueryOptions(top: 1)
        options.filter = try PostingFilter(parsing: ["id=en-backend-developer-montreal"])
        let result = try service.rank(cv: cv, file: nil, options: options)
        let row = try XCTUnwrap(result.matches.first)
        XCTAssertEqual(row.match.id, "en-backend-developer-montreal")
        XCTAssertEqual(row.fit, .weak, "score \(row.match.score)")
    }

    /// Kind 8, lists: a report shows at most `MissingList.shownByDefault` missing items, counts the others, and shows them all
    /// when asked (`--all`).
    func testAtMostFiveMissingItemsUnlessAllAreAsked() throws {
        let service = try TestFixtures.indexedService
        let cv = Document(id: "short", title: "", text: "Chargée d'accueil dans une médiathèque de quartier depuis 2019. Accueil du public et prêt de documents.")
        let shown = try service.rank(cv: cv, file: nil, options: QueryOptions(top: 20))
        let all = try service.rank(cv: cv, file: nil, options: QueryOptions(top: 20, allMissing: true))
        XCTAssertEqual(shown.matches.map(\.match.id), all.matches.map(\.match.id))
        var capped = 0
        for (s, a) in zip(shown.matches, all.matches) {
            XCTAssertLessThanOrEqual(s.explanation.missing.count, MissingList.shownByDefault, s.match.id)
            XCTAssertEqual(s.explanation.missing, Array(a.explanation.missing.prefix(MissingList.shownByDefault)), "the most important first")
            let hidden = a.explanation.missing.count - s.explanation.missing.count
            XCTAssertEqual(s.json.competencies?.missingNotShown, hidden > 0 ? hidden : nil, s.match.id)
            XCTAssertNil(a.json.competencies?.missingNotShown)
            if hidden > 0 { capped += 1 }
        }
        XCTAssertGreaterThan(capped, 0, "some posting asks more than five competencies the CV does not show")
    }
}
