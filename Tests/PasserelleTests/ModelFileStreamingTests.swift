import XCTest
import LinearAlgebra
@testable import Passerelle
import PasserelleCore

/// The model file is written section by section (issue 27: bounded memory), never built whole in memory:
/// the bytes must be those of the in-memory encoding, checksums included, and texts left in a file
/// (a loaded model's) must be copied from it, checked, without being flattened into memory first.
final class ModelFileStreamingTests: XCTestCase {
    /// The incremental checksum equals `payloadChecksum` of the whole, whatever the cut into pieces.
    func testIncrementalChecksumEqualsTheWholeChecksumForAnyCut() {
        var generator = SeededGenerator(seed: 7)
        for length in [0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 100, 257, 1000, 4099] {
            let bytes = (0 ..< length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let whole = bytes.withUnsafeBytes { ModelFile.payloadChecksum($0) }
            for maxPiece in [1, 3, 8, 17, 32, 50, 5000] {
                var hasher = PayloadHasher(length: length)
                var at = 0
                while at < length {
                    let piece = 1 + Int(generator.next() % UInt64(maxPiece))
                    let end = min(length, at + piece)
                    bytes[at ..< end].withUnsafeBytes { hasher.update($0) }
                    at = end
                }
                XCTAssertEqual(hasher.finish(), whole, "length \(length), pieces up to \(maxPiece)")
            }
        }
    }

    /// The file written equals the in-memory encoding, byte for byte (header and table written last, over
    /// the placeholder).
    func testTheFileWrittenIsTheEncoding() throws {
        setenv("SOURCE_DATE_EPOCH", "1700000000", 1)
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        let model = try TestCorpus.model(dims: 3)
        let path = temporaryDirectory().appendingPathComponent("m.plm").path
        try ModelFile.write(model, to: path)
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(written, try ModelFile.encode(model))
        XCTAssertNoThrow(try ModelFile.read(from: path))
    }

    /// A loaded model keeps its texts in its file; written again (a compaction, an `add`), they are copied
    /// text by text from there and the new file is the same bytes as the first — with an added posting,
    /// the same as a model holding every text in memory.
    func testTextsLeftInTheFileAreCopiedWithoutChange() throws {
        setenv("SOURCE_DATE_EPOCH", "1700000000", 1)
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        let model = try TestCorpus.model(dims: 3)
        let folder = temporaryDirectory()
        let first = folder.appendingPathComponent("a.plm").path, second = folder.appendingPathComponent("b.plm").path
        try ModelFile.write(model, to: first)
        var loaded = try ModelFile.read(from: first)
        try ModelFile.write(loaded, to: second)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: second)), try Data(contentsOf: URL(fileURLWithPath: first)))
        let extra = [Document(id: "extra", title: "Extra", text: "musée publics ateliers", metadata: [:])]
        var inMemory = model
        try inMemory.add(extra, featurizer: TestCorpus.featurizer)
        try loaded.add(extra, featurizer: TestCorpus.featurizer)
        XCTAssertEqual(try ModelFile.encode(loaded), try ModelFile.encode(inMemory))
    }

    /// A text damaged in the file it is copied from stops the write: an error naming that file, and
    /// neither a half-written model nor a temporary left behind.
    func testADamagedSourceTextStopsTheWriteAndLeavesNothing() throws {
        let model = try TestCorpus.model(dims: 3)
        let folder = temporaryDirectory()
        let first = folder.appendingPathComponent("a.plm").path, second = folder.appendingPathComponent("b.plm").path
        try ModelFile.write(model, to: first)
        let loaded = try ModelFile.read(from: first)
        // Flip the last byte of the file: the end of the last posting text's bytes in PTXC? Find a text's bytes.
        var data = try Data(contentsOf: URL(fileURLWithPath: first))
        let text = try XCTUnwrap(model.postings.text(at: 0))
        let range = try XCTUnwrap(data.range(of: Data(text.utf8)))
        data[range.lowerBound] ^= 0x20
        // Overwritten in place (same inode): the loaded model reads its texts from this file.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: first))
        try handle.write(contentsOf: data)
        try handle.close()
        XCTAssertThrowsError(try ModelFile.write(loaded, to: second)) { error in
            XCTAssertEqual(error as? ModelFileError, .checksumMismatch(path: first))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["a.plm"])
    }
}
