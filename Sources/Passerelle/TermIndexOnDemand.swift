import Foundation
import LinearAlgebra
import PasserelleCore

/// The term index (`TIDX`) of a model opened for one query, read row by row as the query's terms ask
/// (`ModelFile.TermIndexReading.onDemand`, `LSAModel.readTermRows`).
///
/// Why: a one-shot `rank` scores with the rows of its own terms — a few hundred of the vocabulary — but the
/// index is most of a model file (323 MB of 1,080 MB at 100,000 postings), and reading and checking it whole
/// was most of such a command's time. The file keeps a checksum per row (section `TIDR`), so a row read
/// alone is checked as the whole section would be: the row pointers are checked together when the model is
/// opened, each row's posting indices and weights when it is read.
///
/// Never a silently partial index: the rows not read are empty in the model's `baseTermIndex` and marked
/// absent (`rowsRead`, passed to `TermSide.rowsPresent`, which traps on an absent row); whatever needs the
/// whole index (`similar` by posting id, batch, writing the model, removing postings) reads it whole first
/// (`readWhole`, the one whole-section path of `ModelFile`).
public struct TermIndexOnDemand: Sendable {
    /// Where the rows are read: the model file, open on a descriptor of its own (`owner` closes it) — a model
    /// replaced by rename keeps its rows for this reader, and one overwritten in place fails their checksums —
    /// or the bytes of a model decoded in memory.
    private let bytes: ModelFileBytes
    private let owner: FileRegion?
    private let path: String
    /// The `TIDX` section: file range and whole-section checksum.
    private let section: Range<Int>
    private let sectionChecksum: UInt64
    /// Terms (rows) and postings (columns).
    let terms: Int, postings: Int
    /// Entries in the index; `pointers[t] ..< pointers[t + 1]` are row t's (`terms + 1` offsets, checked).
    private let nonZeros: Int
    private let pointers: [Int]
    /// Per row, the checksum of its posting indices then its weights as stored (`ModelFile.rowChecksums`).
    private let rowChecksums: [UInt64]
    /// Rows read so far.
    public private(set) var rowsRead: FeatureMask

    /// Opens the index for row reads: reads `TIDX`'s count and row pointers and checks them against the
    /// pointers' checksum in `TIDR`. A file's descriptor is duplicated (this value owns its copy).
    /// - Parameters:
    ///   - file: the model's bytes (a file or a buffer).
    ///   - index: the `TIDX` section's file range and checksum.
    ///   - rows: the `TIDR` section's words, already checked against its own checksum: `terms`, the checksum
    ///     of `TIDX`'s count and pointers, then one checksum per row.
    /// - Complexity: O(terms): the pointers (8 bytes a term) are read and checked.
    static func open(_ file: ModelFileBytes, path: String, index: (range: Range<Int>, checksum: UInt64),
                     rows: [UInt64], terms m: Int, postings n: Int) throws -> TermIndexOnDemand {
        let range = index.range
        guard rows.count == m + 2, rows[0] == UInt64(m), range.count >= 8 + 8 * (m + 1) else {
            throw ModelFileError.malformed(path: path, what: "section TIDR does not describe a term index of \(m) terms")
        }
        let head = try file.array(range.lowerBound ..< range.lowerBound + 8 + 8 * (m + 1), of: UInt64.self)
        guard head.withUnsafeBytes({ ModelFile.payloadChecksum($0) }) == rows[1] else { throw ModelFileError.checksumMismatch(path: path) }
        let nnz = UInt64(littleEndian: head[0])
        guard nnz <= UInt64(range.count), range.count == 8 + 8 * (m + 1) + 8 * Int(nnz) else {
            throw ModelFileError.malformed(path: path, what: "section TIDX has \(range.count) bytes, not a term index of \(m) terms")
        }
        let pointers = head.dropFirst().map { Int(truncatingIfNeeded: UInt64(littleEndian: $0)) }
        guard pointers.first == 0, pointers.last == Int(nnz), zip(pointers, pointers.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw ModelFileError.malformed(path: path, what: "section TIDX: row pointers out of order")
        }
        var bytes = file, owner: FileRegion? = nil
        if let descriptor = file.fileDescriptor {
            let own = dup(descriptor)
            guard own >= 0 else { throw ModelFileError.unreadable(path: path, why: systemErrorText(errno)) }
            owner = FileRegion(descriptor: own, offset: 0, length: file.count)
            bytes = ModelFileBytes(descriptor: own, size: file.count, path: path)
        }
        return TermIndexOnDemand(bytes: bytes, owner: owner, path: path, section: range,
                                 sectionChecksum: index.checksum, terms: m, postings: n, nonZeros: Int(nnz), pointers: pointers,
                                 rowChecksums: Array(rows.dropFirst(2)), rowsRead: FeatureMask(count: m))
    }

