import XCTest
import LinearAlgebra
import Synchronization
@testable import Passerelle
import PasserelleCore

final class LSAModelTests: XCTestCase {
    func testPostingVectorsAreUnitLengthAndTopicsCluster() throws {
        let model = try TestCorpus.model(dims: 3)
        XCTAssertEqual(model.dimensions, 3)
        XCTAssertEqual(model.postingVectors.rows, 3)
        XCTAssertEqual(model.postingVectors.cols, 18)
        for j in 0..<model.postingCount {
            XCTAssertEqual(VectorOps.norm(model.postingVectors.column(j)), 1, accuracy: 1e-4)
        }
        // Every posting's nearest neighbour shares its topic.
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        for id in model.postings.ids {
            let best = try matcher.similar(toPostingID: id, top: 1)[0]
            XCTAssertEqual(best.id.prefix(2), id.prefix(2), "nearest of \(id) is \(best.id)")
            XCTAssertNotEqual(best.id, id)
        }
    }

    /// `index`'s progress inside the analysis: every document counted once, the end reported, about every
    /// 1%, and the model the same bits with or without it.
    func testFitReportsAnalysisProgressAndTheModelDoesNotDependOnIt() throws {
        let documents = TestCorpus.documents(perTopic: 350)
        let calls = Mutex<[Int]>([])
        let watched = try LSAModel.fit(postings: documents, featurizer: TestCorpus.featurizer, settings: TestCorpus.settings(dims: 3),
                                       progress: { done, total in
                                           XCTAssertEqual(total, documents.count)
                                           calls.withLock { $0.append(done) }
                                       })
        let seen = calls.withLock { $0 }
        XCTAssertTrue(seen.contains(documents.count), "the end is reported")
        XCTAssertEqual(Set(seen).count, seen.count, "each count reported once")
        XCTAssertTrue(seen.allSatisfy { $0 >= 1 && $0 <= documents.count })
        // Every ⌊n / 100⌋-th count, and the last: between 100 and 200 calls whatever n ≥ 100.
        let step = documents.count / 100
        XCTAssertEqual(seen.count, documents.count / step + (documents.count % step == 0 ? 0 : 1))
        let plain = try LSAModel.fit(postings: documents, featurizer: TestCorpus.featurizer, settings: TestCorpus.settings(dims: 3))
        XCTAssertEqual(watched.postingVectors.values, plain.postingVectors.values)
        XCTAssertEqual(watched.basis.values, plain.basis.values)
    }

