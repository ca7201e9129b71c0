import XCTest
@testable import Passerelle

/// Sizes in a model's metadata are checked before they are multiplied: a file with a valid checksum but a
/// crafted vocabulary size used to trap on overflow in `ModelFile.floats` (found with scripts/checks/fuzz.sh).
final class ModelFileSizeTests: XCTestCase {
    /// The model file with `key`'s number in META replaced (the date shortened to keep every offset), the
    /// checksums recomputed so that only the sizes are wrong.
    func crafted(_ key: String, _ value: String) throws -> (Data, String) {
        let path = temporaryDirectory().appendingPathComponent("m.plm").path
        try ModelFile.write(try TestCorpus.model(dims: 3), to: path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func find(_ s: String) throws -> Range<Int> {
            let needle = Array(s.utf8)
            let start = try XCTUnwrap((0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }, s)
            return start..<(start + needle.count)
        }
        let created = try find("\"createdAt\":\"")
        let createdEnd = try XCTUnwrap(bytes[created.upperBound...].firstIndex(of: UInt8(ascii: "\"")))
        let field = try find("\"\(key)\":")
        let digitsEnd = try XCTUnwrap(bytes[field.upperBound...].firstIndex { !(0x30...0x39).contains($0) })
        let oldLength = digitsEnd - field.upperBound
        let grow = value.utf8.count - oldLength
        let dateLength = createdEnd - created.upperBound
        XCTAssertLessThan(grow, dateLength)
        // Replace the later range first so the earlier offsets hold.
        let edits = [(field.upperBound..<digitsEnd, Array(value.utf8)),
                     (created.upperBound..<createdEnd, Array(repeating: UInt8(ascii: "x"), count: dateLength - grow))]
        for (range, replacement) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) { bytes.replaceSubrange(range, with: replacement) }
        // The META section's checksum and the table's (in the header) recomputed.
        var data = Data(bytes)
        let layout = ModelFileLayout(data)
        let meta = try XCTUnwrap(layout.sections.first { $0.tag == "META" })
        data.replaceSubrange((meta.entry + 24)..<(meta.entry + 32), with: withUnsafeBytes(of: ModelFile.payloadChecksum(data[meta.range]).littleEndian) { Data($0) })
        data.replaceSubrange(24..<32, with: withUnsafeBytes(of: ModelFile.payloadChecksum(data[layout.tableRange]).littleEndian) { Data($0) })
        return (data, path)
    }

    func testImpossibleSizesAreMalformedNotACrash() throws {
        for (key, value) in [("vocabularySize", "4611686018427387904"), ("dimensions", "4611686018427387904"),
                             ("postingCount", "9223372036854775807"), ("vocabularySize", "-5")] {
            let (data, path) = try crafted(key, value)
            XCTAssertThrowsError(try ModelFile.decode(data, path: path), "\(key) = \(value)") { error in
                guard case ModelFileError.malformed(let p, _) = error else { return XCTFail("\(key) = \(value): \(error)") }
                XCTAssertEqual(p, path)
                XCTAssertTrue("\(error)".contains("rebuild"))
            }
        }
        // The crafting itself keeps a loadable file when the number is unchanged in value.
        let (same, path) = try crafted("dimensions", "3")
        XCTAssertEqual(try ModelFile.decode(same, path: path).dimensions, 3)
    }
}