    /// An index of `terms × postings` with no row read: the shape `baseTermIndex` takes until rows are read.
    var emptyIndex: CSRMatrix {
        try! CSRMatrix(rows: terms, cols: postings, rowPointers: [Int](repeating: 0, count: terms + 1), columnIndices: [], values: [])
    }

    /// `current` (this index's rows read so far) with the rows of `features` read too; each row is checked
    /// against its checksum as it is read. Features outside the vocabulary are ignored (a query's unknown terms).
    /// - Throws: `ModelFileError` (checksum mismatch, truncated, unreadable) naming the file.
    /// - Complexity: O(Σ df of the new rows) read and checked, plus O(terms + entries held) to rebuild the matrix.
    mutating func reading(rows features: [Int32], into current: CSRMatrix) throws -> CSRMatrix {
        let m = terms, done = rowsRead
        let wanted = Set(features.lazy.map(Int.init).filter { $0 >= 0 && $0 < m && !done.contains($0) }).sorted()
        guard !wanted.isEmpty else { return current }
        let indicesStart = section.lowerBound + 8 + 8 * (terms + 1), weightsStart = indicesStart + 4 * nonZeros
        var read = [Int: (indices: [Int32], weights: [Float])]()
        for t in wanted {
            let span = pointers[t] ..< pointers[t + 1]
            let indices = try bytes.array(indicesStart + 4 * span.lowerBound ..< indicesStart + 4 * span.upperBound, of: Int32.self)
            let weights = try bytes.array(weightsStart + 4 * span.lowerBound ..< weightsStart + 4 * span.upperBound, of: Float.self)
            var hasher = PayloadHasher(length: 8 * span.count)
            indices.withUnsafeBytes { hasher.update($0) }
            weights.withUnsafeBytes { hasher.update($0) }
            guard hasher.finish() == rowChecksums[t] else { throw ModelFileError.checksumMismatch(path: path) }
            read[t] = (ModelFile.littleEndian(indices), try ModelFile.finite(weights, tag: "TIDX", path: path))
        }
        var rowPointers = [Int](), indices = [Int32](), values = [Float]()
        rowPointers.reserveCapacity(terms + 1)
        rowPointers.append(0)
        for t in 0 ..< terms {
            if let row = read[t] {
                indices += row.indices
                values += row.weights
                rowsRead.insert(t)
            } else if current.rowPointers[t] < current.rowPointers[t + 1] {
                indices += current.columnIndices[current.rowPointers[t] ..< current.rowPointers[t + 1]]
                values += current.values[current.rowPointers[t] ..< current.rowPointers[t + 1]]
            }
            rowPointers.append(values.count)
        }
        do {
            return try CSRMatrix(rows: terms, cols: postings, rowPointers: rowPointers, columnIndices: indices, values: values)
        } catch {
            throw ModelFileError.malformed(path: path, what: "section TIDX: \(error)")
        }
    }

    /// The whole index, read and checked as a model opened whole reads it (`ModelFile.termIndexSection`).
    /// - Complexity: O(entries).
    func readWhole() throws -> CSRMatrix {
        try withExtendedLifetime(owner) {
            try ModelFile.termIndexSection((section, sectionChecksum), file: bytes, terms: terms, postings: postings, path: path, whole: {
                try bytes.data(section)
            })
        }
    }
}
