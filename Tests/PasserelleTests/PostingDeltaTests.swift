import XCTest
import LinearAlgebra
@testable import Passerelle
import PasserelleCore

/// Adds go to a delta segment (`PostingDelta`) searched beside the base: the base is not copied, and every
/// answer (rank, similar, contributions, term vectors) and the bytes written are those of the model
/// compacted from it — the matrices the single-segment `apply` built before deltas existed.
final class PostingDeltaTests: XCTestCase {
    var dir: URL!
    private var modelDate: FixedModelDate?
    override func setUp() {
        dir = temporaryDirectory()
        modelDate = FixedModelDate()   // model files written a second apart differ by their date
    }
    override func tearDown() {
        modelDate?.restore()
        try? FileManager.default.removeItem(at: dir)
    }

    /// Postings mixing the corpus's topics (so that they rank among the base's), some with a city.
    func newPostings() -> [Document] {
        let words = TestCorpus.topics.flatMap { $0 }
        return (0 ..< 5).map { i in
            let text = (0 ..< 24).map { words[(i * 7 + $0 * (i + 3)) % words.count] }.joined(separator: " ")
            return Document(id: "n\(i)", title: "New \(i)", text: text, lang: "fr", metadata: i % 2 == 0 ? ["city": "Lyon"] : [:])
        }
    }

    /// The term index the single-segment `apply` built: rows by posting, the added ones appended, back by term.
    func expectedTermIndex(_ base: CSRMatrix, adding added: [LoggedPosting], keeping keep: [Int]? = nil) -> CSRMatrix {
        let rows = base.transposed()
        var changed = CSRMatrix.empty(cols: rows.cols)
        for j in keep ?? Array(0 ..< rows.rows) {
            changed.columnIndices += rows.columnIndices[rows.rowPointers[j] ..< rows.rowPointers[j + 1]]
            changed.values += rows.values[rows.rowPointers[j] ..< rows.rowPointers[j + 1]]
            changed.rowPointers.append(changed.values.count); changed.rows += 1
        }
        for p in added {
            changed.columnIndices += p.terms!.indices
            changed.values += p.terms!.values
            changed.rowPointers.append(changed.values.count); changed.rows += 1
        }
        return changed.transposed()
    }

    func bits(_ matches: [Match]) -> [String] { matches.map { "\($0.rank) \($0.id) \($0.index) \($0.score.bitPattern)" } }

