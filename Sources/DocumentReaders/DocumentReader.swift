import Foundation
import PasserelleCore

/// A note about a file that was read but not as plainly as hoped (e.g. a legacy encoding).
public struct ReaderWarning: Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String
    public var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}

/// Documents read from files, and what was noticed on the way.
public struct ReadResult: Sendable {
    public var documents: [Document]
    public var warnings: [ReaderWarning]
    /// Invalid JSON Lines or CSV rows skipped with `skipInvalid` (each also listed in `warnings`).
    public var skipped: Int
    /// The file each document came from, parallel to `documents` (for errors found later, e.g. an id
    /// already in a model).
    public var sources: [String] = []
}

/// What a streamed read noticed (`DocumentReader.read(paths:each:)`): its documents went to the caller one
/// at a time, as they were parsed, and are not held here.
public struct ReadSummary: Sendable {
    /// Documents handed to the caller.
    public var documents = 0
    public var warnings = [ReaderWarning]()
    /// Invalid JSON Lines or CSV rows skipped with `skipInvalid` (each also listed in `warnings`).
    public var skipped = 0

    public init() {}
}

/// Files and folders → documents.
///
/// - `.txt`, `.md`: one document. An optional front matter block (`---` lines around `key: value` lines)
///   gives `id`, `title`, `lang` and metadata; otherwise the id is the file name without extension and
///   the title the first non-empty line.
/// - `.jsonl`, `.ndjson`: one document per line, `{"id", "title", "text", "lang"?}`; other string
///   fields are kept as metadata. Blank lines are allowed.
/// - `.html`, `.htm`: the visible text of one page (see `HTMLText`); title from `<title>` or the first `<h1>`.
/// - `.docx`: the paragraphs of `word/document.xml`; title from `docProps/core.xml` or the first paragraph.
/// - `.pdf`: the text layer, through `pdftotext` (poppler-utils); a PDF without one is refused.
/// - `.csv`: one document per row, columns `id,title,text` by default (see `idColumn`…); others are metadata.
/// - A folder: every supported file below it, in path order (hidden files skipped).
public struct DocumentReader: Sendable {
    /// Largest document accepted, in bytes: a whole file for text, HTML, DOCX and PDF; one line of a JSON
    /// Lines file or one record of a CSV file, which are streamed (so a corpus file may be of any size).
    /// Set by `--max-record-size` (alias `--max-file-size`).
    public var maxFileSize: Int
    /// Skip malformed JSON lines or CSV rows (reported as warnings) instead of failing.
    public var skipInvalid: Bool
    /// CSV columns holding the id, the title (optional column) and the text; compared case-insensitively.
    public var idColumn = "id"
    public var titleColumn = "title"
    public var textColumn = "text"
    /// The `pdftotext` program: nil to look it up in `PATH`.
    public var pdfToTextPath: String? = nil
    /// Longest time `pdftotext` may take on one file (seconds).
    public var pdfTimeout: Double = 60
    /// Longest time one part of a .docx may take to unpack (seconds; a damaged one can spin for ever).
    public var docxTimeout: Double = 20

    public static let defaultMaxFileSize = 20 * 1024 * 1024
    public static let textExtensions: Set<String> = ["txt", "md", "markdown"]
    public static let jsonLinesExtensions: Set<String> = ["jsonl", "ndjson"]
    public static let htmlExtensions: Set<String> = ["html", "htm"]
    /// Every extension a file (or a folder's file) may have, as listed in `ReaderError.unsupported`.
    public static let supportedExtensions: Set<String> = textExtensions.union(jsonLinesExtensions).union(htmlExtensions)
        .union(["docx", "pdf", "csv"])

    public init(maxFileSize: Int = DocumentReader.defaultMaxFileSize, skipInvalid: Bool = false) {
        self.maxFileSize = maxFileSize
        self.skipInvalid = skipInvalid
    }

    /// Reads files and folders; ids must be unique across all of them. The documents of
    /// `read(paths:each:)`, gathered.
    public func read(paths: [String]) throws -> ReadResult {
        var result = ReadResult(documents: [], warnings: [], skipped: 0)
        let summary = try read(paths: paths) { document, file in
            result.documents.append(document)
            result.sources.append(file)
        }
        result.warnings = summary.warnings
        result.skipped = summary.skipped
        return result
    }

