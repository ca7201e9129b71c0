import XCTest
@testable import Passerelle

/// The payload checksums of versions 1 and 2 (the reading of those files: `ModelFileSectionTests`).
final class ModelFileVersionTests: XCTestCase {
    func testVersionOneFilesStillReadAndVersionTwoDetectsEveryFlippedWord() throws {
        let model = try TestCorpus.model(dims: 3)
        // A version 2 file of the model, as version 2's writer laid it out.
        var data = ModelFileLayout.legacy(try ModelFile.encode(model), version: 2)
        XCTAssertEqual(data.readLittleEndian(UInt32.self, at: 8), 2)
        let payload = data.subdata(in: 64..<data.count)
        XCTAssertEqual(data.readLittleEndian(UInt64.self, at: 24), ModelFile.payloadChecksum(payload))
        XCTAssertNotEqual(ModelFile.payloadChecksum(payload), ModelFile.checksum(payload))

        // The same payload under a version-1 header (one-lane checksum) reads to the same model.
        var v1 = data
        v1.replaceSubrange(8..<12, with: withUnsafeBytes(of: UInt32(1).littleEndian) { Data($0) })
        v1.replaceSubrange(24..<32, with: withUnsafeBytes(of: ModelFile.checksum(payload).littleEndian) { Data($0) })
        let back = try ModelFile.decode(v1, path: "v1.plm")
        XCTAssertEqual(back.basis, model.basis)
        XCTAssertEqual(back.postingVectors, model.postingVectors)
        XCTAssertEqual(back.postings.ids, model.postings.ids)

        // A flipped bit in any lane (word offsets 0…3 mod 4) or in the tail is caught.
        for offset in [64, 72, 80, 88, data.count / 2, data.count - 1] {
            var bad = data
            bad[offset] ^= 0x10
            XCTAssertThrowsError(try ModelFile.decode(bad, path: "bad.plm"), "byte \(offset)") { error in
                XCTAssertEqual(error as? ModelFileError, .checksumMismatch(path: "bad.plm"))
            }
        }
        data[8] = 5
        XCTAssertThrowsError(try ModelFile.decode(data, path: "v5.plm")) { error in
            XCTAssertEqual(error as? ModelFileError, .unsupportedVersion(path: "v5.plm", found: 5, supported: 4))
        }
    }
}
