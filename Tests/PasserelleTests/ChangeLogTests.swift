import XCTest
@testable import Passerelle
import PasserelleCore

/// The change log of a model file (`ChangeLog`) and its application (`LSAModel.apply`): records read back
/// as written, a torn last record ignored (never a wrong posting), damage elsewhere an error naming the
/// log, a log for another model ignored, and a model with its log equal to the model changed directly.
final class ChangeLogTests: XCTestCase {
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

    func newPostings(_ ids: [String], metadata: [String: String] = [:]) -> [Document] {
        ids.enumerated().map { i, id in
            Document(id: id, title: "Posting \(id)", text: "développeur backend api serveur données tests \(i) musée", lang: "fr", metadata: metadata)
        }
    }

    /// A model written to `m.plm`, with its identity.
    func written(_ model: LSAModel) throws -> (path: String, identity: ModelIdentity) {
        let path = dir.appendingPathComponent("m.plm").path
        let identity = try ModelFile.write(model, to: path)
        return (path, identity)
    }

    func testRecordsReadBackAsWrittenAndApplyLikeAddAndRemove() throws {
        let base = try TestCorpus.model()
        let (path, identity) = try written(base)
        let logPath = ChangeLog.path(forModel: path)
        XCTAssertEqual(logPath, path + ".log")
        let additions = try base.additions(of: newPostings(["n1", "n2"], metadata: ["city": "Lyon"]), featurizer: TestCorpus.featurizer)
        var withOptional = additions[1]
        withOptional.extraFields["sprs"] = Data([1, 2, 3])
        let records: [[PostingChange]] = [additions.prefix(1).map(PostingChange.add), [.add(withOptional), .remove(id: "t0-d1")], [.remove(id: "n1")]]
        for r in records { try ChangeLog.append(r, path: logPath, base: identity, dimensions: base.dimensions) }
        let contents = try XCTUnwrap(try ChangeLog.read(path: logPath, base: identity, dimensions: base.dimensions))
        XCTAssertEqual(contents.records, records)
        XCTAssertFalse(contents.stale)
        XCTAssertEqual(contents.tornBytes, 0)

        // Applied as one sequence = add / remove one after the other (same vectors, order, statistics).
        var applied = base
        try applied.apply(contents.records.flatMap { $0 })
        var direct = base
        try direct.add(Array(newPostings(["n1", "n2"], metadata: ["city": "Lyon"]).prefix(1)), featurizer: TestCorpus.featurizer)
        try direct.add(Array(newPostings(["n1", "n2"], metadata: ["city": "Lyon"]).suffix(1)), featurizer: TestCorpus.featurizer)
        try direct.remove(ids: ["t0-d1"])
        try direct.remove(ids: ["n1"])
        XCTAssertEqual(applied.postings.ids, direct.postings.ids)
        XCTAssertEqual(applied.postingVectors.values, direct.postingVectors.values)
        XCTAssertEqual(applied.foldIn, direct.foldIn)
        XCTAssertEqual((0 ..< applied.postingCount).map { applied.postings.record(at: $0) }, (0 ..< direct.postingCount).map { direct.postings.record(at: $0) })
        XCTAssertEqual((0 ..< applied.postingCount).map { applied.postings.text(at: $0) }, (0 ..< direct.postingCount).map { direct.postings.text(at: $0) })
        // Written and read back (the compaction), the same model bytes.
        let compacted = dir.appendingPathComponent("c.plm").path
        try ModelFile.write(applied, to: compacted)
        let second = dir.appendingPathComponent("d.plm").path
        try ModelFile.write(direct, to: second)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: compacted)), try Data(contentsOf: URL(fileURLWithPath: second)))
        // Changes that do not fit are refused and change nothing.
        var refused = applied
        XCTAssertThrowsError(try refused.apply([.remove(id: "n1")]))
        XCTAssertThrowsError(try refused.apply([.add(additions[1])]))
        XCTAssertEqual(refused.postings.ids, applied.postings.ids)
    }

    func testATornLastRecordIsIgnoredThenCutOffAndDamageElsewhereIsAnError() throws {
        let base = try TestCorpus.model()
        let (path, identity) = try written(base)
        let logPath = ChangeLog.path(forModel: path)
        let a = try base.additions(of: newPostings(["n1"]), featurizer: TestCorpus.featurizer)
        let b = try base.additions(of: newPostings(["n2"]), featurizer: TestCorpus.featurizer)
        let afterFirst = try ChangeLog.append(a.map(PostingChange.add), path: logPath, base: identity, dimensions: base.dimensions)
        let full = try ChangeLog.append(b.map(PostingChange.add), path: logPath, base: identity, dimensions: base.dimensions)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: logPath))
        XCTAssertEqual(bytes.count, full)
        // Every cut inside the second record reads as the first record alone (a writer killed mid-append).
        for cut in stride(from: afterFirst, to: full, by: max(1, (full - afterFirst) / 40)) {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: logPath))
            let c = try XCTUnwrap(try ChangeLog.read(path: logPath, base: identity, dimensions: base.dimensions))
            XCTAssertEqual(c.records, [a.map(PostingChange.add)], "cut at \(cut)")
            XCTAssertEqual(c.tornBytes, cut - afterFirst)
        }
        // A flipped byte in the last record: torn as well (never a wrong posting).
        var flipped = bytes
        flipped[full - 3] ^= 0x20
        try flipped.write(to: URL(fileURLWithPath: logPath))
        XCTAssertEqual(try ChangeLog.read(path: logPath, base: identity, dimensions: base.dimensions)?.records, [a.map(PostingChange.add)])
        // The next writer cuts the torn bytes off (saying so) and appends after the whole records.
        var warnings = [String]()
        try ChangeLog.append(b.map(PostingChange.add), path: logPath, base: identity, dimensions: base.dimensions) { warnings.append($0) }
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("torn"), "\(warnings)")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: logPath)), bytes)
        // A flipped byte in the first record, with a whole record after it: an error naming the log.
        var damaged = bytes
        damaged[afterFirst - 3] ^= 0x20
        try damaged.write(to: URL(fileURLWithPath: logPath))
        XCTAssertThrowsError(try ChangeLog.read(path: logPath, base: identity, dimensions: base.dimensions)) { error in
            XCTAssertTrue("\(error)".contains(logPath) && "\(error)".contains("checksum"), "\(error)")
        }
    }

    /// An append at a known end (the log's length and stamp as last read or written) writes the same bytes
    /// as one that reads the log first, without reading it: a record damaged in place under the same
    /// stamp goes unnoticed by it (the reading path cuts it off). A stamp that no longer matches (another
    /// writer appended, the log was cut or replaced) takes the reading path.
    func testAnAppendAtAKnownEndWritesTheSameBytesWithoutReadingTheLog() throws {
        let base = try TestCorpus.model()
        let (path, identity) = try written(base)
        let logPath = ChangeLog.path(forModel: path)
        let a = try base.additions(of: newPostings(["n1"]), featurizer: TestCorpus.featurizer).map(PostingChange.add)
        let b = try base.additions(of: newPostings(["n2"]), featurizer: TestCorpus.featurizer).map(PostingChange.add)
        let c = try base.additions(of: newPostings(["n3"]), featurizer: TestCorpus.featurizer).map(PostingChange.add)
        let afterA = try ChangeLog.append(a, path: logPath, base: identity, dimensions: base.dimensions)
        let afterB = try ChangeLog.append(b, path: logPath, base: identity, dimensions: base.dimensions,
                                          knownEnd: (afterA, try XCTUnwrap(FileStamp.of(logPath))))
        let reference = dir.appendingPathComponent("r.plm.log").path
        try ChangeLog.append(a, path: reference, base: identity, dimensions: base.dimensions)
        try ChangeLog.append(b, path: reference, base: identity, dimensions: base.dimensions)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: logPath)), try Data(contentsOf: URL(fileURLWithPath: reference)))

        // The last record damaged in place, its stamp taken after: the known end appends after it as is.
        let url = URL(fileURLWithPath: logPath)
        var damaged = try Data(contentsOf: url)
        damaged[afterB - 3] ^= 0x20
        let handle = try FileHandle(forWritingTo: url)
        try handle.seek(toOffset: 0)
        try handle.write(contentsOf: damaged)
        try handle.close()
        let stamp = try XCTUnwrap(FileStamp.of(logPath))
        let afterC = try ChangeLog.append(c, path: logPath, base: identity, dimensions: base.dimensions, knownEnd: (afterB, stamp))
        XCTAssertGreaterThan(afterC, afterB, "written after the damaged record: the log was not read")
        XCTAssertEqual(try Data(contentsOf: url).prefix(afterB), damaged)

        // A stale known end (the log grew since): the reading path, which appends after the whole records.
        var warnings = [String]()
        try damaged.write(to: url)
        let stale = (afterA, stamp)
        let length = try ChangeLog.append(c, path: logPath, base: identity, dimensions: base.dimensions, knownEnd: stale) { warnings.append($0) }
        XCTAssertTrue(warnings.contains { $0.contains("torn") }, "the reading path cut the damaged record off: \(warnings)")
        XCTAssertEqual(try ChangeLog.read(path: logPath, base: identity, dimensions: base.dimensions)?.records, [a, c])
        XCTAssertEqual(length, try Data(contentsOf: url).count)
    }

    func testALogForAnotherModelIsStaleAndAnUnknownRequiredFieldIsRefused() throws {
        let base = try TestCorpus.model()
        let (path, identity) = try written(base)
        let logPath = ChangeLog.path(forModel: path)
        let a = try base.additions(of: newPostings(["n1"]), featurizer: TestCorpus.featurizer)
        try ChangeLog.append(a.map(PostingChange.add), path: logPath, base: identity, dimensions: base.dimensions)
        var other = identity
        other.checksum &+= 1
        let stale = try XCTUnwrap(try ChangeLog.read(path: logPath, base: other, dimensions: base.dimensions))
        XCTAssertTrue(stale.stale)
        XCTAssertEqual(stale.records.count, 0)
        // A writer on the other model replaces the stale log.
        var warnings = [String]()
        try ChangeLog.append(a.map(PostingChange.add), path: logPath, base: other, dimensions: base.dimensions) { warnings.append($0) }
        XCTAssertEqual(try ChangeLog.read(path: logPath, base: other, dimensions: base.dimensions)?.records.count, 1)
        XCTAssertEqual(warnings.count, 1)

        // A field a later build must be understood by (upper-case tag) is refused with the log's name.
        var newer = a[0]
        newer.extraFields["SPRS"] = Data([0])
        try? FileManager.default.removeItem(atPath: logPath)
        try ChangeLog.append([.add(newer)], path: logPath, base: identity, dimensions: base.dimensions)
        XCTAssertThrowsError(try ChangeLog.read(path: logPath, base: identity, dimensions: base.dimensions)) { error in
            XCTAssertTrue("\(error)".contains("SPRS") && "\(error)".contains(logPath), "\(error)")
        }
    }

    /// Issue 23, item 3: the model file overwritten in place (`cp other.plm m.plm`) or truncated under a
    /// reader. With the file memory-mapped (as before), reading a posting text then killed the process
    /// (SIGBUS); now the texts are read with `pread`: the reader gets an error or the old text, never a crash.
    func testAModelFileOverwrittenOrTruncatedInPlaceNeverCrashesItsReader() throws {
        let base = try TestCorpus.model()
        let (path, _) = try written(base)
        let model = try ModelFile.read(from: path)
        XCTAssertEqual(model.postings.text(at: 0), base.postings.text(at: 0))
        // Truncated in place (same inode): a text is then nil / a checksum error, not a bus error.
        let fd = open(path, O_WRONLY | O_TRUNC)
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        XCTAssertNil(model.postings.text(at: model.postingCount - 1))
        XCTAssertThrowsError(try model.postings.checkedText(at: model.postingCount - 1))
        // Overwritten in place by another model: every text read is its own or an error, never another's.
        var other = base
        try other.remove(ids: ["t0-d0"])
        let otherPath = dir.appendingPathComponent("other.plm").path
        try ModelFile.write(other, to: otherPath)
        try Data(contentsOf: URL(fileURLWithPath: otherPath)).write(to: URL(fileURLWithPath: path), options: [])
        for i in 0 ..< model.postingCount {
            if let text = model.postings.text(at: i) { XCTAssertEqual(text, base.postings.text(at: i)) }
        }
        // A model replaced by rename (every Passerelle writer) keeps its texts for the readers that loaded it.
        let kept = try ModelFile.read(from: otherPath)
        try ModelFile.write(base, to: otherPath)
        XCTAssertEqual((0 ..< kept.postingCount).map { kept.postings.text(at: $0) }, (0 ..< other.postingCount).map { other.postings.text(at: $0) })
    }

    func testExpiredPostingsDropOutOfAnswersOnTheInjectedDay() throws {
        var model = try TestCorpus.model()
        try model.add(newPostings(["old"], metadata: ["valid_through": "2026-03-31"]) + newPostings(["new"], metadata: ["valid_through": "2026-04-30"]),
                      featurizer: TestCorpus.featurizer)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer, minimumKnownTerms: 1)
        let query = try matcher.fold("développeur backend api serveur données tests musée", name: "q")
        func ids(on day: String?) -> Set<String> {
            Set(matcher.top(for: query, count: model.postingCount, filter: PostingFilter(validOn: day)).map(\.id))
        }
        XCTAssertTrue(ids(on: "2026-03-31").isSuperset(of: ["old", "new"]))
        XCTAssertFalse(ids(on: "2026-04-01").contains("old"))
        XCTAssertTrue(ids(on: "2026-04-01").contains("new"))
        XCTAssertTrue(ids(on: "2026-05-01").isDisjoint(with: ["old", "new"]))
        XCTAssertEqual(ids(on: "2026-05-01").count, model.postingCount - 2)
        XCTAssertTrue(ids(on: nil).isSuperset(of: ["old", "new"]))
        // similar and batch go through the same mask.
        XCTAssertFalse(try matcher.similar(toPostingID: "new", top: model.postingCount, filter: PostingFilter(validOn: "2026-04-01")).map(\.id).contains("old"))
        var batch = BatchScorer(model: model, top: model.postingCount, filter: PostingFilter(validOn: "2026-04-01"))
        let block = try model.fold([Document(id: "q", title: "q", text: "développeur backend api serveur données tests musée")], featurizer: TestCorpus.featurizer)
        let rows = batch.score(block)
        XCTAssertFalse(rows.compactMap { $0 }.flatMap { $0.map { model.postings.ids[$0.index] } }.contains("old"))
        // Kept across removals (positions move) and the file.
        try model.remove(ids: ["t0-d0"])
        let path = dir.appendingPathComponent("e.plm").path
        try ModelFile.write(model, to: path)
        let read = try ModelFile.read(from: path)
        XCTAssertEqual(Set(read.postings.validThrough.values), ["2026-03-31", "2026-04-30"])
        XCTAssertEqual(read.postings.validThrough[read.postingIndex(id: "old")!], "2026-03-31")
        XCTAssertTrue(PostingFilter.isDate("2026-04-30"))
        XCTAssertTrue(PostingFilter.isDate("2026-04-30T12:00:00Z"))
        XCTAssertFalse(PostingFilter.isDate("next week"))
        XCTAssertFalse(PostingFilter.isDate("2026-13-01"))
    }
}