    /// Reads files and folders, handing each document to `each` as soon as it is parsed, with the file it
    /// came from, so that a caller that keeps only part of each (`index` spools the texts: issue 27, bounded
    /// memory) never holds them all. Ids must be unique across all of them.
    ///
    /// The rules are those of a whole read: a bad line or row (without `skipInvalid`), a duplicate id, an
    /// unreadable file are thrown as `ReaderError` naming the file (and the line) — after the documents
    /// before it were handed over, so a caller writes nothing before this returns. An id already given by
    /// an earlier file is refused once its file is read (an invalid line later in that file is reported
    /// first, as when whole files were read), and nothing of that file is handed over after it.
    /// - Complexity: O(bytes read); memory O(one record + the ids seen), plus what `each` keeps.
    public func read(paths: [String], each: (_ document: Document, _ file: String) throws -> Void) throws -> ReadSummary {
        var summary = ReadSummary()
        var origin = [String: String]()
        for path in paths {
            for file in try files(at: path) {
                var duplicate: ReaderError? = nil
                let read = try self.read(file: file) { d in
                    guard duplicate == nil else { return }
                    if let first = origin[d.id] {
                        duplicate = ReaderError.duplicateID(id: d.id, first: first, second: file)
                        return
                    }
                    origin[d.id] = file
                    try each(d, file)
                }
                if let duplicate { throw duplicate }
                summary.documents += read.documents
                summary.warnings += read.warnings
                summary.skipped += read.skipped
            }
        }
        return summary
    }