    func testAddsJoinADeltaWithoutCopyingTheBaseAndAnswerAsTheCompactedModel() throws {
        let base = try TestCorpus.model()
        XCTAssertNotNil(base.hybridLatentShare, "the test model scores by the hybrid score")
        let additions = try base.additions(of: newPostings(), featurizer: TestCorpus.featurizer)
        var live = base
        try live.apply(additions.prefix(2).map(PostingChange.add))
        try live.apply(additions.suffix(3).map(PostingChange.add))

        // The base segment is the model's before the adds: its vectors not even copied.
        XCTAssertEqual(live.basePostingCount, base.postingCount)
        XCTAssertEqual(live.delta.count, 5)
        XCTAssertEqual(live.postingCount, base.postingCount + 5)
        let shared = base.postingVectors.values.withUnsafeBufferPointer { a in
            live.basePostingVectors.values.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
        }
        XCTAssertTrue(shared, "an add copied the base's posting vectors")
        XCTAssertEqual(live.baseTermIndex, base.termIndex)

        // Seen whole, the matrices the single-segment apply built.
        XCTAssertEqual(live.postingVectors.values, base.postingVectors.values + additions.flatMap(\.vector))
        XCTAssertEqual(live.termIndex, expectedTermIndex(base.termIndex!, adding: additions))

        // Written and read back (a compaction): one segment, the same answers bit for bit.
        let path = dir.appendingPathComponent("m.plm").path
        try ModelFile.write(live, to: path)
        let compacted = try ModelFile.read(from: path)
        XCTAssertEqual(compacted.delta.count, 0)
        XCTAssertEqual(compacted.basePostingCount, live.postingCount)
        let a = Matcher(model: live, featurizer: TestCorpus.featurizer), b = Matcher(model: compacted, featurizer: TestCorpus.featurizer)
        let queries = TestCorpus.topics.map { $0.joined(separator: " ") } + [newPostings()[1].text, "musée api quartier tests données ateliers"]
        let lyon = try PostingFilter(parsing: ["city=Lyon"])
        for (q, text) in queries.enumerated() {
            for count in [1, 3, 7, live.postingCount] {
                for filter in [PostingFilter(), lyon] {
                    let ra = try a.rank(text: text, name: "q\(q)", top: count, filter: filter), rb = try b.rank(text: text, name: "q\(q)", top: count, filter: filter)
                    XCTAssertEqual(bits(ra.1), bits(rb.1), "query \(q), top \(count)")
                    XCTAssertFalse(ra.1.isEmpty)
                }
            }
            let folded = try a.fold(text, name: "q\(q)")
            for j in [0, base.postingCount - 1, base.postingCount, live.postingCount - 1] {
                XCTAssertEqual(a.contributions(of: folded, postingIndex: j).map { "\($0.term) \($0.contribution.bitPattern)" },
                               b.contributions(of: folded, postingIndex: j).map { "\($0.term) \($0.contribution.bitPattern)" }, "posting \(j)")
            }
        }
        // The added postings rank among the base's (the merge of the segments is exercised).
        let all = try a.rank(text: queries[4], name: "q", top: live.postingCount).1
        XCTAssertTrue(all.prefix(5).contains { $0.index >= base.postingCount } && all.prefix(5).contains { $0.index < base.postingCount })
        for id in ["t0-d1", "t2-d5", "n0", "n4"] {
            for filter in [PostingFilter(), lyon] {
                XCTAssertEqual(bits(try a.similar(toPostingID: id, top: 6, filter: filter)), bits(try b.similar(toPostingID: id, top: 6, filter: filter)), id)
            }
        }
        for j in 0 ..< live.postingCount {
            XCTAssertEqual(a.postingTerms(j), b.postingTerms(j), "posting \(j)")
            XCTAssertEqual(live.postingVector(j), compacted.postingVector(j))
        }
        // The same bytes written again, and from the delta merged in memory.
        var merged = live
        merged.mergeDelta()
        XCTAssertEqual(merged.delta.count, 0)
        let again = dir.appendingPathComponent("again.plm").path, fromMerged = dir.appendingPathComponent("merged.plm").path
        try ModelFile.write(compacted, to: again)
        try ModelFile.write(merged, to: fromMerged)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(bytes, try Data(contentsOf: URL(fileURLWithPath: again)))
        XCTAssertEqual(bytes, try Data(contentsOf: URL(fileURLWithPath: fromMerged)))
    }

