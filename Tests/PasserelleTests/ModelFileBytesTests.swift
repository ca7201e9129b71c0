import XCTest
@testable import Passerelle
import PasserelleCore

/// Reading a model from its file section by section (`ModelFileBytes`): the same model as decoding its
/// bytes in memory, every flipped byte caught as the in-memory decoding catches it (the numbers are
/// checked in the arrays they were read into, the term index across its four parts), and a file shorter
/// than it was when opened a truncated model, not a crash.
final class ModelFileBytesTests: XCTestCase {
    func written() throws -> (model: LSAModel, data: Data, path: String) {
        var model = try TestCorpus.model(dims: 3)
        try model.add([Document(id: "extra", title: "Extra", text: "musée publics ateliers", metadata: ["city": "Lyon"])], featurizer: TestCorpus.featurizer)
        let path = temporaryDirectory().appendingPathComponent("m.plm").path
        try ModelFile.write(model, to: path)
        return (model, try Data(contentsOf: URL(fileURLWithPath: path)), path)
    }

    func testTheFileReadsAsItsBytesDecode() throws {
        let (model, data, path) = try written()
        let fromFile = try ModelFile.read(from: path), fromBytes = try ModelFile.decode(data, path: path)
        XCTAssertNotNil(fromFile.termIndex)
        XCTAssertEqual(fromFile.vectorizer.terms, fromBytes.vectorizer.terms)
        XCTAssertEqual(fromFile.vectorizer.idf, fromBytes.vectorizer.idf)
        XCTAssertEqual(fromFile.vectorizer.documentFrequency, fromBytes.vectorizer.documentFrequency)
        XCTAssertEqual(fromFile.basis, fromBytes.basis)
        XCTAssertEqual(fromFile.postingVectors, fromBytes.postingVectors)
        XCTAssertEqual(fromFile.termIndex, fromBytes.termIndex)
        XCTAssertEqual(fromFile.resources, fromBytes.resources)
        XCTAssertEqual(fromFile.postings.ids, model.postings.ids)
        XCTAssertEqual(fromBytes.postings.ids, model.postings.ids)
        for i in 0 ..< model.postingCount {
            XCTAssertEqual(try fromFile.postings.checkedText(at: i), model.postings.text(at: i))
            XCTAssertEqual(try fromBytes.postings.checkedText(at: i), model.postings.text(at: i))
        }
        // Written again, the model read from the file gives the same bytes.
        XCTAssertEqual(try ModelFile.encode(fromFile), try ModelFile.encode(fromBytes))
    }

    /// Bytes flipped in the file on disk, in every section but the texts' blob (the first, a middle and
    /// the last byte of each; every byte of the term index): the load fails with a checksum mismatch
    /// naming the file, as the in-memory decoding does.
    func testAFlippedByteInTheFileIsCaughtInEverySection() throws {
        let (_, data, path) = try written()
        let layout = ModelFileLayout(data)
        var positions = [layout.tableRange.lowerBound, layout.tableRange.upperBound - 1]
        for s in layout.sections where !s.range.isEmpty {
            let checked = s.tag == "PTXC" ? s.range.lowerBound ..< s.blob.lowerBound : s.range
            positions += s.tag == "TIDX" ? Array(checked) : [checked.lowerBound, (checked.lowerBound + checked.upperBound) / 2, checked.upperBound - 1]
        }
        XCTAssertTrue(layout.sections.contains { $0.tag == "TIDX" })
        for position in positions {
            var bad = data
            bad[position] ^= 0x04
            try bad.write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try ModelFile.read(from: path), "byte \(position)") { error in
                XCTAssertEqual(error as? ModelFileError, .checksumMismatch(path: path), "byte \(position)")
            }
        }
    }

    /// A file that is shorter than the size it had when it was opened (cut by another program while it is
    /// read): the read of the missing bytes says the model is truncated, where, and names the file.
    func testBytesPastTheEndOfTheFileAreATruncatedModel() throws {
        let (_, data, path) = try written()
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let file = ModelFileBytes(descriptor: fd, size: data.count + 100, path: path)
        XCTAssertEqual(try file.data(0 ..< 8), data.prefix(8))
        XCTAssertEqual(try file.array(8 ..< 16, of: UInt32.self), [data.readLittleEndian(UInt32.self, at: 8)!, data.readLittleEndian(UInt32.self, at: 12)!])
        XCTAssertThrowsError(try file.data(data.count - 4 ..< data.count + 4)) { error in
            XCTAssertEqual(error as? ModelFileError, .truncated(path: path, expected: data.count + 4, actual: data.count))
        }
        XCTAssertThrowsError(try file.array(data.count ..< data.count + 8, of: Float.self)) { error in
            XCTAssertEqual(error as? ModelFileError, .truncated(path: path, expected: data.count + 8, actual: data.count))
        }
    }
}
