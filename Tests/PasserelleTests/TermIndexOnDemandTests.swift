import XCTest
import LinearAlgebra
@testable import Passerelle
import PasserelleCore

/// A model opened for one query (`ModelFile.TermIndexReading.onDemand`): its term index stays in the file
/// and the query's rows are read and checked alone (`TermIndexOnDemand`, section `TIDR`). The answers are
/// the whole model's, bit for bit; a damaged row that is read is a checksum mismatch naming the file; what
/// needs the whole index reads it whole.
final class TermIndexOnDemandTests: XCTestCase {
    static let queries = ["médiation musée ateliers publics", "concertation habitants quartier démocratie assemblée",
                          "api serveur", "musée", "backend données tests déploiement médiation"]

    func written() throws -> (model: LSAModel, path: String) {
        var model = try TestCorpus.model(dims: 3)
        try model.add([Document(id: "extra", title: "Extra", text: "musée publics ateliers quartier", metadata: ["city": "Lyon"])],
                      featurizer: TestCorpus.featurizer)
        let path = temporaryDirectory().appendingPathComponent("m.plm").path
        try ModelFile.write(model, to: path)
        return (try ModelFile.read(from: path), path)
    }

    func testOneQuerysRowsGiveTheWholeModelsScoresAndContributions() throws {
        let (whole, path) = try written()
        XCTAssertNotNil(whole.hybridLatentShare)
        let full = Matcher(model: whole, featurizer: TestCorpus.featurizer)
        for text in Self.queries {
            let opened = try ModelFile.read(from: path, termIndex: .onDemand)
            XCTAssertFalse(opened.hasWholeTermIndex)
            XCTAssertEqual(opened.baseTermIndex?.nonZeroCount, 0, "no row is read before a query asks")
            let matcher = Matcher(model: opened, featurizer: TestCorpus.featurizer)
            let query = try matcher.fold(text, name: "q")
            let folded = try full.fold(text, name: "q")
            XCTAssertEqual(query.unit, folded.unit)
            XCTAssertEqual(query.tfidf.indices, folded.tfidf.indices)
            let reading = try matcher.readingTermRows(for: query)
            let rows = reading.model.termRowsOnDemand!.rowsRead
            XCTAssertEqual(rows.population, Set(query.tfidf.indices).count, text)
            for t in query.tfidf.indices { XCTAssertTrue(rows.contains(Int(t))) }
            // Only the query's rows are in memory, each equal to the whole index's row.
            let index = reading.model.baseTermIndex!, reference = whole.baseTermIndex!
            for t in 0 ..< index.rows {
                let mine = index.rowPointers[t] ..< index.rowPointers[t + 1], theirs = reference.rowPointers[t] ..< reference.rowPointers[t + 1]
                if rows.contains(t) {
                    XCTAssertEqual(Array(index.columnIndices[mine]), Array(reference.columnIndices[theirs]))
                    XCTAssertEqual(Array(index.values[mine]), Array(reference.values[theirs]))
                } else {
                    XCTAssertTrue(mine.isEmpty)
                }
            }
            let top = reading.top(for: query, count: whole.postingCount)
            XCTAssertEqual(top, full.top(for: query, count: whole.postingCount), text)
            for match in top.prefix(4) {
                XCTAssertEqual(reading.contributions(of: query, postingIndex: match.index), full.contributions(of: query, postingIndex: match.index))
            }
            // Reading the same rows again changes nothing; the whole index makes it the model read whole.
            XCTAssertEqual(try reading.readingTermRows(for: query).model.baseTermIndex, index)
            let completed = try reading.readingWholeTermIndex()
            XCTAssertTrue(completed.model.hasWholeTermIndex)
            XCTAssertEqual(completed.model.termIndex, whole.termIndex)
        }
    }

    /// The bytes of a model decoded in memory can be opened for one query too (the fuzz targets' path).
    func testBytesInMemoryOpenForOneQuery() throws {
        let (whole, path) = try written()
        let opened = try ModelFile.decode(try Data(contentsOf: URL(fileURLWithPath: path)), path: path, termIndex: .onDemand)
        XCTAssertFalse(opened.hasWholeTermIndex)
        let full = Matcher(model: whole, featurizer: TestCorpus.featurizer)
        let query = try full.fold(Self.queries[1], name: "q")
        let reading = try Matcher(model: opened, featurizer: TestCorpus.featurizer).readingTermRows(for: query)
        XCTAssertEqual(reading.top(for: query, count: 10), full.top(for: query, count: 10))
        XCTAssertEqual(try reading.readingWholeTermIndex().model.termIndex, whole.termIndex)
    }

