import Foundation
import Passerelle
import DocumentReaders
import PasserelleCore

/// A candidate pool read as a stream of records, so that a pool of any size is never held in memory.
///
/// Records, in a fixed order: the files under each path sorted by path (as `DocumentReader` lists them);
/// a `.jsonl`/`.ndjson` file is one record per non-blank line (`JSONLinesReader`), a `.csv` file one record
/// per row (`CSVDocuments`, the same reader as `index`), any other file one record. A record's ordinal
/// (its position in that order, counting invalid lines and rows too) is what `--shard` slices and what
/// `--resume` counts, so both are stable whatever is skipped. The size limit applies to one record.
public struct CandidateSource: Sendable {
    public let files: [String]
    public let reader: DocumentReader

    public init(paths: [String], reader: DocumentReader) throws {
        self.reader = reader
        var files = [String]()
        for path in paths { files += try reader.files(at: path) }
        self.files = files
    }

    public static func isJSONLines(_ path: String) -> Bool {
        DocumentReader.jsonLinesExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    public static func isCSV(_ path: String) -> Bool { (path as NSString).pathExtension.lowercased() == "csv" }

    /// A digest of the bytes of every file of the pool, in order (64-bit, word-wise FNV-style as the model
    /// file's checksum, per file with its length): `batch --resume` refuses a pool edited since its
    /// checkpoint even when its paths and record count are the same (old and new rows were mixed silently).
    /// Size and modification time would miss an edit within the same second and size; the bytes do not.
    /// - Complexity: one sequential read of the pool, in 1 MiB chunks (about 0.1 s per 100 MB once cached).
    public func contentDigest() throws -> String {
        var digest: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        for file in files {
            let fd = open(file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw UserError("\(file): cannot read: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            var length: UInt64 = 0
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            while true {
                // Fill the chunk whole (so words never straddle two reads), or up to the end of the file.
                var filled = 0
                while filled < chunk {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, chunk - filled) }
                    if n < 0 { if errno == EINTR { continue }; throw UserError("\(file): cannot read: \(String(cString: strerror(errno)))") }
                    if n == 0 { break }
                    filled += n
                }
                if filled == 0 { break }
                length += UInt64(filled)
                buffer.withUnsafeBytes { raw in
                    let words = filled / 8
                    for w in 0 ..< words {
                        h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self))) &* prime
                        h ^= h >> 29
                    }
                    var tail: UInt64 = 0
                    for i in (words * 8) ..< filled { tail |= UInt64(raw[i]) << (8 * UInt64(i - words * 8)) }
                    if filled % 8 != 0 { h = (h ^ tail) &* prime }
                }
                if filled < chunk { break }
            }
            digest = ((digest ^ h) &* prime) ^ length
            digest ^= digest >> 31
        }
        return String(format: "%016llx", digest)
    }

    /// Number of records (one streaming pass; JSON lines are not parsed, CSV rows are, since a quoted field
    /// may hold line breaks). Header errors of a CSV file are thrown here, before any output.
    public func count() throws -> Int {
        var total = 0
        for file in files {
            if Self.isJSONLines(file) {
                var lines = JSONLinesReader(stream: try reader.stream(of: file), path: file, maxRecordBytes: reader.maxFileSize)
                while lines.skip() { total += 1 }
            } else if Self.isCSV(file) {
                var rows = try CSVDocuments(stream: try reader.stream(of: file), path: file, reader: reader)
                while try rows.next() != nil { total += 1 }
            } else {
                total += 1
            }
        }
        return total
    }

    /// Calls `body` with (ordinal, document or nil when skipped as invalid, warning) for records in
    /// `range`, in order; records before the range are passed over (JSON lines without parsing). `body`
    /// returns false to stop early.
    public func forEach(in range: Range<Int>, _ body: (Int, Document?, String?) throws -> Bool) throws {
        var ordinal = 0
        for file in files {
            if ordinal >= range.upperBound { return }
            if Self.isJSONLines(file) || Self.isCSV(file) {
                var next: () throws -> (line: Int, document: Result<Document, ReaderError>)?
                var skipOne: () throws -> Bool
                var latin1Line: () -> Int?
                if Self.isJSONLines(file) {
                    var lines = JSONLinesReader(stream: try reader.stream(of: file), path: file, maxRecordBytes: reader.maxFileSize)
                    next = { lines.next() }
                    skipOne = { lines.skip() }
                    latin1Line = { lines.firstWindows1252Line }
                } else {
                    var rows = try CSVDocuments(stream: try reader.stream(of: file), path: file, reader: reader)
                    next = { try rows.next() }
                    skipOne = { try rows.next() != nil }
                    latin1Line = { rows.firstWindows1252Line }
                }
                var reported = false
                while ordinal < range.lowerBound {
                    guard try skipOne() else { break }
                    ordinal += 1
                }
                if ordinal < range.lowerBound { continue }
                while ordinal < range.upperBound, let (_, outcome) = try next() {
                    defer { ordinal += 1 }
                    var warning: String? = nil
                    if !reported, let line = latin1Line() {
                        reported = true
                        warning = "\(file):\(line): not valid UTF-8; read as Windows-1252 (Latin-1)"
                    }
                    switch outcome {
                    case .success(let document):
                        if try !body(ordinal, document, warning) { return }
                    case .failure(let error):
                        guard reader.skipInvalid else { throw error }
                        if try !body(ordinal, nil, "skipped: \(error)") { return }
                    }
                }
            } else {
                defer { ordinal += 1 }
                if ordinal < range.lowerBound { continue }
                let result: ReadResult
                do { result = try reader.read(file: file) } catch let error as ReaderError where reader.skipInvalid {
                    if try !body(ordinal, nil, "skipped: \(error)") { return }
                    continue
                }
                if try !body(ordinal, result.documents.first, result.warnings.first?.description) { return }
            }
        }
    }
}
