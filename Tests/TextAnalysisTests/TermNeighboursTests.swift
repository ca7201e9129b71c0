import XCTest
@testable import TextAnalysis

/// Issue 29b: the nearest vocabulary terms of a word by character n-grams within words.
final class TermNeighboursTests: XCTestCase {
    let vocabulary = ["technician", "social", "medicosocial", "accompagnateur", "boulanger", "§skill", "recherch_action", "chef"]

    func testCognatesInflectionsAndCompoundsFindTheirTerm() {
        let index = TermNeighbours(terms: vocabulary) { !$0.hasPrefix("§") && !$0.contains("_") }
        XCTAssertEqual(index.nearest("technicien", count: 1, minimumSimilarity: 0.4).first?.term, 0)
        XCTAssertEqual(index.nearest("medico-social", count: 1, minimumSimilarity: 0.4).first?.term, 2)
        XCTAssertEqual(index.nearest("accompagnatric", count: 1, minimumSimilarity: 0.4).first?.term, 3)
        // A word identical to a term has cosine 1.
        let same = index.nearest("boulanger", count: 3, minimumSimilarity: 0.4)
        XCTAssertEqual(same.first?.term, 4)
        XCTAssertEqual(same.first?.similarity, 1)
    }

    func testThresholdCountAndExcludedTerms() {
        let index = TermNeighbours(terms: vocabulary) { !$0.hasPrefix("§") && !$0.contains("_") }
        // Nothing alike: nothing returned, never a term below the threshold.
        XCTAssertEqual(index.nearest("zzqx", count: 3, minimumSimilarity: 0.4).count, 0)
        let loose = index.nearest("medicosocial", count: 8, minimumSimilarity: 0.1)
        XCTAssertTrue(loose.allSatisfy { $0.similarity >= 0.1 })
        XCTAssertEqual(loose.map(\.term).prefix(2), [2, 1], "medicosocial, then social")
        XCTAssertEqual(index.nearest("medicosocial", count: 1, minimumSimilarity: 0.1).count, 1)
        XCTAssertEqual(index.nearest("medicosocial", count: 0, minimumSimilarity: 0.1).count, 0)
        // Left-out terms (concepts, compounds) are never returned, even when identical.
        XCTAssertTrue(index.nearest("§skill", count: 3, minimumSimilarity: 0.1).allSatisfy { $0.term != 5 })
        XCTAssertTrue(index.nearest("recherch_action", count: 3, minimumSimilarity: 0.1).allSatisfy { $0.term != 6 })
    }

    /// Ties are broken by vocabulary position, so the answer does not depend on hashing order.
    func testTiesGoToTheEarlierTermAndAnswersAreStable() {
        let index = TermNeighbours(terms: ["abcx", "abcy", "abcz"]) { _ in true }
        let near = index.nearest("abc", count: 3, minimumSimilarity: 0.1)
        XCTAssertEqual(near.map(\.term), [0, 1, 2])
        XCTAssertEqual(near[0].similarity, near[1].similarity)
        let again = TermNeighbours(terms: ["abcx", "abcy", "abcz"]) { _ in true }.nearest("abc", count: 3, minimumSimilarity: 0.1)
        XCTAssertEqual(near.map(\.similarity), again.map(\.similarity))
    }
}