    /// A model prepared for repeated queries (the server's: the base scanned through its 16-bit copy)
    /// answers rank and similar with the same bits as the float scan, before and after adds; the copy
    /// survives adds (the base is unchanged), is dropped when the base changes, is made only for a base
    /// worth it, and never reaches the model file.
    func testAPreparedModelAnswersAsTheFloatScanAndItsCopyFollowsTheBase() throws {
        let base = try TestCorpus.model()
        var defaultPrepared = base
        defaultPrepared.prepareForRepeatedQueries()
        XCTAssertNil(defaultPrepared.quantizedBase, "a base of \(base.postingCount) postings fits in the caches: no copy")
        var prepared = base
        prepared.prepareForRepeatedQueries(minimumPostings: 1)
        XCTAssertNotNil(prepared.quantizedBase)
        XCTAssertEqual(prepared.scoringSegments.first?.quantized?.count, base.postingCount)
        let additions = try base.additions(of: newPostings(), featurizer: TestCorpus.featurizer)
        var live = base, preparedLive = prepared
        try live.apply(additions.map(PostingChange.add))
        try preparedLive.apply(additions.map(PostingChange.add))
        XCTAssertNotNil(preparedLive.quantizedBase, "an add does not change the base: its copy is kept")
        XCTAssertEqual(preparedLive.scoringSegments.map { $0.quantized != nil }, [true] + Array(repeating: false, count: preparedLive.delta.segments.count))
        let queries = TestCorpus.topics.map { $0.joined(separator: " ") } + [newPostings()[2].text, "musée api quartier tests données ateliers"]
        let lyon = try PostingFilter(parsing: ["city=Lyon"])
        for (plain, fast) in [(base, prepared), (live, preparedLive)] {
            let a = Matcher(model: plain, featurizer: TestCorpus.featurizer), b = Matcher(model: fast, featurizer: TestCorpus.featurizer)
            for (q, text) in queries.enumerated() {
                for count in [1, 4, plain.postingCount] {
                    for filter in [PostingFilter(), lyon] {
                        let ra = try a.rank(text: text, name: "q\(q)", top: count, filter: filter), rb = try b.rank(text: text, name: "q\(q)", top: count, filter: filter)
                        XCTAssertEqual(bits(rb.1), bits(ra.1), "query \(q), top \(count)")
                    }
                }
            }
            for id in ["t0-d1", "t2-d5", "t1-d0"] {
                XCTAssertEqual(bits(try b.similar(toPostingID: id, top: 6, filter: PostingFilter())), bits(try a.similar(toPostingID: id, top: 6, filter: PostingFilter())), id)
            }
        }
        let plainPath = dir.appendingPathComponent("plain.plm").path, preparedPath = dir.appendingPathComponent("prepared.plm").path
        try ModelFile.write(live, to: plainPath)
        try ModelFile.write(preparedLive, to: preparedPath)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: preparedPath)), try Data(contentsOf: URL(fileURLWithPath: plainPath)))
        XCTAssertNil(try ModelFile.read(from: preparedPath).quantizedBase)
        preparedLive.mergeDelta()
        XCTAssertNil(preparedLive.quantizedBase, "a merged base is a new base: the old copy must not score it")
        preparedLive.prepareForRepeatedQueries(minimumPostings: 1)
        XCTAssertEqual(preparedLive.quantizedBase?.count, live.postingCount)
    }

    func testARemovalAfterAddsMergesTheSegmentsAsTheSingleSegmentApplyDid() throws {
        let base = try TestCorpus.model()
        let additions = try base.additions(of: newPostings(), featurizer: TestCorpus.featurizer)
        var live = base
        try live.apply(additions.map(PostingChange.add))
        // A base posting and an added one removed, and one more added in the same changes.
        let extra = try base.additions(of: [Document(id: "x", title: "X", text: "musée publics api serveur", lang: "fr")], featurizer: TestCorpus.featurizer)
        try live.apply([.remove(id: "t1-d2"), .remove(id: "n3"), .add(extra[0])])
        XCTAssertEqual(live.delta.count, 0)
        let removedBase = base.postingIndex(id: "t1-d2")!
        var expectedIDs = base.postings.ids.filter { $0 != "t1-d2" }
        expectedIDs += ["n0", "n1", "n2", "n4", "x"]
        XCTAssertEqual(live.postings.ids, expectedIDs)
        let keep = (0 ..< base.postingCount + 5).filter { $0 != removedBase && $0 != base.postingCount + 3 }
        var full = base
        full.mergeDelta()
        let allAdded = additions + extra
        let everything = base.postingVectors.values + additions.flatMap(\.vector)
        let k = base.dimensions
        XCTAssertEqual(live.postingVectors.values, keep.flatMap { Array(everything[($0 * k) ..< (($0 + 1) * k)]) } + extra[0].vector)
        let withAll = expectedTermIndex(base.termIndex!, adding: Array(allAdded.prefix(5)))
        XCTAssertEqual(live.termIndex, expectedTermIndex(withAll, adding: [extra[0]], keeping: keep))
        // Adds after the merge start a new delta over the merged base.
        try live.apply([.add(try live.additions(of: [Document(id: "y", title: "Y", text: "habitants quartier api", lang: "fr")], featurizer: TestCorpus.featurizer)[0])])
        XCTAssertEqual(live.delta.count, 1)
        XCTAssertEqual(live.basePostingCount, expectedIDs.count)
    }

    /// Adds one at a time (as a server gets them) make a segment each, merged like a binary counter: at
    /// most ⌊log₂ d⌋ + 1 segments of strictly decreasing sizes, the older ones not copied by a later add,
    /// and every answer the compacted model's, bit for bit, whatever the segmentation.
    func testAddsOneAtATimeStayInLogarithmicallyManySegmentsAndAnswerAsTheCompactedModel() throws {
        let base = try TestCorpus.model()
        let words = TestCorpus.topics.flatMap { $0 }
        let documents = (0 ..< 11).map { i in
            Document(id: "s\(i)", title: "Seg \(i)", text: (0 ..< 18).map { words[(i * 5 + $0 * (i + 2)) % words.count] }.joined(separator: " "), lang: "fr")
        }
        let additions = try base.additions(of: documents, featurizer: TestCorpus.featurizer)
        var live = base
        var sizes = [[Int]]()
        for a in additions {
            let oldest = live.delta.segments.first
            try live.apply([.add(a)])
            sizes.append(live.delta.segments.map(\.count))
            // The oldest segment, when this add did not merge it, keeps its storage (snapshots share it).
            if let oldest, let now = live.delta.segments.first, now.count == oldest.count {
                let same = oldest.vectors.withUnsafeBufferPointer { a in now.vectors.withUnsafeBufferPointer { $0.baseAddress == a.baseAddress } }
                XCTAssertTrue(same, "an add copied an older segment")
            }
        }
        XCTAssertEqual(sizes, [[1], [2], [2, 1], [4], [4, 1], [4, 2], [4, 2, 1], [8], [8, 1], [8, 2], [8, 2, 1]])
        XCTAssertEqual(live.postingVectors.values, base.postingVectors.values + additions.flatMap(\.vector))
        XCTAssertEqual(live.termIndex, expectedTermIndex(base.termIndex!, adding: additions))

        let path = dir.appendingPathComponent("seg.plm").path
        try ModelFile.write(live, to: path)
        let compacted = try ModelFile.read(from: path)
        let a = Matcher(model: live, featurizer: TestCorpus.featurizer), b = Matcher(model: compacted, featurizer: TestCorpus.featurizer)
        for (q, text) in (TestCorpus.topics.map { $0.joined(separator: " ") } + [documents[9].text]).enumerated() {
            for count in [1, 4, live.postingCount] {
                XCTAssertEqual(bits(try a.rank(text: text, name: "q\(q)", top: count).1), bits(try b.rank(text: text, name: "q\(q)", top: count).1), "query \(q), top \(count)")
            }
            let folded = try a.fold(text, name: "q\(q)")
            for j in base.postingCount ..< live.postingCount {
                XCTAssertEqual(a.contributions(of: folded, postingIndex: j).map { "\($0.term) \($0.contribution.bitPattern)" },
                               b.contributions(of: folded, postingIndex: j).map { "\($0.term) \($0.contribution.bitPattern)" }, "posting \(j)")
            }
        }
        for j in 0 ..< live.postingCount {
            XCTAssertEqual(a.postingTerms(j), b.postingTerms(j), "posting \(j)")
            XCTAssertEqual(live.postingVector(j), compacted.postingVector(j))
        }
        for id in ["s0", "s7", "s10", "t1-d2"] {
            XCTAssertEqual(bits(try a.similar(toPostingID: id, top: 5)), bits(try b.similar(toPostingID: id, top: 5)), id)
        }
    }
}
