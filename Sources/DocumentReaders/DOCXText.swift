import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PasserelleCore
import ZIPFoundation

/// A Word `.docx` (Office Open XML, a zip of XML parts) → one document.
///
/// The text is that of `word/document.xml`: each paragraph (`w:p`) a line, runs' text (`w:t`), `w:tab` as a
/// tab, `w:br`/`w:cr` as a line break; deleted text of tracked changes (`w:delText`) and field codes
/// (`w:instrText`) are not text. The title is `dc:title` of `docProps/core.xml`, else the first paragraph.
/// Elements are matched by local name, so the transitional and strict namespaces both work.
struct DOCXText {
    /// Largest uncompressed XML part accepted (bytes): a zip bomb stops here.
    var maxPartSize: Int
    /// Size of the archive being read (bytes), set by `document(file:path:)`: no entry's compressed data can
    /// be larger.
    var archiveSize = 0
    /// Longest time one part may take to unpack (seconds); see `extract`.
    var extractionTimeout: Double = 20

    /// Reads the .docx at `file` (`path` names it in errors).
    ///
    /// Always from a file: ZIPFoundation 0.9.20's in-memory archive (`Archive(data:)`) traps on some damaged
    /// zips (a reversed range in `MemoryFile.readData`, found by scripts/checks/fuzz.sh) and leaks when it throws;
    /// the file-backed one reads with `fread` and throws instead.
    func document(file: URL, path: String) throws -> Document {
        var reader = self
        reader.archiveSize = ((try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? NSNumber)?.intValue ?? 0
        return try reader.read(file: file, path: path)
    }

    private func read(file: URL, path: String) throws -> Document {
        let archive: Archive
        do { archive = try Archive(url: file, accessMode: .read) } catch {
            throw ReaderError.corrupt(path: path, why: "not a valid .docx file (not a zip archive)")
        }
        guard let body = archive["word/document.xml"] else {
            throw ReaderError.corrupt(path: path, why: "not a valid .docx file (no word/document.xml inside)")
        }
        let paragraphs = try parse(try extract(body, from: archive, path: path), path: path, part: "word/document.xml", handler: BodyHandler()).paragraphs
        let lines = paragraphs.map { $0.trimmingCharacters(in: .whitespaces) }
        let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.contains(where: { $0.isLetter || $0.isNumber }) else { throw ReaderError.empty(path: path) }
        var title: String? = nil
        if let core = archive["docProps/core.xml"],
           let props = try? parse(try extract(core, from: archive, path: path), path: path, part: "docProps/core.xml", handler: CorePropertiesHandler()) {
            title = props.title.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let firstLine = lines.first { !$0.isEmpty } ?? ""
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let chosen = (title?.isEmpty == false ? title! : String(firstLine.prefix(160)))
        return Document(id: stem, title: chosen.isEmpty ? stem : chosen, text: text, lang: nil, metadata: [:])
    }

    /// A part's bytes, refusing parts over `maxPartSize` and damaged compressed data.
    /// Bytes already in memory: written to a temporary file first (see `document(file:path:)`).
    func document(data: Data, path: String) throws -> Document {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-docx-\(UUID().uuidString).docx")
        do { try data.write(to: temporary) } catch {
            throw ReaderError.corrupt(path: path, why: "cannot make a temporary copy (\(error.localizedDescription))")
        }
        defer { try? FileManager.default.removeItem(at: temporary) }
        return try document(file: temporary, path: path)
    }

    func extract(_ entry: Entry, from archive: Archive, path: String) throws -> Data {
        guard entry.compressedSize <= UInt64(archiveSize) else {
            throw ReaderError.corrupt(path: path, why: "\(entry.path) claims \(entry.compressedSize) compressed bytes in a \(archiveSize)-byte file")
        }
        guard entry.uncompressedSize <= UInt64(maxPartSize) else {
            throw ReaderError.corrupt(path: path, why: "\(entry.path) unpacks to \(entry.uncompressedSize) bytes, over \(maxPartSize)")
        }
        // On Linux, ZIPFoundation 0.9.20 inflates in a loop that only ends at the end of the deflate stream:
        // a damaged stream that reaches the end of the file first spins for ever on empty reads (found by
        // scripts/checks/fuzz.sh). No public API can stop it, so the extraction runs on its own thread and is given
        // up after `extractionTimeout`; the stuck thread spins until the process exits, which for the CLI is
        // right after this error.
        final class Outcome: @unchecked Sendable {
            var data = Data()
            var error: Error?
        }
        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        let limit = maxPartSize
        nonisolated(unsafe) let archive = archive
        // ZIPFoundation's Entry is a value type that does not declare Sendable; the thread only reads it.
        nonisolated(unsafe) let entry = entry
        let thread = Thread {
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    outcome.data.append(chunk)
                    if outcome.data.count > limit { throw ReaderError.corrupt(path: path, why: "\(entry.path) unpacks to over \(limit) bytes") }
                }
            } catch {
                outcome.error = error
            }
            finished.signal()
        }
        thread.start()
        guard finished.wait(timeout: .now() + extractionTimeout) == .success else {
            throw ReaderError.corrupt(path: path, why: "\(entry.path): the compressed data does not end (took over \(String(format: "%g", extractionTimeout)) s)")
        }
        if let e = outcome.error as? ReaderError { throw e }
        if let error = outcome.error { throw ReaderError.corrupt(path: path, why: "\(entry.path) is damaged in the zip archive (\(error))") }
        return outcome.data
    }