    /// Posting texts spooled to a file (`spoolFolder`, what `passerelle index` does for bounded memory): the
    /// same model file bytes as texts held in memory, the texts read back from the spool, and no file left
    /// in the folder (the spool is unlinked as soon as it is made). Without stored texts too; and where the spool
    /// cannot be written, the texts held in memory instead.
    func testSpooledTextsGiveTheSameModelAndLeaveNoFile() throws {
        setenv("SOURCE_DATE_EPOCH", "1700000000", 1)
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        let folder = temporaryDirectory()
        for stores in [true, false] {
            var settings = TestCorpus.settings()
            settings.storesPostingText = stores
            let held = try LSAModel.fit(postings: TestCorpus.documents(), featurizer: TestCorpus.featurizer, settings: settings)
            let spooled = try LSAModel.fit(postings: TestCorpus.documents(), featurizer: TestCorpus.featurizer, settings: settings,
                                           spoolFolder: folder.path)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "the spool file is unlinked at once")
            XCTAssertEqual(spooled.postings.text(at: 4), stores ? TestCorpus.documents()[4].text : nil)
            XCTAssertEqual(try ModelFile.encode(spooled), try ModelFile.encode(held), "stores texts: \(stores)")
        }
        // A folder the spool cannot be written in (missing here; read-only or full in use): the texts stay in
        // memory and the model is the same — the model's own write then reports the folder in its words
        // (FaultTests: a read-only folder says "permission denied" and names it; a full disk names the model).
        let held = try LSAModel.fit(postings: TestCorpus.documents(), featurizer: TestCorpus.featurizer, settings: TestCorpus.settings())
        let fallback = try LSAModel.fit(postings: TestCorpus.documents(), featurizer: TestCorpus.featurizer, settings: TestCorpus.settings(),
                                        spoolFolder: folder.appendingPathComponent("missing").path)
        XCTAssertEqual(try ModelFile.encode(fallback), try ModelFile.encode(held))
        XCTAssertEqual(fallback.postings.text(at: 4), TestCorpus.documents()[4].text)
    }

    /// Postings collected one at a time (`PostingCollector`: what `passerelle index` does as its reader parses
    /// them, issue 27): the same model file bytes as the documents given in an array, texts spooled or in
    /// memory; a duplicate id in the middle is refused as it comes and nothing of it is kept; no spool file is
    /// left in the folder; no posting at all is an empty corpus.
    func testPostingsCollectedOneAtATimeGiveTheSameModelAsAnArray() throws {
        setenv("SOURCE_DATE_EPOCH", "1700000000", 1)
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        let folder = temporaryDirectory()
        let documents = TestCorpus.documents()
        let held = try ModelFile.encode(try LSAModel.fit(postings: documents, featurizer: TestCorpus.featurizer, settings: TestCorpus.settings()))
        for spool in [nil, folder.path] {
            var collected = PostingCollector(spoolFolder: spool)
            for (i, d) in documents.enumerated() {
                try collected.add(d)
                if i == 6 {
                    XCTAssertThrowsError(try collected.add(Document(id: documents[2].id, title: "Autre", text: "Un autre texte, d'autres mots."))) {
                        XCTAssertEqual($0 as? EngineError, .duplicateID(documents[2].id))
                    }
                }
            }
            XCTAssertEqual(collected.count, documents.count)
            XCTAssertEqual(collected.spoolsTexts, spool != nil)
            let model = try LSAModel.fit(collected: collected, featurizer: TestCorpus.featurizer, settings: TestCorpus.settings())
            XCTAssertEqual(model.postings.text(at: 2), documents[2].text)
            XCTAssertEqual(try ModelFile.encode(model), held, "spooled: \(spool != nil)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "the spool file is unlinked at once")
        XCTAssertThrowsError(try LSAModel.fit(collected: PostingCollector(spoolFolder: folder.path), featurizer: TestCorpus.featurizer,
                                              settings: TestCorpus.settings())) {
            XCTAssertEqual($0 as? EngineError, .emptyCorpus("no postings to index"))
        }
    }

    func testDimensionsAreClippedToTheCorpusRank() throws {
        let model = try TestCorpus.model(dims: 500)
        XCTAssertLessThanOrEqual(model.dimensions, 18)
        XCTAssertEqual(model.singularValues.count, model.dimensions)
        XCTAssertEqual(model.explainedVarianceRatio.reduce(0, +), 1, accuracy: 1e-3)
    }

    func testFoldingInAPostingsOwnTextGivesItsVector() throws {
        let docs = TestCorpus.documents()
        let model = try TestCorpus.model(dims: 3)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        for (j, d) in docs.enumerated() {
            let q = try matcher.fold(d.text, name: d.id)
            XCTAssertEqual(VectorOps.dot(q.unit, model.postingVectors.column(j)), 1, accuracy: 1e-4)
        }
    }

    func testFitIsReproducibleForASeed() throws {
        let a = try TestCorpus.model(dims: 3), b = try TestCorpus.model(dims: 3)
        XCTAssertEqual(a.postingVectors, b.postingVectors)
        XCTAssertEqual(a.basis, b.basis)
    }

    func testDuplicateIDsAndEmptyCorpusAreRejected() {
        var docs = TestCorpus.documents()
        docs.append(docs[0])
        XCTAssertThrowsError(try LSAModel.fit(postings: docs, featurizer: TestCorpus.featurizer, settings: TestCorpus.settings())) { error in
            XCTAssertEqual(error as? EngineError, .duplicateID("t0-d0"))
        }
        XCTAssertThrowsError(try LSAModel.fit(postings: [], featurizer: TestCorpus.featurizer, settings: TestCorpus.settings()))
        let blank = [Document(id: "x", title: "x", text: "  ;; ")]
        XCTAssertThrowsError(try LSAModel.fit(postings: blank, featurizer: TestCorpus.featurizer, settings: TestCorpus.settings()))
    }

    func testAddFoldsPostingsInWithAFrozenVocabularyAndRemoveTakesThemOut() throws {
        var model = try TestCorpus.model(dims: 3)
        let vocabulary = model.vectorizer.terms
        let new = Document(id: "new-museum", title: "Musée", text: "médiation culturelle musée publics expositions inédites ateliers", lang: "fr")
        try model.add([new], featurizer: TestCorpus.featurizer)
        XCTAssertEqual(model.postingCount, 19)
        XCTAssertEqual(model.vectorizer.terms, vocabulary)
        XCTAssertEqual(model.foldIn.postingsAdded, 1)
        XCTAssertEqual(model.foldIn.termsTotal, 7)
        XCTAssertEqual(model.foldIn.termsUnseen, 2)   // "expositions" and "inédites" are unknown
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        XCTAssertEqual(try matcher.similar(toPostingID: "new-museum", top: 1)[0].id.prefix(2), "t0")
        XCTAssertThrowsError(try model.add([new], featurizer: TestCorpus.featurizer)) { error in
            XCTAssertEqual(error as? EngineError, .duplicateID("new-museum"))
        }

        try model.remove(ids: ["new-museum", "t1-d0"])
        XCTAssertEqual(model.postingCount, 17)
        XCTAssertNil(model.postingIndex(id: "t1-d0"))
        XCTAssertEqual(model.postingVectors.cols, 17)
        let j = try XCTUnwrap(model.postingIndex(id: "t1-d1"))
        XCTAssertEqual(model.postings.ids[j], "t1-d1")
        XCTAssertThrowsError(try model.remove(ids: ["t2-d0", "nope"])) { error in
            XCTAssertEqual(error as? EngineError, .unknownID("nope"))
        }
        XCTAssertNotNil(model.postingIndex(id: "t2-d0"), "a failed remove changes nothing")
    }
}
