import Foundation

/// The one CSV reader of Passerelle: CSV documents (`CSVText`), candidate pools of `batch`, the rows
/// `merge` reads back, and `import rome|esco` all go through it.
///
/// A strict RFC 4180 parser over a `ByteStream`, rather than yaslab/CSV.swift: CSV.swift 2.5.2 accepts a
/// quote inside an unquoted field and characters after a closing quote (its reader keeps them, "ERROR?" in
/// its source), and ends a quoted field silently at the end of the file. A stray quote then swallows the
/// following rows into one field — "indexed 5 postings" from a file of 6 — and nothing tells which line was
/// wrong. This parser refuses both, naming the line, and reports each record's first line.
///
/// Accepted: fields separated by `delimiter`; records ended by LF, CR LF or a lone CR; a quoted field may
/// hold delimiters, line breaks (kept as written) and doubled quotes. Refused: a quote inside an unquoted
/// field, anything but a delimiter or a line end after a closing quote, a quoted field still open at the
/// end of the file (named by the line where it opened), and a record over `maxRecordBytes`.
///
/// - Complexity: O(n) over the file's bytes, one pass; memory O(one record).
public struct CSVRecordReader {
    /// One record: its fields and the line where it starts (1-based; a quoted field with line breaks makes
    /// a record span several lines).
    public struct Record: Equatable {
        public var fields: [String]
        public var line: Int
        /// Some field was not valid UTF-8 and was read as Windows-1252.
        public var readAsWindows1252: Bool
    }

    /// What is wrong with a record; `resumable` is false when nothing after it can be trusted (an open quote at
    /// the end of the file), so that skipping invalid records cannot go on past it.
    public struct Failure: Error, Equatable {
        public var line: Int
        public var why: String
        public var resumable: Bool
    }

    public let stream: ByteStream
    public let delimiter: UInt8
    public let maxRecordBytes: Int
    private var line = 1
    private var finished = false

    public init(stream: ByteStream, delimiter: UInt8 = UInt8(ascii: ","), maxRecordBytes: Int = .max) {
        self.stream = stream
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
    }