    func parse<H: NSObject & XMLParserDelegate>(_ data: Data, path: String, part: String, handler: H) throws -> H {
        // FoundationXML traps (does not throw) on an element name that is not valid UTF-8 (found by
        // scripts/checks/fuzz.sh): check the bytes first. Word writes its parts in UTF-8.
        guard String(validatingUTF8Bytes: [UInt8](data)) != nil else {
            throw ReaderError.corrupt(path: path, why: "\(part) is not valid UTF-8 text")
        }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        // FoundationXML's parse() may answer true after a fatal error (libxml2 recovers), so the error is checked
        // too; namespace errors (codes 201–205: an undeclared prefix) are tolerated, the text is still there.
        let succeeded = parser.parse()
        let error = parser.parserError.map { $0 as NSError }
        if !succeeded || (error != nil && !(201...205).contains(error!.code)) {
            let why = error.map { "XML error \($0.code)" } ?? "malformed XML"
            throw ReaderError.corrupt(path: path, why: "\(part) is not well-formed XML (line \(parser.lineNumber): \(why))")
        }
        return handler
    }
}

/// `word/document.xml` → paragraphs.
/// Each handler conforms itself: on Linux the protocol's methods are not dispatched to a subclass's overrides.
final class BodyHandler: NSObject, XMLParserDelegate {
    private(set) var paragraphs = [String]()
    private var current = ""
    private var inText = 0
    private var paragraphDepth = 0

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch localName(elementName) {
        case "p": paragraphDepth += 1
        case "t": inText += 1
        case "tab": current += "\t"
        case "br", "cr": current += "\n"
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(elementName) {
        case "p":
            paragraphDepth = max(0, paragraphDepth - 1)
            // A paragraph inside another (a text box) ends a line too.
            paragraphs += current.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            current = ""
        case "t": inText = max(0, inText - 1)
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText > 0 { current += string }
    }

    func parserDidEndDocument(_ parser: XMLParser) {
        if !current.isEmpty { paragraphs.append(current); current = "" }
    }
}

/// `docProps/core.xml` → `dc:title`.
final class CorePropertiesHandler: NSObject, XMLParserDelegate {
    private(set) var title = ""
    private var inTitle = false

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if localName(elementName) == "title" { inTitle = true }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if localName(elementName) == "title" { inTitle = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { title += string }
    }
}

/// "w:p" → "p" (with namespace processing the name is already local on most platforms).
private func localName(_ name: String) -> Substring {
    name.split(separator: ":").last ?? Substring(name)
}
