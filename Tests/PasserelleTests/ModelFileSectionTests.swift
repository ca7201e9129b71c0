import XCTest
@testable import Passerelle
import PasserelleCore

/// The sections of a format-3 model file, as a test reads them (offsets are in the file, not the payload).
struct ModelFileLayout {
    struct Section {
        var tag: String
        var range: Range<Int>
        var checksum: UInt64
        /// Where a checked string table's strings lie (PTXC), empty otherwise.
        var blob: Range<Int>
        var entry: Int
    }
    var sections: [Section] = []
    var tableRange: Range<Int>

    init(_ data: Data) {
        let count = Int(data.readLittleEndian(UInt32.self, at: 12)!)
        tableRange = 64..<(64 + 32 * count)
        for s in 0..<count {
            let base = 64 + 32 * s
            let tag = String(decoding: data[base..<(base + 4)], as: UTF8.self)
            let offset = 64 + Int(data.readLittleEndian(UInt64.self, at: base + 8)!)
            let length = Int(data.readLittleEndian(UInt64.self, at: base + 16)!)
            let sum = data.readLittleEndian(UInt64.self, at: base + 24)!
            var blob = 0..<0
            if tag == "PTXC" {
                let n = Int(data.readLittleEndian(UInt64.self, at: offset)!)
                blob = (offset + 8 * (2 * n + 2))..<(offset + length)
            }
            sections.append(Section(tag: tag, range: offset..<(offset + length), checksum: sum, blob: blob, entry: base))
        }
    }

    /// The same model as a version 1 or 2 file, laid out as those versions' writer did: 24-byte table
    /// entries, the old section order, texts as a plain string table `PTXT`, one checksum over the payload.
    static func legacy(_ data: Data, version: UInt32) -> Data {
        let layout = ModelFileLayout(data)
        var parts = [(String, Data)]()
        for tag in ["META", "VOCB", "IDF_", "DF__", "BASE", "PVEC", "PIDS", "PTTL", "PLNG", "PMET", "PTXC", "RSRC"] {
            guard let s = layout.sections.first(where: { $0.tag == tag }) else { continue }
            if tag == "PTXC" {
                // count, offsets, (checksums dropped), blob
                let n = Int(data.readLittleEndian(UInt64.self, at: s.range.lowerBound)!)
                var plain = Data(data[s.range.lowerBound..<(s.range.lowerBound + 8 * (n + 2))])
                plain.append(data[s.blob])
                parts.append(("PTXT", plain))
            } else {
                parts.append((tag, Data(data[s.range])))
            }
        }
        var table = Data(), body = Data()
        let tableSize = parts.count * 24
        var offset = ModelFile.align16(tableSize)
        for (tag, bytes) in parts {
            table.append(contentsOf: Array(tag.utf8))
            table.appendLittleEndian(UInt32(0))
            table.appendLittleEndian(UInt64(offset))
            table.appendLittleEndian(UInt64(bytes.count))
            offset = ModelFile.align16(offset + bytes.count)
        }
        var payload = table
        for (_, bytes) in parts {
            payload.append(Data(count: ModelFile.align16(payload.count) - payload.count))
            payload.append(bytes)
        }
        _ = body
        var header = Data(ModelFile.magic)
        header.appendLittleEndian(version)
        header.appendLittleEndian(UInt32(parts.count))
        header.appendLittleEndian(UInt64(payload.count))
        header.appendLittleEndian(version == 1 ? ModelFile.checksum(payload) : ModelFile.payloadChecksum(payload))
        header.append(Data(count: 64 - header.count))
        return header + payload
    }
}

/// Format version 3: a checksum per section, posting texts checked one by one when read, and the
/// reading of version 1 and 2 files.
final class ModelFileSectionTests: XCTestCase {
    func model() throws -> (LSAModel, Data) {
        var model = try TestCorpus.model(dims: 3)
        try model.add([Document(id: "extra", title: "Extra", text: "musée publics ateliers", metadata: ["city": "Lyon"])], featurizer: TestCorpus.featurizer)
        return (model, try ModelFile.encode(model))
    }

