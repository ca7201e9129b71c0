import CSV
import Foundation
import Passerelle

/// A CSV file → one document per row (RFC 4180 through yaslab/CSV.swift: quoted fields may hold commas,
/// doubled quotes and line breaks).
///
/// A header row is required. Columns `id` and `text` must be there and `title` may be (names set by the
/// reader's `idColumn`, `titleColumn`, `textColumn`, compared case-insensitively); a `lang` column gives the
/// language; every other column is metadata. The delimiter is "," — or ";" when the header has semicolons
/// and no commas, as in spreadsheets saved in French. Errors name the file and the line where the row
/// starts (a quoted field with line breaks spans several lines); with `skipInvalid`, bad rows are skipped
/// and counted as for JSON Lines.
struct CSVText {
    var reader: DocumentReader

    func read(_ text: String, path: String, warnings: [ReaderWarning]) throws -> ReadResult {
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let delimiter: Unicode.Scalar = headerLine.contains(";") && !headerLine.contains(",") ? ";" : ","
        let csv: CSVReader
        do { csv = try CSVReader(string: text, hasHeaderRow: false, delimiter: delimiter) } catch {
            throw ReaderError.invalidCSV(path: path, line: 1, why: "cannot be parsed (\(error))")
        }
        var line = 1
        /// The next record, with the line it starts on; blank lines are passed over.
        func nextRecord() -> (fields: [String], line: Int)? {
            while let fields = csv.next() {
                let start = line
                line += 1 + fields.reduce(0) { $0 + lineBreaks(in: $1) }
                if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
                return (fields, start)
            }
            return nil
        }

        guard let header = nextRecord() else { throw ReaderError.empty(path: path) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) -> Int? { names.firstIndex(of: name.lowercased()) }
        let columnList = header.fields.joined(separator: ", ")
        guard let idIndex = column(reader.idColumn) else {
            throw ReaderError.invalidCSV(path: path, line: header.line, why: "no \"\(reader.idColumn)\" column in the header (columns: \(columnList))")
        }
        guard let textIndex = column(reader.textColumn) else {
            throw ReaderError.invalidCSV(path: path, line: header.line, why: "no \"\(reader.textColumn)\" column in the header (columns: \(columnList))")
        }
        let titleIndex = column(reader.titleColumn)
        let langIndex = column("lang")
        if let duplicate = names.enumerated().first(where: { names.firstIndex(of: $0.element) != $0.offset && !$0.element.isEmpty }) {
            throw ReaderError.invalidCSV(path: path, line: header.line, why: "column \"\(header.fields[duplicate.offset])\" appears twice in the header")
        }

        var result = ReadResult(documents: [], warnings: warnings, skipped: 0)
        var seen = [String: Int]()
        while let (fields, number) = nextRecord() {
            do {
                guard fields.count <= names.count else {
                    throw ReaderError.invalidCSV(path: path, line: number, why: "\(fields.count) fields but the header has \(names.count) (a comma in an unquoted field?)")
                }
                func field(_ i: Int?) -> String { i.flatMap { $0 < fields.count ? fields[$0] : nil } ?? "" }
                let id = field(idIndex).trimmingCharacters(in: .whitespaces)
                guard !id.isEmpty else { throw ReaderError.invalidCSV(path: path, line: number, why: "empty id") }
                if let first = seen[id] { throw ReaderError.invalidCSV(path: path, line: number, why: "duplicate id '\(id)' (first on line \(first))") }
                let text = field(textIndex)
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw ReaderError.missingField(path: path, line: number, field: reader.textColumn)
                }
                var metadata = [String: String]()
                for (i, value) in fields.enumerated() where ![idIndex, textIndex, titleIndex, langIndex].contains(i) && !names[i].isEmpty && !value.isEmpty {
                    metadata[header.fields[i].trimmingCharacters(in: .whitespaces)] = value
                }
                let title = field(titleIndex).trimmingCharacters(in: .whitespacesAndNewlines)
                let lang = field(langIndex).trimmingCharacters(in: .whitespaces)
                seen[id] = number
                result.documents.append(Document(id: id, title: title.isEmpty ? String(text.prefix(80)) : title, text: text,
                                                 lang: lang.isEmpty ? nil : lang, metadata: metadata))
            } catch let error as ReaderError where reader.skipInvalid {
                result.skipped += 1
                result.warnings.append(ReaderWarning(path: path, line: number, message: "skipped: \(error)"))
            }
        }
        guard !result.documents.isEmpty else { throw ReaderError.noDocuments(path: path) }
        return result
    }
}

/// Line breaks inside a field (CR LF counts once).
private func lineBreaks(in field: String) -> Int {
    field.reduce(0) { $0 + ($1.isNewline ? 1 : 0) }
}
