import XCTest
import LinearAlgebra
@testable import Passerelle

final class TFIDFVectorizerTests: XCTestCase {
    let docs = [["a", "b", "b"], ["b", "c"], ["a", "a", "a", "d"]]

    func fit(_ settings: TFIDFSettings = TFIDFSettings()) throws -> (TFIDFVectorizer, CSRMatrix) {
        let docs = self.docs
        return try TFIDFVectorizer.fit(count: docs.count, settings: settings) { docs[$0] }
    }

    func testIDFAndWeightsMatchHandComputedValues() throws {
        let (v, m) = try fit()
        XCTAssertEqual(v.terms, ["a", "b", "c", "d"])
        // idf = ln((1 + n) / (1 + df)) + 1 with n = 3.
        let expectedIDF: [Float] = [log(4 / 3) + 1, log(4 / 3) + 1, log(4 / 2) + 1, log(4 / 2) + 1]
        for (x, y) in zip(v.idf, expectedIDF) { XCTAssertEqual(x, y, accuracy: 1e-6) }
        XCTAssertEqual(v.documentFrequency, [2, 2, 1, 1])
        // Document 0: tf(a) = 1, tf(b) = 1 + ln 2; weights tf·idf then L2-normalized.
        let wa = Float(1) * expectedIDF[0], wb = (1 + log(Float(2))) * expectedIDF[1]
        let norm = (wa * wa + wb * wb).squareRoot()
        let dense = m.dense()
        XCTAssertEqual(dense[0, 0], wa / norm, accuracy: 1e-6)
        XCTAssertEqual(dense[0, 1], wb / norm, accuracy: 1e-6)
        XCTAssertEqual(dense[0, 2], 0)
        // Document 2: a three times (1 + ln 3), d once.
        let wa2 = (1 + log(Float(3))) * expectedIDF[0], wd = expectedIDF[3]
        let n2 = (wa2 * wa2 + wd * wd).squareRoot()
        XCTAssertEqual(dense[2, 0], wa2 / n2, accuracy: 1e-6)
        XCTAssertEqual(dense[2, 3], wd / n2, accuracy: 1e-6)
        for r in 0..<3 {
            let rowNorm = (0..<4).map { dense[r, $0] * dense[r, $0] }.reduce(0, +)
            XCTAssertEqual(rowNorm, 1, accuracy: 1e-5)
        }
    }

    func testRawTermFrequencyWhenSublinearIsOff() throws {
        let (v, m) = try fit(TFIDFSettings(sublinearTF: false))
        let dense = m.dense()
        let wa = Float(1) * v.idf[0], wb = Float(2) * v.idf[1]
        XCTAssertEqual(dense[0, 1] / dense[0, 0], wb / wa, accuracy: 1e-5)
    }

    func testMinAndMaxDocumentFrequencyFilter() throws {
        XCTAssertEqual(try fit(TFIDFSettings(minDF: 2)).0.terms, ["a", "b"])
        // max-df 0.5 of 3 documents keeps terms in at most 1.5 documents.
        XCTAssertEqual(try fit(TFIDFSettings(maxDF: 0.5)).0.terms, ["c", "d"])
        XCTAssertThrowsError(try fit(TFIDFSettings(minDF: 3))) { error in
            guard case EngineError.emptyCorpus = error else { return XCTFail("\(error)") }
        }
        // A setting out of range is not an empty corpus.
        XCTAssertThrowsError(try fit(TFIDFSettings(minDF: 0))) { error in
            guard case EngineError.invalidSettings = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try fit(TFIDFSettings(maxDF: 1.5))) { error in
            guard case EngineError.invalidSettings = error else { return XCTFail("\(error)") }
        }
    }

    func testTransformCountsUnseenTermsAndMatchesFit() throws {
        let (v, m) = try fit()
        let (x, coverage) = v.transform(["a", "b", "b", "zzz"])
        XCTAssertEqual(coverage, TermCoverage(total: 4, unseen: 1))
        XCTAssertEqual(x.indices, [0, 1])
        let dense = m.dense()
        XCTAssertEqual(x.values[0], dense[0, 0], accuracy: 1e-6)
        XCTAssertEqual(x.values[1], dense[0, 1], accuracy: 1e-6)
        XCTAssertTrue(v.transform(["nothing", "known"]).vector.isEmpty)
    }

