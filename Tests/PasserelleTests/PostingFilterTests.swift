import XCTest
import LinearAlgebra
@testable import Passerelle

final class PostingFilterTests: XCTestCase {
    func record(_ metadata: [String: String], id: String = "p1", title: String = "Médiateur·rice culturel·le") -> PostingRecord {
        PostingRecord(id: id, title: title, lang: "fr", metadata: metadata)
    }

    func testConditionsCompareWithoutCaseOrAccentsAndAllMustHold() throws {
        let montreal = record(["location": "Montréal, Québec, Canada", "contract": "CDI", "date": "2026-02-10"])
        XCTAssertTrue(try PostingFilter(parsing: ["location~montreal"]).allows(montreal))
        XCTAssertTrue(try PostingFilter(parsing: ["Location ~ QUÉBEC", "contract=cdi"]).allows(montreal))
        XCTAssertFalse(try PostingFilter(parsing: ["location~Montréal", "contract=CDD"]).allows(montreal))
        XCTAssertTrue(try PostingFilter(parsing: ["date>=2026-01-01"]).allows(montreal))
        XCTAssertFalse(try PostingFilter(parsing: ["date>=2026-03-01"]).allows(montreal))
        XCTAssertTrue(try PostingFilter(parsing: ["date<=2026-03-01", "title~mediateur"]).allows(montreal))
        XCTAssertFalse(try PostingFilter(parsing: ["salary~50"]).allows(montreal), "a posting without the key fails the condition")
        XCTAssertTrue(PostingFilter().allows(montreal))
        for bad in ["location", "~Montréal", "location~", "lo cation~x"] {
            XCTAssertThrowsError(try PostingFilter(parsing: [bad]), bad) { error in
                XCTAssertTrue("\(error)".contains("KEY~TEXT"), "\(error)")
            }
        }
    }

    /// With a filter, the top N is the top N of the postings that pass: the same as ranking the unfiltered
    /// list and keeping those that pass, never fewer when enough pass.
    func testTheTopNIsTheTopNOfWhatPasses() throws {
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        let filter = try PostingFilter(parsing: ["id~t1-"])
        let query = try matcher.fold(TestCorpus.topics[0].joined(separator: " "), name: "q")
        let all = matcher.top(for: query, count: model.postingCount)
        let filtered = matcher.top(for: query, count: 5, filter: filter)
        XCTAssertEqual(filtered.map(\.id), Array(all.filter { $0.id.hasPrefix("t1-") }.prefix(5)).map(\.id))
        XCTAssertEqual(filtered.map(\.score), Array(all.filter { $0.id.hasPrefix("t1-") }.prefix(5)).map(\.score))
        XCTAssertEqual(filtered.map(\.rank), Array(1 ... filtered.count))
        XCTAssertTrue(filtered.allSatisfy { $0.id.hasPrefix("t1-") })
        XCTAssertEqual(matcher.top(for: query, count: 5, filter: try PostingFilter(parsing: ["id=nothing"])), [])
    }
}