    func assertSame(_ a: LSAModel, _ b: LSAModel, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.settings, b.settings, file: file, line: line)
        XCTAssertEqual(a.vectorizer.terms, b.vectorizer.terms, file: file, line: line)
        XCTAssertEqual(a.vectorizer.idf, b.vectorizer.idf, file: file, line: line)
        XCTAssertEqual(a.basis, b.basis, file: file, line: line)
        XCTAssertEqual(a.postingVectors, b.postingVectors, file: file, line: line)
        XCTAssertEqual(a.postings.ids, b.postings.ids, file: file, line: line)
        XCTAssertEqual(a.resources, b.resources, file: file, line: line)
        for i in 0..<a.postingCount {
            XCTAssertEqual(a.postings.record(at: i), b.postings.record(at: i), file: file, line: line)
            XCTAssertEqual(a.postings.text(at: i), b.postings.text(at: i), file: file, line: line)
        }
    }

    func testEverySectionHasItsChecksumAndTheHeaderChecksTheTable() throws {
        let (_, data) = try model()
        XCTAssertEqual(data.readLittleEndian(UInt32.self, at: 8), 4)
        let layout = ModelFileLayout(data)
        XCTAssertEqual(data.readLittleEndian(UInt64.self, at: 24), ModelFile.payloadChecksum(data[layout.tableRange]))
        XCTAssertEqual(Set(layout.sections.map(\.tag)), ["META", "VOCB", "IDF_", "DF__", "BASE", "PVEC", "PIDS", "PTXC", "PTTL", "PLNG", "PMET", "TIDX", "TIDR"])
        for s in layout.sections {
            let checked = s.tag == "PTXC" ? s.range.lowerBound..<s.blob.lowerBound : s.range
            XCTAssertEqual(s.checksum, ModelFile.payloadChecksum(data[checked]), s.tag)
        }
    }

    /// A flipped byte anywhere in a section or the table is refused at load, except in a posting text,
    /// which is refused when it is read (the model loads; the other texts read as they were).
    func testEveryCorruptedByteIsCaughtWhenItsSectionIsRead() throws {
        let (model, data) = try model()
        let layout = ModelFileLayout(data)
        var positions = Array(layout.tableRange)
        for s in layout.sections { positions += Array(s.range) }
        var loadedWithABrokenText = 0
        for position in positions {
            var bad = data
            bad[position] ^= 0x01
            let texts = layout.sections.first { $0.tag == "PTXC" }!
            if texts.blob.contains(position) {
                let back = try ModelFile.decode(bad, path: "bad.plm")
                let broken = (0..<back.postingCount).filter { back.postings.text(at: $0) == nil }
                XCTAssertEqual(broken.count, 1, "byte \(position)")
                for i in broken { XCTAssertThrowsError(try back.postings.checkedText(at: i)) { XCTAssertEqual($0 as? ModelFileError, .checksumMismatch(path: "bad.plm")) } }
                for i in 0..<back.postingCount where !broken.contains(i) { XCTAssertEqual(try back.postings.checkedText(at: i), model.postings.text(at: i)) }
                // `add` and `remove` no longer rewrite every text (they go to the change log and re-index the
                // tables); writing the changed model (a compaction) reads every text: a broken one stops it,
                // and no file is written.
                var changed = back
                try changed.remove(ids: [back.postings.ids[(broken[0] + 1) % back.postingCount]])
                XCTAssertEqual(changed.postingCount, back.postingCount - 1)
                let out = temporaryDirectory().appendingPathComponent("changed.plm").path
                XCTAssertThrowsError(try ModelFile.write(changed, to: out)) { XCTAssertEqual($0 as? ModelFileError, .checksumMismatch(path: "bad.plm")) }
                XCTAssertFalse(FileManager.default.fileExists(atPath: out))
                loadedWithABrokenText += 1
            } else {
                XCTAssertThrowsError(try ModelFile.decode(bad, path: "bad.plm"), "byte \(position)") { error in
                    XCTAssertEqual(error as? ModelFileError, .checksumMismatch(path: "bad.plm"), "byte \(position)")
                }
            }
        }
        XCTAssertGreaterThan(loadedWithABrokenText, 0)
    }

    func testTruncatedSectionsAreRefused() throws {
        let (_, data) = try model()
        let layout = ModelFileLayout(data)
        for s in layout.sections {
            // Cut inside the section: the file is shorter than its header says.
            let cut = data.prefix(s.range.lowerBound + s.range.count / 2)
            XCTAssertThrowsError(try ModelFile.decode(Data(cut), path: "cut.plm"), s.tag) { error in
                guard case ModelFileError.truncated = error else { return XCTFail("\(s.tag): \(error)") }
            }
            // A section table entry whose length runs past the payload (table checksum repaired): out of bounds.
            var bad = data
            bad.replaceSubrange((s.entry + 16)..<(s.entry + 24), with: withUnsafeBytes(of: UInt64(data.count).littleEndian) { Data($0) })
            bad.replaceSubrange(24..<32, with: withUnsafeBytes(of: ModelFile.payloadChecksum(bad[layout.tableRange]).littleEndian) { Data($0) })
            XCTAssertThrowsError(try ModelFile.decode(bad, path: "long.plm"), s.tag) { error in
                guard case ModelFileError.malformed(_, let what) = error else { return XCTFail("\(s.tag): \(error)") }
                XCTAssertTrue(what.contains("out of bounds"), what)
            }
        }
    }

    func testVersionOneAndTwoFilesStillRead() throws {
        let (model, data) = try model()
        for version: UInt32 in [1, 2] {
            let old = ModelFileLayout.legacy(data, version: version)
            let back = try ModelFile.decode(old, path: "v\(version).plm")
            assertSame(back, model)
            var bad = old
            bad[old.count / 2] ^= 0x10
            XCTAssertThrowsError(try ModelFile.decode(bad, path: "bad.plm")) { XCTAssertEqual($0 as? ModelFileError, .checksumMismatch(path: "bad.plm")) }
        }
        // A model read from an old file is written as the current version (4, without a term index) and reads back the same.
        let rewritten = try ModelFile.encode(try ModelFile.decode(ModelFileLayout.legacy(data, version: 2), path: "v2.plm"))
        XCTAssertEqual(rewritten.readLittleEndian(UInt32.self, at: 8), 4)
        assertSame(try ModelFile.decode(rewritten, path: "v3.plm"), model)
    }

    /// Texts are slices of the mapped file: reading a model does not read them (checked here through a
    /// model whose texts' blob is garbage with a valid index: it loads; only reading a text fails).
    func testLoadingDoesNotReadPostingTexts() throws {
        let (model, data) = try model()
        let texts = ModelFileLayout(data).sections.first { $0.tag == "PTXC" }!
        var bad = data
        for p in texts.blob { bad[p] = 0xFF }
        let back = try ModelFile.decode(bad, path: "bad.plm")
        XCTAssertEqual(back.postings.ids, model.postings.ids)
        XCTAssertTrue((0..<back.postingCount).allSatisfy { back.postings.text(at: $0) == nil || model.postings.text(at: $0) == "" })
    }
}
