import XCTest
import LinearAlgebra
@testable import Passerelle
import PasserelleCore

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

    /// A key no posting has is an error with the nearest keys and the list (it would silently keep nothing:
    /// `--where lieu~montreal` printed "(no match)" and exited 0); French names of the usual keys are taken
    /// when the model has no key of that name; a date comparison wants an ISO date.
    func testKeysAreCheckedAgainstTheModelsKeys() throws {
        let keys = ["id", "lang", "location", "organization", "title"]
        XCTAssertThrowsError(try PostingFilter(parsing: ["locaton~montreal"]).checked(against: keys)) { error in
            let e = error as? PostingFilter.FilterError
            XCTAssertEqual(e?.suggestions, ["location"])
            XCTAssertEqual(e?.description, "--where locaton~montreal: no posting of this model has the key 'locaton'; did you mean 'location'? keys: id, lang, location, organization, title")
            XCTAssertEqual(e?.french, "--where locaton~montreal : aucune offre de ce modèle n’a la clé « locaton » ; vouliez-vous dire « location » ? clés : id, lang, location, organization, title")
        }
        XCTAssertThrowsError(try PostingFilter(parsing: ["contract=CDI"]).checked(against: keys)) { error in
            XCTAssertEqual((error as? PostingFilter.FilterError)?.suggestions, [])
            XCTAssertTrue("\(error)".hasSuffix("keys: id, lang, location, organization, title"), "\(error)")
        }
        // French aliases.
        let resolved = try PostingFilter(parsing: ["lieu~montreal", "employeur~ville"]).checked(against: keys)
        XCTAssertEqual(resolved.conditions.map(\.key), ["location", "organization"])
        XCTAssertTrue(resolved.allows(record(["location": "Montréal", "organization": "Ville de Montréal"])))
        // A model with a key of that very name keeps it.
        XCTAssertEqual(try PostingFilter(parsing: ["lieu~x"]).checked(against: ["lieu", "location"]).conditions.map(\.key), ["lieu"])
        // Dates.
        let dated = keys + ["date"]
        for good in ["date>=2026-11-01", "date<=2026-11", "date>=2026", "date~2026-11"] {
            XCTAssertNoThrow(try PostingFilter(parsing: [good]).checked(against: dated), good)
        }
        for bad in ["date>=novembre", "date<=1/11/2026", "date>=2026-1-5"] {
            XCTAssertThrowsError(try PostingFilter(parsing: [bad]).checked(against: dated), bad) { error in
                XCTAssertTrue("\(error)".contains("YYYY-MM-DD"), "\(error)")
            }
        }
        XCTAssertTrue(try PostingFilter(parsing: ["date>=2026-11-01"]).checked(against: dated).allows(record(["date": "2026-11-04"])))
        XCTAssertFalse(try PostingFilter(parsing: ["date>=2026-11-01"]).checked(against: dated).allows(record(["date": "2026-10-20"])))
    }

    func testTheKeysOfAStoreAreTheBuiltInOnesAndEveryMetadataKey() {
        let store = PostingStore(documents: [
            Document(id: "a", title: "A", text: "x", metadata: ["Location": "Lyon"]),
            Document(id: "b", title: "B", text: "y", metadata: ["contract": "CDI", "date": "2026-11-01"]),
        ], storeText: false)
        XCTAssertEqual(PostingFilter.keys(of: store), ["contract", "date", "id", "lang", "location", "title"])
    }
}
