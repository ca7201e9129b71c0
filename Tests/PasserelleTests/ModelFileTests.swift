import XCTest
import LinearAlgebra
@testable import Passerelle
import PasserelleCore

final class ModelFileTests: XCTestCase {
    func write() throws -> (LSAModel, String) {
        let model = try TestCorpus.model(dims: 3)
        let path = temporaryDirectory().appendingPathComponent("m.plm").path
        try ModelFile.write(model, to: path)
        return (model, path)
    }

    func testRoundTripKeepsEverything() throws {
        var (model, path) = try write()
        try model.add([Document(id: "extra", title: "Extra", text: "musée publics ateliers", metadata: ["city": "Lyon"])], featurizer: TestCorpus.featurizer)
        try ModelFile.write(model, to: path)
        let back = try ModelFile.read(from: path)
        XCTAssertEqual(back.settings, model.settings)
        XCTAssertEqual(back.vectorizer.terms, model.vectorizer.terms)
        XCTAssertEqual(back.vectorizer.idf, model.vectorizer.idf)
        XCTAssertEqual(back.vectorizer.documentFrequency, model.vectorizer.documentFrequency)
        XCTAssertEqual(back.basis, model.basis)
        XCTAssertEqual(back.postingVectors, model.postingVectors)
        XCTAssertEqual(back.singularValues, model.singularValues)
        XCTAssertEqual(back.foldIn, model.foldIn)
        XCTAssertEqual(back.postings.ids, model.postings.ids)
        // The term index (format 4), with the added posting's term vector.
        XCTAssertNotNil(model.termIndex)
        XCTAssertEqual(back.termIndex, model.termIndex)
        XCTAssertEqual(back.settings.latentShare, BuildSettings.defaultLatentShare)
        let j = try XCTUnwrap(back.postingIndex(id: "extra"))
        XCTAssertEqual(back.postings.record(at: j), PostingRecord(id: "extra", title: "Extra", lang: nil, metadata: ["city": "Lyon"]))
        XCTAssertEqual(back.postings.text(at: j), "musée publics ateliers")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        XCTAssertEqual(leftovers, ["m.plm"], "no temporary file is left behind")
    }

    func testPostingTextsCanBeLeftOut() throws {
        var settings = TestCorpus.settings()
        settings.storesPostingText = false
        let model = try LSAModel.fit(postings: TestCorpus.documents(), featurizer: TestCorpus.featurizer, settings: settings)
        let path = temporaryDirectory().appendingPathComponent("m.plm").path
        try ModelFile.write(model, to: path)
        let back = try ModelFile.read(from: path)
        XCTAssertFalse(back.postings.storesText)
        XCTAssertNil(back.postings.text(at: 0))
    }