    /// A model that scores by the latent cosine alone (α = 1) keeps its term index but needs no row of it:
    /// opened for one query, it reads none, and answers as read whole.
    func testALatentOnlyModelReadsNoRow() throws {
        var settings = TestCorpus.settings()
        settings.latentShare = 1
        let model = try LSAModel.fit(postings: TestCorpus.documents(), featurizer: TestCorpus.featurizer, settings: settings)
        let path = temporaryDirectory().appendingPathComponent("latent.plm").path
        try ModelFile.write(model, to: path)
        let whole = try ModelFile.read(from: path), opened = try ModelFile.read(from: path, termIndex: .onDemand)
        XCTAssertNil(opened.hybridLatentShare)
        XCTAssertFalse(opened.hasWholeTermIndex)
        let full = Matcher(model: whole, featurizer: TestCorpus.featurizer)
        for text in Self.queries {
            let query = try full.fold(text, name: "q")
            let reading = try Matcher(model: opened, featurizer: TestCorpus.featurizer).readingTermRows(for: query)
            XCTAssertEqual(reading.model.termRowsOnDemand?.rowsRead.population, 0, text)
            XCTAssertEqual(reading.top(for: query, count: 10), full.top(for: query, count: 10), text)
            XCTAssertEqual(reading.contributions(of: query, postingIndex: 0), full.contributions(of: query, postingIndex: 0))
        }
    }

    /// Rows read for two queries, one after the other, hold both queries' rows; written, a model opened
    /// for one query is the model read whole (the writer reads the rest first).
    func testRowsAccumulateAndWritingReadsTheWholeIndex() throws {
        let (whole, path) = try written()
        var opened = try ModelFile.read(from: path, termIndex: .onDemand)
        let matcher = Matcher(model: opened, featurizer: TestCorpus.featurizer)
        let a = try matcher.fold(Self.queries[0], name: "a"), b = try matcher.fold(Self.queries[2], name: "b")
        try opened.readTermRows(a.tfidf.indices)
        try opened.readTermRows(b.tfidf.indices)
        XCTAssertEqual(opened.termRowsOnDemand!.rowsRead.population, Set(a.tfidf.indices + b.tfidf.indices).count)
        let both = Matcher(model: opened, featurizer: TestCorpus.featurizer), full = Matcher(model: whole, featurizer: TestCorpus.featurizer)
        XCTAssertEqual(both.top(for: a, count: 10), full.top(for: a, count: 10))
        XCTAssertEqual(both.top(for: b, count: 10), full.top(for: b, count: 10))
        XCTAssertEqual(try ModelFile.encode(opened), try ModelFile.encode(whole))
    }

    /// Every byte of the term index (pointers, posting indices, weights) and of its row checksums, flipped
    /// in the file on disk: opened for one query, the model refuses the byte when it reads it — the
    /// pointers and `TIDR` when it is opened, a row when the query asks for it — with a checksum mismatch
    /// naming the file; a row the query does not ask for is not read (the query's answers are the whole
    /// model's), and reading the whole index then refuses it.
    func testADamagedRowIsCaughtWhenItIsRead() throws {
        let (whole, path) = try written()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let layout = ModelFileLayout(data)
        let tidx = layout.sections.first { $0.tag == "TIDX" }!, tidr = layout.sections.first { $0.tag == "TIDR" }!
        let m = whole.vectorizer.vocabularySize, index = whole.baseTermIndex!
        let full = Matcher(model: whole, featurizer: TestCorpus.featurizer)
        let query = try full.fold(Self.queries[2], name: "q")
        let asked = Set(query.tfidf.indices.map(Int.init))
        let indicesStart = tidx.range.lowerBound + 8 + 8 * (m + 1), weightsStart = indicesStart + 4 * index.nonZeroCount
        /// The row whose posting indices or weights hold file byte `position`, nil for the count and pointers.
        func row(at position: Int) -> Int? {
            guard position >= indicesStart else { return nil }
            let entry = (position < weightsStart ? position - indicesStart : position - weightsStart) / 4
            return (0 ..< m).first { index.rowPointers[$0] <= entry && entry < index.rowPointers[$0 + 1] }
        }
        var caughtAtOpen = 0, caughtInARow = 0, notRead = 0
        for position in Array(tidx.range) + Array(tidr.range) {
            var bad = data
            bad[position] ^= 0x10
            try bad.write(to: URL(fileURLWithPath: path))
            let mismatch = ModelFileError.checksumMismatch(path: path)
            guard tidr.range.contains(position) || row(at: position) != nil else {
                XCTAssertThrowsError(try ModelFile.read(from: path, termIndex: .onDemand), "byte \(position)") { XCTAssertEqual($0 as? ModelFileError, mismatch) }
                caughtAtOpen += 1
                continue
            }
            if tidr.range.contains(position) {
                XCTAssertThrowsError(try ModelFile.read(from: path, termIndex: .onDemand), "byte \(position)") { XCTAssertEqual($0 as? ModelFileError, mismatch) }
                caughtAtOpen += 1
                continue
            }
            let opened = try ModelFile.read(from: path, termIndex: .onDemand)
            let matcher = Matcher(model: opened, featurizer: TestCorpus.featurizer)
            if asked.contains(row(at: position)!) {
                XCTAssertThrowsError(try matcher.readingTermRows(for: query), "byte \(position)") { XCTAssertEqual($0 as? ModelFileError, mismatch) }
                caughtInARow += 1
            } else {
                let reading = try matcher.readingTermRows(for: query)
                XCTAssertEqual(reading.top(for: query, count: 10), full.top(for: query, count: 10), "byte \(position)")
                XCTAssertThrowsError(try reading.readingWholeTermIndex(), "byte \(position)") { XCTAssertEqual($0 as? ModelFileError, mismatch) }
                notRead += 1
            }
            // Read whole, the damage is refused at once, as before row checksums.
            XCTAssertThrowsError(try ModelFile.read(from: path), "byte \(position)") { XCTAssertEqual($0 as? ModelFileError, mismatch) }
        }
        XCTAssertGreaterThan(caughtAtOpen, 0)
        XCTAssertGreaterThan(caughtInARow, 0)
        XCTAssertGreaterThan(notRead, 0)
    }