    /// The supported files at a path: the file itself, or those below a folder, sorted.
    /// A path given as a file is checked here (named pipe, permissions, symbolic link loop), so that
    /// callers reading it later in their own way (batch streams JSON Lines) say why it cannot be read.
    public func files(at path: String) throws -> [String] {
        switch PathKind.of(path) {
        case .missing: throw ReaderError.notFound(path: path)
        case .unreachable(let why): throw ReaderError.cannotOpen(path: path, why: why)
        case .special(let kind): throw ReaderError.notARegularFile(path: path, kind: kind)
        case .regular:
            try Self.checkReadable(path)
            return [path]
        case .directory: break
        }
        guard let walker = FileManager.default.enumerator(atPath: path) else { throw ReaderError.notFound(path: path) }
        var found = [String]()
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            let ext = (name as NSString).pathExtension.lowercased()
            if Self.supportedExtensions.contains(ext) {
                found.append((path as NSString).appendingPathComponent(relative))
            }
        }
        guard !found.isEmpty else { throw ReaderError.noDocuments(path: path) }
        return found.sorted()
    }

    /// Reads one file (`read(file:each:)`, its documents gathered).
    public func read(file path: String) throws -> ReadResult {
        var result = try Self.gathering { try read(file: path, each: $0) }
        result.sources = Array(repeating: path, count: result.documents.count)
        return result
    }

    /// Reads one file, handing each document to `each` as it is parsed: record by record for JSON Lines and
    /// CSV (the size limit then applies to one line or row, not to the file), the file's one document
    /// otherwise.
    public func read(file path: String, each: (Document) throws -> Void) throws -> ReadSummary {
        let ext = (path as NSString).pathExtension.lowercased()
        guard Self.supportedExtensions.contains(ext) else { throw ReaderError.unsupported(path: path, ext: ext) }
        if Self.isStreamed(ext) { return try read(stream: try stream(of: path), ext: ext, path: path, each: each) }
        let data = try contents(of: path)
        var result: ReadResult
        if ext == "pdf" || ext == "docx" { guard !data.isEmpty else { throw ReaderError.empty(path: path) } }
        switch ext {
        case "pdf": result = try PDFText(reader: self).read(path: path)
        case "docx":
            let document = try DOCXText(maxPartSize: maxPartSize, extractionTimeout: docxTimeout).document(file: URL(fileURLWithPath: path), path: path)
            result = ReadResult(documents: [document], warnings: [], skipped: 0)
        default: result = try read(data: data, path: path)
        }
        for d in result.documents { try each(d) }
        var summary = ReadSummary()
        summary.documents = result.documents.count
        summary.warnings = result.warnings
        summary.skipped = result.skipped
        return summary
    }

    /// The documents a streamed read hands over, gathered in a `ReadResult` (without `sources`).
    static func gathering(_ read: (_ each: (Document) throws -> Void) throws -> ReadSummary) throws -> ReadResult {
        var documents = [Document]()
        let summary = try read { documents.append($0) }
        return ReadResult(documents: documents, warnings: summary.warnings, skipped: summary.skipped)
    }

    /// Reads a file's bytes already in memory, by the extension of `path` (used in errors); every format
    /// but PDF, which needs `pdftotext` and a file. The size limit applies as for files.
    public func read(data: Data, path: String) throws -> ReadResult {
        let ext = (path as NSString).pathExtension.lowercased()
        guard Self.supportedExtensions.contains(ext) else { throw ReaderError.unsupported(path: path, ext: ext) }
        if Self.isStreamed(ext) { return try Self.gathering { try read(stream: ByteStream(bytes: data), ext: ext, path: path, each: $0) } }
        guard data.count <= maxFileSize else { throw ReaderError.tooLarge(path: path, bytes: data.count, limit: maxFileSize) }
        switch ext {
        case "pdf":
            throw ReaderError.corrupt(path: path, why: "PDF is read from a file only")
        case "docx":
            guard !data.isEmpty else { throw ReaderError.empty(path: path) }
            return ReadResult(documents: [try DOCXText(maxPartSize: maxPartSize, extractionTimeout: docxTimeout).document(data: data, path: path)], warnings: [], skipped: 0)
        case _ where Self.htmlExtensions.contains(ext):
            let (document, warnings) = try HTMLText.document(data: data, path: path)
            return ReadResult(documents: [document], warnings: warnings, skipped: 0)
        default:
            let (text, warnings) = try decodedText(data, path: path)
            let document = Self.document(fromText: text, path: path)
            // Front matter alone is no document (found by scripts/checks/fuzz.sh).
            guard document.text.contains(where: { !$0.isWhitespace }) else { throw ReaderError.empty(path: path) }
            return ReadResult(documents: [document], warnings: warnings, skipped: 0)
        }
    }

    /// JSON Lines and CSV files are read record by record (`maxFileSize` then bounds one record).
    public static func isStreamed(_ ext: String) -> Bool { ext == "csv" || jsonLinesExtensions.contains(ext) }

    /// A JSON Lines or CSV file from a stream, each document handed to `each` as it is parsed.
    func read(stream: ByteStream, ext: String, path: String, each: (Document) throws -> Void) throws -> ReadSummary {
        ext == "csv" ? try CSVText(reader: self).read(stream, path: path, each: each) : try readJSONLines(stream, path: path, each: each)
    }

    /// A file opened for streaming (no size limit: see `isStreamed`); `ByteStream` refuses what is not a
    /// readable regular file.
    public func stream(of path: String) throws -> ByteStream { try ByteStream(path: path) }

    /// Largest part unpacked from a .docx: 8 × the file size limit (saturating), as XML compresses about that well.
    var maxPartSize: Int {
        let (product, overflow) = maxFileSize.multipliedReportingOverflow(by: 8)
        return overflow ? Int.max : product
    }

    /// A file's bytes, after checking it exists, is a regular file (a named pipe would block the read for
    /// ever), can be opened, and is within the size limit. Each failure says which of these it is.
    func contents(of path: String) throws -> Data {
        let size: Int
        switch PathKind.of(path) {
        case .missing: throw ReaderError.notFound(path: path)
        case .unreachable(let why): throw ReaderError.cannotOpen(path: path, why: why)
        case .directory: throw ReaderError.notARegularFile(path: path, kind: "a folder")
        case .special(let kind): throw ReaderError.notARegularFile(path: path, kind: kind)
        case .regular(let bytes): size = bytes
        }
        guard size <= maxFileSize else { throw ReaderError.tooLarge(path: path, bytes: size, limit: maxFileSize) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReaderError.cannotOpen(path: path, why: systemErrorText(errno)) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let data: Data
        // One byte over the limit is enough to know the file grew past it since it was looked at.
        do { data = try handle.read(upToCount: maxFileSize == Int.max ? maxFileSize : maxFileSize + 1) ?? Data() } catch {
            throw ReaderError.cannotOpen(path: path, why: (error as NSError).localizedDescription)
        }
        guard data.count <= maxFileSize else { throw ReaderError.tooLarge(path: path, bytes: data.count, limit: maxFileSize) }
        return data
    }

    /// Throws `cannotOpen` with the system's reason (permission denied…) when `path` cannot be opened for reading.
    static func checkReadable(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw ReaderError.cannotOpen(path: path, why: systemErrorText(errno)) }
        close(descriptor)
    }

    /// The file's text: UTF-8 (a BOM is dropped), or Windows-1252 when it is not valid UTF-8 (reported).
    public func decodedText(of path: String) throws -> (String, [ReaderWarning]) {
        try decodedText(try contents(of: path), path: path)
    }

    /// Bytes → text as `decodedText(of:)`: empty, blank and binary content are refused. UTF-16 with a byte
    /// order mark (what Windows Notepad and Excel's "Unicode text" save) is decoded; its zero bytes made it
    /// "binary" before. UTF-32 is refused by name.
    public func decodedText(_ data: Data, path: String) throws -> (String, [ReaderWarning]) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            throw ReaderError.unsupportedEncoding(path: path, encoding: "UTF-32")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            bytes = try utf8FromUTF16(bytes, path: path)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard !bytes.isEmpty, bytes.contains(where: { !isASCIIWhitespace($0) }) else { throw ReaderError.empty(path: path) }
        guard !looksBinary(bytes) else { throw ReaderError.binary(path: path) }
        if let text = String(validatingUTF8Bytes: bytes) { return (text, []) }
        return (windows1252String(bytes), [ReaderWarning(path: path, line: nil, message: "not valid UTF-8; read as Windows-1252 (Latin-1)")])
    }

    /// UTF-16 bytes starting with a byte order mark → UTF-8 bytes (without the mark); invalid UTF-16 (an
    /// odd length, a lone surrogate) is an error naming the file.
    func utf8FromUTF16(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        let littleEndian = bytes[0] == 0xFF
        guard bytes.count % 2 == 0 else { throw ReaderError.corrupt(path: path, why: "invalid UTF-16 text (odd number of bytes); save it as UTF-8") }
        var units = [UInt16]()
        units.reserveCapacity(bytes.count / 2 - 1)
        var i = 2
        while i + 1 < bytes.count {
            units.append(littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        var out = [UInt8]()
        out.reserveCapacity(units.count * 2)
        var decoder = UTF16()
        var iterator = units.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): out.append(contentsOf: String(scalar).utf8)
            case .emptyInput: break loop
            case .error: throw ReaderError.corrupt(path: path, why: "invalid UTF-16 text (a lone surrogate); save it as UTF-8")
            }
        }
        return out
    }

    /// A `.txt`/`.md` document, with its optional front matter.
    public static func document(fromText raw: String, path: String) -> Document {
        var text = raw
        var fields = [String: String]()
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.first.map({ $0.trimmingCharacters(in: .whitespaces) == "---" }) == true,
           let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) {
            for line in lines[1..<close] {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if !key.isEmpty && !value.isEmpty { fields[key] = value }
            }
            text = lines[(close + 1)...].joined(separator: "\n")
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let id = fields.removeValue(forKey: "id") ?? stem
        let firstLine = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? stem
        let title = fields.removeValue(forKey: "title") ?? String(firstLine.prefix(160))
        let lang = fields.removeValue(forKey: "lang")
        return Document(id: id, title: title, text: text, lang: lang, metadata: fields)
    }

    /// Every line of a JSON Lines file (see `JSONLinesReader`), each document handed to `each` as it is
    /// parsed; ids must be unique within it.
    ///
    /// - Complexity: O(n) over the file's bytes; memory O(one line + the file's ids).
    func readJSONLines(_ stream: ByteStream, path: String, each: (Document) throws -> Void) throws -> ReadSummary {
        try sniff(stream, path: path)
        var lines = JSONLinesReader(stream: stream, path: path, maxRecordBytes: maxFileSize)
        return try readRecords(&lines, path: path, duplicate: { .invalidJSON(path: path, line: $0, why: $1) }, each: each)
    }

    public static func document(fromJSONLine line: String, path: String, line number: Int) throws -> Document {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(line.utf8)) } catch {
            throw ReaderError.invalidJSON(path: path, line: number, why: "not JSON")
        }
        guard let dict = object as? [String: Any] else { throw ReaderError.invalidJSON(path: path, line: number, why: "not a JSON object") }
        // The four known fields are strings: `{"id": true}` became the id "1" through NSNumber. Any other JSON
        // value is refused, naming the field and what it holds (null counts as absent).
        func string(_ key: String) throws -> String? {
            guard let value = dict[key], !(value is NSNull) else { return nil }
            if let s = value as? String { return s }
            throw ReaderError.invalidJSON(path: path, line: number, why: "field \"\(key)\" must be a string, not \(jsonKind(value)) (write it in quotes)")
        }
        // "Not blank" by finding one character outside the set, not by trimming: trimming a posting's
        // whole text through Foundation (UTF-16) cost as much as parsing the line.
        guard let id = try string("id"), id.unicodeScalars.contains(where: { !CharacterSet.whitespaces.contains($0) }) else {
            throw ReaderError.missingField(path: path, line: number, field: "id")
        }
        guard let text = try string("text"), text.unicodeScalars.contains(where: { !CharacterSet.whitespacesAndNewlines.contains($0) }) else {
            throw ReaderError.missingField(path: path, line: number, field: "text")
        }
        var metadata = [String: String]()
        for (key, value) in dict where !["id", "title", "text", "lang"].contains(key) {
            if let s = value as? String { metadata[key] = s } else if let n = value as? NSNumber {
                metadata[key] = isJSONBoolean(n) ? (n.boolValue ? "true" : "false") : n.stringValue
            }
        }
        let title = try string("title").flatMap { $0.isEmpty ? nil : $0 } ?? String(text.prefix(80))
        return Document(id: id, title: title, text: text, lang: try string("lang"), metadata: metadata)
    }
}

