import Foundation
import Passerelle
import DocumentReaders

/// A candidate pool read as a stream of records, so that a pool of any size is never held in memory.
///
/// Records, in a fixed order: the files under each path sorted by path (as `DocumentReader` lists them);
/// a `.txt`/`.md` file is one record, a `.jsonl`/`.ndjson` file one record per non-blank line. A record's
/// ordinal (its position in that order, counting invalid lines too) is what `--shard` slices and what
/// `--resume` counts, so both are stable whatever is skipped.
struct CandidateSource {
    let files: [String]
    let reader: DocumentReader

    init(paths: [String], reader: DocumentReader) throws {
        self.reader = reader
        var files = [String]()
        for path in paths { files += try reader.files(at: path) }
        self.files = files
    }

    static func isJSONLines(_ path: String) -> Bool {
        DocumentReader.jsonLinesExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// Number of records, without parsing them (one streaming pass over the JSON Lines files).
    func count() throws -> Int {
        var total = 0
        for file in files {
            if Self.isJSONLines(file) {
                try LineReader.forEachLine(of: file) { _, bytes in if !isBlank(bytes) { total += 1 }; return true }
            } else {
                total += 1
            }
        }
        return total
    }

    /// Calls `body` with (ordinal, document or nil when skipped as invalid, warning) for records in
    /// `range`, in order; records before the range are passed over without parsing. `body` returns false
    /// to stop early.
    func forEach(in range: Range<Int>, _ body: (Int, Document?, String?) throws -> Bool) throws {
        var ordinal = 0
        for file in files {
            if ordinal >= range.upperBound { return }
            if Self.isJSONLines(file) {
                var stop = false
                try LineReader.forEachLine(of: file) { number, bytes in
                    if isBlank(bytes) { return true }
                    defer { ordinal += 1 }
                    if ordinal < range.lowerBound { return true }
                    if ordinal >= range.upperBound { return false }
                    let document: Document
                    do {
                        guard bytes.count <= reader.maxFileSize else {
                            throw ReaderError.invalidJSON(path: file, line: number, why: "line of \(bytes.count) bytes, over the limit of \(reader.maxFileSize) (see --max-file-size)")
                        }
                        // Trim ASCII white space on the bytes: Foundation's trimming of a long String
                        // goes through UTF-16 and cost more than the JSON parsing.
                        var lo = 0, hi = bytes.count
                        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
                        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
                        guard let line = String(validating: UnsafeBufferPointer(rebasing: bytes[lo ..< hi]), as: UTF8.self) else {
                            throw ReaderError.invalidJSON(path: file, line: number, why: "not valid UTF-8")
                        }
                        document = try DocumentReader.document(fromJSONLine: line, path: file, line: number)
                    } catch let error as ReaderError where reader.skipInvalid {
                        if try !body(ordinal, nil, "skipped: \(error)") { stop = true; return false }
                        return true
                    }
                    if try !body(ordinal, document, nil) { stop = true; return false }
                    return true
                }
                if stop { return }
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

@inline(__always) private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

private func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { !bytes.contains { !isSpace($0) } }

/// Line-by-line reading of a file through `getline`, without loading it whole.
enum LineReader {
    /// Calls `body(lineNumber, bytesWithoutNewline)` per line (1-based numbers); stops when it returns false.
    static func forEachLine(of path: String, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        guard let file = fopen(path, "r") else { throw ReaderError.notFound(path: path) }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        var number = 0
        while true {
            let length = getline(&line, &capacity, file)
            if length < 0 { break }
            number += 1
            var count = length
            if count > 0, line![count - 1] == 0x0A { count -= 1 }
            var buffer = UnsafeBufferPointer(start: UnsafeRawPointer(line!).assumingMemoryBound(to: UInt8.self), count: count)
            // A UTF-8 byte order mark on the first line is dropped.
            if number == 1, count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                buffer = UnsafeBufferPointer(rebasing: buffer[3...])
            }
            if try !body(number, buffer) { return }
        }
    }
}