    func testTruncatedFileIsDetected() throws {
        let (_, path) = try write()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for cut in [10, 63, 64, data.count / 2, data.count - 1] {
            try data.prefix(cut).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try ModelFile.read(from: path), "cut at \(cut)") { error in
                guard case ModelFileError.truncated = error else { return XCTFail("cut at \(cut): \(error)") }
                XCTAssertTrue("\(error)".contains(path))
                XCTAssertTrue("\(error)".contains("rebuild"))
            }
        }
    }

    func testCorruptedByteIsDetectedByTheChecksum() throws {
        let (model, path) = try write()
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let texts = try XCTUnwrap(ModelFileLayout(data).sections.first { $0.tag == "PTXC" })
        for position in [70, data.count / 2, data.count - 3] {
            var copy = data
            copy[position] ^= 0x5A
            try copy.write(to: URL(fileURLWithPath: path))
            if texts.blob.contains(position) {
                // In a posting text: the model loads (texts are checked when read) and that text is refused.
                let back = try ModelFile.read(from: path)
                let broken = try XCTUnwrap((0..<back.postingCount).first { back.postings.text(at: $0) == nil }, "byte \(position)")
                XCTAssertThrowsError(try back.postings.checkedText(at: broken)) { XCTAssertEqual($0 as? ModelFileError, .checksumMismatch(path: path)) }
                for i in 0..<back.postingCount where i != broken { XCTAssertEqual(back.postings.text(at: i), model.postings.text(at: i)) }
                continue
            }
            XCTAssertThrowsError(try ModelFile.read(from: path), "byte \(position)") { error in
                XCTAssertEqual(error as? ModelFileError, .checksumMismatch(path: path))
            }
        }
        data[8] = 99   // format version
        try data.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ModelFile.read(from: path)) { error in
            XCTAssertEqual(error as? ModelFileError, .unsupportedVersion(path: path, found: 99, supported: ModelFile.formatVersion))
        }
    }

    func testNotAModelAndMissingFile() throws {
        let path = temporaryDirectory().appendingPathComponent("x.plm").path
        try Data("hello, this is text".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ModelFile.read(from: path)) { XCTAssertEqual($0 as? ModelFileError, .notAModel(path: path)) }
        try Data().write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ModelFile.read(from: path)) { XCTAssertEqual($0 as? ModelFileError, .notAModel(path: path)) }
        XCTAssertThrowsError(try ModelFile.read(from: path + ".missing")) { XCTAssertEqual($0 as? ModelFileError, .notFound(path: path + ".missing")) }
    }

    func testAFailedWriteLeavesTheOldModelInPlace() throws {
        let (model, path) = try write()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A stale temporary file from a crashed writer does not disturb reading.
        try Data("partial".utf8).write(to: URL(fileURLWithPath: (path as NSString).deletingLastPathComponent + "/.m.plm.tmp-1"))
        XCTAssertEqual(try ModelFile.read(from: path).postings.ids, model.postings.ids)
        // Writing where the rename cannot happen (the target is a folder) fails and changes nothing else.
        let folderTarget = temporaryDirectory().appendingPathComponent("occupied")
        try FileManager.default.createDirectory(at: folderTarget.appendingPathComponent("inside"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try ModelFile.write(model, to: folderTarget.path)) { error in
            guard case ModelFileError.writeFailed = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folderTarget.deletingLastPathComponent().path), ["occupied"])
    }

    /// A version 3 file (no term index) still reads, and scores by the latent cosine alone, as it did.
    func testVersionThreeFileWithoutTermIndexScoresByTheLatentCosine() throws {
        var model = try TestCorpus.model(dims: 3)
        model.termIndex = nil
        model.settings.latentShare = nil
        var data = try ModelFile.encode(model)
        data.replaceSubrange(8 ..< 12, with: withUnsafeBytes(of: UInt32(3).littleEndian) { Data($0) })
        let back = try ModelFile.decode(data, path: "v3.plm")
        XCTAssertNil(back.termIndex)
        XCTAssertNil(back.termSide)
        let matcher = Matcher(model: back, featurizer: TestCorpus.featurizer)
        let (q, matches) = try matcher.rank(text: "concertation des habitants du quartier", name: "q", top: 3)
        for m in matches {
            XCTAssertEqual(m.score, VectorOps.dot(q.unit, back.postingVectors.column(m.index)), accuracy: 1e-6)
        }
    }

    /// A term index whose sizes disagree with the vocabulary is refused with the file's name.
    func testMalformedTermIndexIsRefused() throws {
        let model = try TestCorpus.model(dims: 3)
        // A posting index beyond the postings, in the bytes of the section.
        var data = try ModelFile.encode(model)
        let tag = Data("TIDX".utf8)
        let tableStart = 64
        var entry = tableStart
        while data.subdata(in: entry ..< entry + 4) != tag { entry += 32 }
        let offset = Int(data.readLittleEndian(UInt64.self, at: entry + 8)!)
        let m = model.vectorizer.vocabularySize
        let firstIndex = 64 + offset + 8 + 8 * (m + 1)
        data.replaceSubrange(firstIndex ..< firstIndex + 4, with: withUnsafeBytes(of: Int32(9999).littleEndian) { Data($0) })
        // Repair the section's checksum so that the content check itself is what refuses it.
        let length = Int(data.readLittleEndian(UInt64.self, at: entry + 16)!)
        let sum = ModelFile.payloadChecksum(data.subdata(in: 64 + offset ..< 64 + offset + length))
        data.replaceSubrange(entry + 24 ..< entry + 32, with: withUnsafeBytes(of: sum.littleEndian) { Data($0) })
        let table = data.subdata(in: 64 ..< 64 + Int(data.readLittleEndian(UInt32.self, at: 12)!) * 32)
        data.replaceSubrange(24 ..< 32, with: withUnsafeBytes(of: ModelFile.payloadChecksum(table).littleEndian) { Data($0) })
        XCTAssertThrowsError(try ModelFile.decode(data, path: "bad.plm")) { error in
            guard case ModelFileError.malformed(let path, let what) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "bad.plm")
            XCTAssertTrue(what.contains("TIDX"), what)
        }
    }
}
