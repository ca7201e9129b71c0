import XCTest
@testable import Passerelle
import PasserelleCore

/// Issue 29d: the extra copies of a text's first line (`Featurizer.firstLineRepeat`) weigh the title in
/// the vector but are not more evidence: the coverage a query reports (`known_terms`, `EvidenceCheck`'s
/// thin-evidence warning, `QueryAcceptance`) and the unseen share of added postings count the text's own
/// terms once. Before, a one-line CV with 4 copies counted five times its words and lost its warning.
final class FeaturizerEvidenceTests: XCTestCase {
    static let repeated = Featurizer(analyzer: WhitespaceAnalyzer(), firstLineRepeat: 4)

    func testCountedFeaturesMarkTheFirstLineCopies() {
        let f = Self.repeated.countedFeatures(of: "musée publics\nateliers")
        XCTAssertEqual(f.features, ["musée", "publics", "ateliers"] + Array(repeating: ["musée", "publics"], count: 4).flatMap { $0 })
        XCTAssertEqual(f.own, 3)
        XCTAssertEqual(Self.repeated.features(of: "musée publics\nateliers"), f.features, "the vector's features are unchanged")
        XCTAssertEqual(Featurizer(analyzer: WhitespaceAnalyzer()).countedFeatures(of: "musée publics\nateliers").own, 3)
    }

    /// A one-line CV of 7 known words: 7 known terms (35 with the copies counted, above
    /// `EvidenceCheck.minKnownTerms`), so it keeps its warning.
    func testAOneLineTextWithItsFirstLineRepeatedIsNotMoreEvidence() throws {
        let model = try TestCorpus.model()
        let matcher = Matcher(model: model, featurizer: Self.repeated)
        let line = "médiation culturelle musée publics ateliers artistes exposition"
        let q = try matcher.fold(line, name: "cv")
        XCTAssertEqual(q.coverage, TermCoverage(total: 7, unseen: 0))
        XCTAssertNotNil(EvidenceCheck.warning(knownTerms: q.coverage.total - q.coverage.unseen, competencies: nil))
        // The vector still counts the title five times: the same as the repeated words written out.
        let written = Array(repeating: line, count: 5).joined(separator: " ")
        XCTAssertEqual(q.tfidf, try Matcher(model: model, featurizer: TestCorpus.featurizer).fold(written, name: "cv").tfidf)
        // An unknown word of the title is one unseen occurrence, not five.
        let u = try matcher.fold("musée publics zzzinconnu\nateliers", name: "cv")
        XCTAssertEqual(u.coverage, TermCoverage(total: 4, unseen: 1))
        // A block fold (batch, eval) counts the same.
        let block = try model.fold([Document(id: "a", title: "", text: line)], featurizer: Self.repeated)
        XCTAssertEqual(block.coverage, [TermCoverage(total: 7, unseen: 0)])
        let given = try model.fold([Document(id: "a", title: "", text: line)], features: [Self.repeated.features(of: line)],
                                   ownFeatureCounts: [Self.repeated.countedFeatures(of: line).own])
        XCTAssertEqual(given.coverage, block.coverage)
        XCTAssertEqual(given.tfidf, block.tfidf)
    }

    /// A short title whose unknown word is replaced by its neighbours (`ShortQueryExpansion`) counts that
    /// word as known once.
    func testAReplacedUnknownWordCountsOnce() throws {
        var settings = TestCorpus.settings()
        settings.shortQueryNeighbours = 3
        let model = try LSAModel.fit(postings: TestCorpus.documents(), featurizer: TestCorpus.featurizer, settings: settings)
        let q = try Matcher(model: model, featurizer: Self.repeated).fold("musées culturelle", name: "title")
        XCTAssertEqual(q.coverage, TermCoverage(total: 2, unseen: 0))
        let plain = try Matcher(model: model, featurizer: TestCorpus.featurizer).fold(
            Array(repeating: "musées culturelle", count: 5).joined(separator: " "), name: "title")
        XCTAssertEqual(q.tfidf, plain.tfidf)
    }

    /// `add`'s unseen share counts an added posting's own terms.
    func testAddedPostingsCountTheirOwnTerms() throws {
        let model = try TestCorpus.model()
        let added = try model.additions(of: [Document(id: "new", title: "", text: "musée zzzinconnu\npublics ateliers")],
                                        featurizer: Self.repeated)
        XCTAssertEqual(added.map(\.termsTotal), [4])
        XCTAssertEqual(added.map(\.termsUnseen), [1])
    }
}