    /// `TIDR` holds the number of terms, the checksum of the count and pointers, then one checksum per row
    /// over the row's stored posting indices and weights.
    func testTheRowChecksumsDescribeTheStoredRows() throws {
        let (whole, path) = try written()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let layout = ModelFileLayout(data)
        let tidx = layout.sections.first { $0.tag == "TIDX" }!.range, tidr = layout.sections.first { $0.tag == "TIDR" }!.range
        let index = whole.baseTermIndex!, m = index.rows
        XCTAssertEqual(tidr.count, 8 * (m + 2))
        XCTAssertEqual(data.readLittleEndian(UInt64.self, at: tidr.lowerBound - data.startIndex), UInt64(m))
        XCTAssertEqual(data.readLittleEndian(UInt64.self, at: tidr.lowerBound + 8), ModelFile.payloadChecksum(data[tidx.lowerBound ..< tidx.lowerBound + 8 + 8 * (m + 1)]))
        let indicesStart = tidx.lowerBound + 8 + 8 * (m + 1), weightsStart = indicesStart + 4 * index.nonZeroCount
        for t in 0 ..< m {
            let a = index.rowPointers[t], b = index.rowPointers[t + 1]
            let stored = data[indicesStart + 4 * a ..< indicesStart + 4 * b] + data[weightsStart + 4 * a ..< weightsStart + 4 * b]
            XCTAssertEqual(data.readLittleEndian(UInt64.self, at: tidr.lowerBound + 16 + 8 * t), ModelFile.payloadChecksum(Data(stored)), "row \(t)")
        }
    }

    /// A change log that removes postings needs the whole index (the postings are renumbered): a model opened
    /// for one query reads it whole then, and answers as the model read whole with the same changes.
    func testARemovalReadsTheWholeIndex() throws {
        let (whole, path) = try written()
        var opened = try ModelFile.read(from: path, termIndex: .onDemand), reference = whole
        try opened.remove(ids: ["t0-d1"])
        try reference.remove(ids: ["t0-d1"])
        XCTAssertTrue(opened.hasWholeTermIndex)
        XCTAssertEqual(opened.termIndex, reference.termIndex)
        let query = try Matcher(model: reference, featurizer: TestCorpus.featurizer).fold(Self.queries[0], name: "q")
        XCTAssertEqual(Matcher(model: opened, featurizer: TestCorpus.featurizer).top(for: query, count: 10),
                       Matcher(model: reference, featurizer: TestCorpus.featurizer).top(for: query, count: 10))
    }

    /// Postings added after the model was written (a change log's adds) are their own segment with their whole
    /// term vectors: a query on a model opened for it scores them as the model read whole does.
    func testAddedPostingsScoreAsInTheWholeModel() throws {
        let (whole, path) = try written()
        let added = [Document(id: "new", title: "New", text: "api serveur musée habitants", metadata: [:])]
        var opened = try ModelFile.read(from: path, termIndex: .onDemand), reference = whole
        try opened.add(added, featurizer: TestCorpus.featurizer)
        try reference.add(added, featurizer: TestCorpus.featurizer)
        XCTAssertFalse(opened.hasWholeTermIndex)
        for text in Self.queries {
            let query = try Matcher(model: reference, featurizer: TestCorpus.featurizer).fold(text, name: "q")
            let reading = try Matcher(model: opened, featurizer: TestCorpus.featurizer).readingTermRows(for: query)
            let full = Matcher(model: reference, featurizer: TestCorpus.featurizer)
            XCTAssertEqual(reading.top(for: query, count: 30), full.top(for: query, count: 30), text)
            let new = reference.postingIndex(id: "new")!
            XCTAssertEqual(reading.contributions(of: query, postingIndex: new), full.contributions(of: query, postingIndex: new))
        }
    }
}
