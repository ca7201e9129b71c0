import Foundation
import PasserelleCore

/// The one JSON Lines reader of Passerelle: `index`, `add`, `rank`/`similar` (a CV or posting file) and the
/// candidate pools of `batch` all read `.jsonl`/`.ndjson` through it, so they accept and refuse the same lines.
///
/// Lines are streamed from a `ByteStream`: a corpus of any size is read incrementally, and the size limit
/// (`--max-record-size`) applies to one line. Blank lines are passed over. Encoding policy, the same as for
/// text and CSV files: a line that is not valid UTF-8 is read as Windows-1252 and the file is reported once
/// (a warning naming its first such line) — JSON asks for UTF-8, but exports from older French tools are
/// Windows-1252, and refusing them in `batch` while `index` read them was the inconsistency of issue 11.
///
/// - Complexity: O(n) over the file's bytes; memory O(longest line kept, at most the limit).
public struct JSONLinesReader {
    public let stream: ByteStream
    public let path: String
    public let maxRecordBytes: Int
    /// The first line read as Windows-1252, if any.
    public private(set) var firstWindows1252Line: Int? = nil
    private var number = 0

    public init(stream: ByteStream, path: String, maxRecordBytes: Int) {
        self.stream = stream
        self.path = path
        self.maxRecordBytes = maxRecordBytes
    }

    /// The warning for a file read as Windows-1252 (nil when every line was UTF-8).
    public var encodingWarning: ReaderWarning? {
        firstWindows1252Line.map { ReaderWarning(path: path, line: $0, message: "not valid UTF-8; read as Windows-1252 (Latin-1)") }
    }

    /// Moves past the next non-blank line without parsing it (counting records); false at the end. A line
    /// counts exactly when `next()` would return it.
    public mutating func skip() -> Bool {
        while let (bytes, length) = stream.nextLine(limit: maxRecordBytes) {
            number += 1
            if length <= maxRecordBytes && !bytes.contains(where: { !isASCIIWhitespace($0) }) { continue }
            return true
        }
        return false
    }

    /// The next non-blank line: its number and its document, or why it is invalid. nil at the end.
    public mutating func next() -> (line: Int, document: Result<Document, ReaderError>)? {
        while let (bytes, length) = stream.nextLine(limit: maxRecordBytes) {
            number += 1
            // ASCII white space (including the CR of CR LF) trimmed on the bytes, which is cheaper than
            // trimming a long String.
            var lo = 0, hi = bytes.count
            while lo < hi, isASCIIWhitespace(bytes[lo]) { lo += 1 }
            while hi > lo, isASCIIWhitespace(bytes[hi - 1]) { hi -= 1 }
            if lo == hi && length <= maxRecordBytes { continue }
            guard length <= maxRecordBytes else {
                return (number, .failure(.invalidJSON(path: path, line: number,
                                                      why: "line of \(length) bytes, over the limit of \(maxRecordBytes) bytes (see --max-record-size)")))
            }
            let (text, utf8) = decodeRecord(bytes[lo ..< hi])
            if !utf8 && firstWindows1252Line == nil { firstWindows1252Line = number }
            do { return (number, .success(try DocumentReader.document(fromJSONLine: text, path: path, line: number))) } catch let error as ReaderError {
                return (number, .failure(error))
            } catch {
                return (number, .failure(.invalidJSON(path: path, line: number, why: "\(error)")))
            }
        }
        return nil
    }
}