    func testFitIsDeterministicWhateverTheChunking() throws {
        let many = (0..<200).map { i in (0..<20).map { "w\((i * 7 + $0 * 13) % 97)" } }
        let (v1, m1) = try TFIDFVectorizer.fit(count: many.count, settings: TFIDFSettings()) { many[$0] }
        let (v2, m2) = try TFIDFVectorizer.fit(count: many.count, settings: TFIDFSettings()) { many[$0] }
        XCTAssertEqual(v1.terms, v2.terms)
        XCTAssertEqual(m1, m2)
        XCTAssertEqual(v1.terms, v1.terms.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    func testEmptyCorpusAndBadSettingsAreErrors() {
        XCTAssertThrowsError(try TFIDFVectorizer.fit(count: 0, settings: TFIDFSettings()) { _ in [] })
        XCTAssertThrowsError(try TFIDFVectorizer.fit(count: 1, settings: TFIDFSettings(maxDF: 0)) { _ in ["a"] })
        XCTAssertThrowsError(try TFIDFVectorizer.fit(count: 2, settings: TFIDFSettings()) { _ in [] })
    }
}

final class ConceptBlockTests: XCTestCase {
    let docs = [["a", "b", "§x", "§x", "§y"], ["a", "c"], ["b", "c", "§y"]]

    func fit(_ settings: TFIDFSettings) throws -> (TFIDFVectorizer, CSRMatrix) {
        let docs = self.docs
        return try TFIDFVectorizer.fit(count: docs.count, settings: settings) { docs[$0] }
    }

    /// Squared norm of the concept block of row r.
    func conceptMass(_ v: TFIDFVectorizer, _ m: CSRMatrix, row r: Int) -> Float {
        (m.rowPointers[r]..<m.rowPointers[r + 1]).reduce(Float(0)) { sum, i in
            v.isConcept[Int(m.columnIndices[i])] ? sum + m.values[i] * m.values[i] : sum
        }
    }

    func testFixedShareGivesTheConceptBlockExactlyItsShare() throws {
        let (v, m) = try fit(TFIDFSettings(conceptShare: 0.3))
        XCTAssertEqual(v.isConcept, [false, false, false, true, true])   // a, b, c, §x, §y
        XCTAssertEqual(conceptMass(v, m, row: 0), 0.3, accuracy: 1e-5)
        XCTAssertEqual(conceptMass(v, m, row: 2), 0.3, accuracy: 1e-5)
        XCTAssertEqual(conceptMass(v, m, row: 1), 0)   // no concept: the terms keep the whole norm
        for r in 0..<3 {
            let total = (m.rowPointers[r]..<m.rowPointers[r + 1]).reduce(Float(0)) { $0 + m.values[$1] * m.values[$1] }
            XCTAssertEqual(total, 1, accuracy: 1e-5)
        }
    }

    func testSaturationScalesTheShareWithTheEvidence() throws {
        let settings = TFIDFSettings(conceptShare: 0.5, conceptSaturation: 4)
        XCTAssertEqual(settings.effectiveConceptShare(occurrences: 0), 0)
        XCTAssertEqual(settings.effectiveConceptShare(occurrences: 4), 0.5 * (1 - exp(-1)), accuracy: 1e-6)
        XCTAssertGreaterThan(settings.effectiveConceptShare(occurrences: 40), 0.49)
        let (v, m) = try fit(settings)
        XCTAssertEqual(conceptMass(v, m, row: 0), settings.effectiveConceptShare(occurrences: 3), accuracy: 1e-5)
        XCTAssertEqual(conceptMass(v, m, row: 2), settings.effectiveConceptShare(occurrences: 1), accuracy: 1e-5)
        // transform follows the same rule as fit.
        let (x, _) = v.transform(docs[0])
        let mass = zip(x.indices, x.values).reduce(Float(0)) { v.isConcept[Int($1.0)] ? $0 + $1.1 * $1.1 : $0 }
        XCTAssertEqual(mass, conceptMass(v, m, row: 0), accuracy: 1e-5)
    }
}
