import PasserelleCore

/// A file of many documents read one record at a time: JSON Lines (`JSONLinesReader`) and CSV
/// (`CSVDocuments`). Each record is a document or the reason it is invalid, with the line it starts on, so
/// that one loop (`DocumentReader.readRecords`) applies the same rules to both formats.
protocol DocumentRecords {
    /// The next record — the line it starts on and its document, or why it is invalid; nil at the end.
    /// Throws only when nothing after the record can be read.
    mutating func next() throws -> (line: Int, document: Result<Document, ReaderError>)?
    /// The warning for a file read (in part) as Windows-1252, once all its records were read.
    var encodingWarning: ReaderWarning? { get }
}

extension JSONLinesReader: DocumentRecords {}
extension CSVDocuments: DocumentRecords {}

extension DocumentReader {
    /// Every record of a file handed to `each` as it is parsed — the rules of a multi-document file: ids are
    /// unique within the file (a repeat is the error `duplicate(line, why)` of the file's format, naming the
    /// first line), an invalid record stops the read or, with `skipInvalid`, is skipped, counted and listed
    /// as a warning; the encoding warning comes first; a file without a document is an error.
    ///
    /// - Complexity: O(records); memory O(one record + the file's ids).
    func readRecords<Records: DocumentRecords>(_ records: inout Records, path: String,
                                               duplicate: (_ line: Int, _ why: String) -> ReaderError,
                                               each: (Document) throws -> Void) throws -> ReadSummary {
        var summary = ReadSummary()
        var firstLineOfId = [String: Int]()
        while let (number, outcome) = try records.next() {
            let document: Document
            do {
                document = try outcome.get()
                if let first = firstLineOfId[document.id] {
                    throw duplicate(number, "duplicate id '\(document.id)' (first on line \(first))")
                }
                firstLineOfId[document.id] = number
            } catch let error as ReaderError where skipInvalid {
                summary.skipped += 1
                summary.warnings.append(ReaderWarning(path: path, line: number, message: "skipped: \(error)"))
                continue
            }
            try each(document)
            summary.documents += 1
        }
        if let warning = records.encodingWarning { summary.warnings.insert(warning, at: 0) }
        guard summary.documents > 0 else { throw ReaderError.noDocuments(path: path) }
        return summary
    }
}