/// Whether a number from JSONSerialization was written `true` or `false` (both arrive as NSNumber).
func isJSONBoolean(_ number: NSNumber) -> Bool {
    // Booleans are CFBoolean, of type "c" (char); JSONSerialization gives numbers no char type.
    String(cString: number.objCType) == "c"
}

/// "a number", "true", "an array"… for a JSON value, in errors.
func jsonKind(_ value: Any) -> String {
    if let n = value as? NSNumber { return isJSONBoolean(n) ? (n.boolValue ? "true" : "false") : "a number (\(n.stringValue))" }
    if value is [Any] { return "an array" }
    if value is [String: Any] { return "an object" }
    return "\(type(of: value))"
}

func isASCIIWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

/// NUL bytes, or many control characters, mean a binary file.
func looksBinary(_ bytes: [UInt8]) -> Bool {
    let sample = bytes.prefix(8192)
    if sample.contains(0) { return true }
    let controls = sample.filter { $0 < 0x20 && !isASCIIWhitespace($0) && $0 != 0x1B }.count
    return controls * 10 > sample.count
}

/// Windows-1252 byte → Unicode scalar (0x80–0x9F are the typographic characters; the five undefined
/// positions map to their C1 control code points, as the WHATWG encoding standard does).
func windows1252Scalar(_ b: UInt8) -> Unicode.Scalar {
    let table: [UInt32] = [0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
                           0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178]
    if b >= 0x80 && b <= 0x9F { return Unicode.Scalar(table[Int(b - 0x80)])! }
    return Unicode.Scalar(b)
}

/// Windows-1252 bytes → text (every byte maps to a character, so this never fails).
func windows1252String<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var scalars = String.UnicodeScalarView()
    for b in bytes { scalars.append(windows1252Scalar(b)) }
    return String(scalars)
}

extension String {
    /// Decodes UTF-8, returning nil (instead of repairing) when the bytes are not valid UTF-8.
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): scalars.append(s)
            case .emptyInput: self = String(scalars); return
            case .error: return nil
            }
        }
    }
}