    /// ";" when the first line has semicolons and no commas (spreadsheets saved in French), else ",".
    public static func sniffDelimiter(_ stream: ByteStream) -> UInt8 {
        let head = stream.peekBuffered()
        let firstLine = head.prefix { $0 != 0x0A && $0 != 0x0D }
        return firstLine.contains(UInt8(ascii: ";")) && !firstLine.contains(UInt8(ascii: ",")) ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// The next record, nil at the end of the input, or a `Failure`. After a resumable failure the reader has
    /// moved past the bad record's physical line, so reading may go on (`--skip-invalid`).
    public mutating func next() throws -> Record? {
        guard !finished else { return nil }
        let start = line
        var fields = [String]()
        var field = [UInt8]()
        var bytes = 0
        var latin1 = false
        var problem: Failure? = nil

        func endField() {
            if problem == nil {
                let (text, utf8) = decodeRecord(field)
                if !utf8 { latin1 = true }
                fields.append(text)
            }
            field.removeAll(keepingCapacity: true)
        }
        func append(_ b: UInt8) {
            bytes += 1
            if bytes > maxRecordBytes {
                if problem == nil {
                    problem = Failure(line: start, why: "record over the limit of \(maxRecordBytes) bytes (see --max-record-size)", resumable: true)
                }
                return
            }
            if problem == nil { field.append(b) }
        }
        /// Consumes a line end whose first byte `b` was read (CR LF counts once).
        func lineEnd(_ b: UInt8) {
            if b == 0x0D, stream.peek() == 0x0A { _ = stream.next(); if problem == nil { bytes += 1 } }
            line += 1
        }
        /// Skips to the end of the current physical line (resynchronizing after a stray quote).
        func skipLine() {
            while let b = stream.next() {
                if b == 0x0A || b == 0x0D { lineEnd(b); return }
            }
            finished = true
        }

        // Blank lines between records are passed over.
        while let b = stream.peek(), b == 0x0A || b == 0x0D {
            _ = stream.next(); lineEnd(b)
        }
        guard stream.peek() != nil else { finished = true; return nil }
        let recordStart = line

        fieldLoop: while true {
            // At the start of a field.
            if stream.peek() == 0x22 {
                _ = stream.next()
                let opened = line
                quoted: while true {
                    guard let b = stream.next() else {
                        finished = true
                        throw Failure(line: opened, why: "quoted field opened on line \(opened) is never closed (a stray quote?)", resumable: false)
                    }
                    if b == 0x22 {
                        if stream.peek() == 0x22 { _ = stream.next(); append(0x22); continue quoted }
                        break quoted
                    }
                    append(b)
                    if b == 0x0A || (b == 0x0D && stream.peek() != 0x0A) { line += 1 }
                }
                // After the closing quote: a delimiter, a line end or the end.
                guard let after = stream.next() else { endField(); finished = true; break fieldLoop }
                if after == delimiter { endField(); continue fieldLoop }
                if after == 0x0A || after == 0x0D { endField(); lineEnd(after); break fieldLoop }
                let shown = after < 0x80 ? "'\(Character(Unicode.Scalar(after)))'" : "more text"
                let here = line == recordStart ? "" : " (the quoted field opened on line \(recordStart))"
                let failure = Failure(line: line, why: "\(shown) after a closing quote\(here): a quote inside a field must be doubled (\"\") and the field quoted", resumable: true)
                skipLine()
                throw failure
            }
            // An unquoted field.
            while true {
                guard let b = stream.next() else { endField(); finished = true; break fieldLoop }
                if b == delimiter { endField(); continue fieldLoop }
                if b == 0x0A || b == 0x0D { endField(); lineEnd(b); break fieldLoop }
                if b == 0x22 {
                    let failure = Failure(line: line, why: "quote inside an unquoted field (field \(fields.count + 1)): quote the whole field and double the quote (\"\")", resumable: true)
                    skipLine()
                    throw failure
                }
                append(b)
            }
        }
        if let problem { throw problem }
        return Record(fields: fields, line: recordStart, readAsWindows1252: latin1)
    }
}

/// The one CSV writer: every CSV that Passerelle prints (`rank`/`similar --format csv`, `batch`/`merge
/// --format csv`) goes through it.
///
/// RFC 4180 quoting: a field holding the delimiter, a quote, CR or LF, or starting or ending with a space,
/// is quoted and its quotes doubled. Text cells are also neutralised against formula injection (OWASP's
/// rule): a cell starting with `=`, `+`, `-`, `@`, a tab or CR is prefixed with `'`, so that a spreadsheet
/// shows it instead of evaluating it. Number cells (ranks, scores — a negative score is a number) are
/// written as they are. The prefix is also added when the cell already starts with `'`s followed by such a
/// character, which makes it reversible: `unneutralized` removes exactly one.
///
/// Control characters other than tab, CR and LF (ANSI escapes, NUL…) are shown as visible pictures (see
/// `TerminalText`), since a CSV file is as likely to be `cat` on a terminal as opened in a spreadsheet.
public enum CSVWriter {
    public enum Cell: Equatable {
        case text(String)
        case number(String)
    }

    /// One record, fields joined by `,`, ended by `lineEnding`.
    public static func record(_ cells: [Cell], lineEnding: String) -> String {
        var out = ""
        for (i, cell) in cells.enumerated() {
            if i > 0 { out += "," }
            switch cell {
            case .number(let s): out += quoted(s)
            case .text(let s): out += quoted(neutralized(TerminalText.csvCell(s)))
            }
        }
        return out + lineEnding
    }

    /// A header or other record of text cells alone.
    public static func record(texts: [String], lineEnding: String) -> String { record(texts.map(Cell.text), lineEnding: lineEnding) }

    /// Quoted when it must be (RFC 4180).
    public static func quoted(_ s: String) -> String {
        let needsQuotes = s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || s.first == " " || s.last == " "
        return needsQuotes ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Characters that make a spreadsheet read a cell as a formula.
    public static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Whether `s` is `'`* followed by a formula character.
    static func needsPrefix(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first(where: { $0 != "'" }) else { return false }
        return formulaStarts.contains(first)
    }

    public static func neutralized(_ s: String) -> String { needsPrefix(s) ? "'" + s : s }

    /// The text written through `neutralized`, back as it was.
    public static func unneutralized(_ s: String) -> String {
        s.hasPrefix("'") && needsPrefix(String(s.dropFirst())) ? String(s.dropFirst()) : s
    }
}
