import Foundation
import PasserelleCore

/// A CSV file → one document per row (RFC 4180 through `CSVRecordReader`: quoted fields may hold commas,
/// doubled quotes and line breaks; a stray or unclosed quote is an error naming its line).
///
/// A header row is required. Columns `id` and `text` must be there and `title` may be (names set by the
/// reader's `idColumn`, `titleColumn`, `textColumn`, compared case-insensitively); a `lang` column gives the
/// language; every other column is metadata. The delimiter is "," — or ";" when the header has semicolons
/// and no commas, as in spreadsheets saved in French. Errors name the file and the line where the row
/// starts (a quoted field with line breaks spans several lines); with `skipInvalid`, bad rows are skipped
/// and counted as for JSON Lines. Rows are streamed: `index` takes each as it is parsed (`read`), `batch` one
/// at a time (`CSVDocuments`).
struct CSVText {
    var reader: DocumentReader

    /// Every row of a CSV file, each document handed to `each` as it is parsed; ids must be unique within it.
    ///
    /// - Complexity: O(n) over the file's bytes; memory O(one record + the file's ids).
    func read(_ stream: ByteStream, path: String, each: (Document) throws -> Void) throws -> ReadSummary {
        var rows = try CSVDocuments(stream: stream, path: path, reader: reader)
        return try reader.readRecords(&rows, path: path, duplicate: { .invalidCSV(path: path, line: $0, why: $1) }, each: each)
    }
}

/// The rows of a CSV file as documents, one at a time (the header is read on creation).
public struct CSVDocuments {
    public let path: String
    let reader: DocumentReader
    private var csv: CSVRecordReader
    private let names: [String]
    private let header: [String]
    private let idIndex: Int, textIndex: Int, titleIndex: Int?, langIndex: Int?
    /// The first row read as Windows-1252, if any.
    public private(set) var firstWindows1252Line: Int? = nil

    /// Reads the header. Throws `ReaderError` for an empty, blank or binary file and for a header without the
    /// id or text column or with a column twice.
    public init(stream: ByteStream, path: String, reader: DocumentReader) throws {
        self.path = path
        self.reader = reader
        try sniff(stream, path: path)
        csv = CSVRecordReader(stream: stream, delimiter: CSVRecordReader.sniffDelimiter(stream), maxRecordBytes: reader.maxFileSize)
        var headerRecord: CSVRecordReader.Record? = nil
        do {
            while let record = try csv.next() {
                if record.fields.count == 1 && record.fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
                headerRecord = record
                break
            }
        } catch let failure as CSVRecordReader.Failure {
            throw ReaderError.invalidCSV(path: path, line: failure.line, why: failure.why)
        }
        guard let headerRecord else { throw ReaderError.empty(path: path) }
        header = headerRecord.fields
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        self.names = names
        func column(_ name: String) -> Int? { names.firstIndex(of: name.lowercased()) }
        let columnList = header.joined(separator: ", ")
        guard let idIndex = column(reader.idColumn) else {
            throw ReaderError.invalidCSV(path: path, line: headerRecord.line, why: "no \"\(reader.idColumn)\" column in the header (columns: \(columnList))")
        }
        guard let textIndex = column(reader.textColumn) else {
            throw ReaderError.invalidCSV(path: path, line: headerRecord.line, why: "no \"\(reader.textColumn)\" column in the header (columns: \(columnList))")
        }
        if let duplicate = names.enumerated().first(where: { names.firstIndex(of: $0.element) != $0.offset && !$0.element.isEmpty }) {
            throw ReaderError.invalidCSV(path: path, line: headerRecord.line, why: "column \"\(header[duplicate.offset])\" appears twice in the header")
        }
        self.idIndex = idIndex
        self.textIndex = textIndex
        titleIndex = column(reader.titleColumn)
        langIndex = column("lang")
    }

    /// The warning for a file read (in part) as Windows-1252.
    public var encodingWarning: ReaderWarning? {
        firstWindows1252Line.map { ReaderWarning(path: path, line: $0, message: "not valid UTF-8; read as Windows-1252 (Latin-1)") }
    }

    /// The next row: the line it starts on and its document, or why it is invalid. nil at the end. Throws
    /// only when nothing after the row can be read (a quoted field still open at the end of the file).
    public mutating func next() throws -> (line: Int, document: Result<Document, ReaderError>)? {
        var record: CSVRecordReader.Record
        // Rows of white space alone are passed over (a loop: a file may hold millions of them).
        repeat {
            do {
                guard let r = try csv.next() else { return nil }
                record = r
            } catch let failure as CSVRecordReader.Failure {
                let error = ReaderError.invalidCSV(path: path, line: failure.line, why: failure.why)
                guard failure.resumable else { throw error }
                return (failure.line, .failure(error))
            }
            if record.readAsWindows1252 && firstWindows1252Line == nil { firstWindows1252Line = record.line }
        } while record.fields.count == 1 && record.fields[0].trimmingCharacters(in: .whitespaces).isEmpty
        let fields = record.fields, number = record.line
        guard fields.count <= names.count else {
            return (number, .failure(.invalidCSV(path: path, line: number, why: "\(fields.count) fields but the header has \(names.count) (a comma in an unquoted field?)")))
        }
        func field(_ i: Int?) -> String { i.flatMap { $0 < fields.count ? fields[$0] : nil } ?? "" }
        let id = field(idIndex).trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty else { return (number, .failure(.invalidCSV(path: path, line: number, why: "empty id"))) }
        let text = field(textIndex)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return (number, .failure(.missingField(path: path, line: number, field: reader.textColumn)))
        }
        var metadata = [String: String]()
        for (i, value) in fields.enumerated() where ![idIndex, textIndex, titleIndex, langIndex].contains(i) && !names[i].isEmpty && !value.isEmpty {
            metadata[header[i].trimmingCharacters(in: .whitespaces)] = value
        }
        let title = field(titleIndex).trimmingCharacters(in: .whitespacesAndNewlines)
        let lang = field(langIndex).trimmingCharacters(in: .whitespaces)
        return (number, .success(Document(id: id, title: title.isEmpty ? String(text.prefix(80)) : title, text: text,
                                          lang: lang.isEmpty ? nil : lang, metadata: metadata)))
    }
}
