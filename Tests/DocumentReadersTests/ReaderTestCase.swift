import Foundation
import XCTest
import ZIPFoundation

/// A test case with its own temporary folder, and builders for the fixtures (docx, pdf) written into it.
class ReaderTestCase: XCTestCase {
    var dir: URL!

    override func setUp() {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("readers-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

    /// A zip holding the given parts (deflated), as Word writes a .docx.
    func zip(_ name: String, parts: [(String, String)]) throws -> String {
        let url = dir.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url.path
    }

    /// WordprocessingML for paragraphs given as runs; "\t" in a run becomes `<w:tab/>`, "\n" `<w:br/>`.
    static func documentXML(_ paragraphs: [[String]]) -> String {
        func run(_ text: String) -> String {
            var xml = "<w:r>"
            var piece = ""
            func flush() { if !piece.isEmpty { xml += "<w:t xml:space=\"preserve\">\(escape(piece))</w:t>"; piece = "" } }
            for c in text {
                if c == "\t" { flush(); xml += "<w:tab/>" } else if c == "\n" { flush(); xml += "<w:br/>" } else { piece.append(c) }
            }
            flush()
            return xml + "</w:r>"
        }
        let body = paragraphs.map { "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>\($0.map(run).joined())</w:p>" }.joined()
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body)<w:sectPr/></w:body></w:document>
        """
    }

    static func coreXML(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>\(escape(title))</dc:title><dc:creator>Test</dc:creator></cp:coreProperties>
        """
    }

    static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
    """

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A minimal PDF 1.4: one page per entry, each a list of lines in Helvetica (WinAnsiEncoding, so "é"
    /// works), or nil for a page with only a grey rectangle, as a scan without a text layer would be.
    static func pdf(pages: [[String]?]) -> Data {
        var out = [UInt8]()
        var offsets = [Int]()
        func emit(_ s: String) { out += Array(s.utf8) }
        func object(_ body: [UInt8]) {
            offsets.append(out.count)
            emit("\(offsets.count) 0 obj\n")
            out += body
            emit("\nendobj\n")
        }
        func pdfString(_ line: String) -> [UInt8] {
            var bytes: [UInt8] = [0x28]
            for scalar in line.unicodeScalars {
                let b: UInt8 = scalar.value < 256 ? UInt8(scalar.value) : (scalar == "’" ? 0x92 : (scalar == "–" ? 0x96 : 0x3F))
                if b == 0x28 || b == 0x29 || b == 0x5C { bytes.append(0x5C) }
                bytes.append(b)
            }
            return bytes + [0x29]
        }
        emit("%PDF-1.4\n%\u{E2}\u{E3}\n")
        let pageCount = pages.count
        // 1 catalog, 2 pages, 3 font, then page i at 4 + 2i and its content at 5 + 2i.
        object(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        let kids = (0..<pageCount).map { "\(4 + 2 * $0) 0 R" }.joined(separator: " ")
        object(Array("<< /Type /Pages /Kids [\(kids)] /Count \(pageCount) >>".utf8))
        object(Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8))
        for (i, lines) in pages.enumerated() {
            object(Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * i) 0 R >>".utf8))
            var content = [UInt8]()
            if let lines {
                content += Array("BT /F1 12 Tf 72 720 Td 16 TL\n".utf8)
                for line in lines { content += pdfString(line) + Array(" Tj T*\n".utf8) }
                content += Array("ET".utf8)
            } else {
                content += Array("0.5 g 72 72 400 600 re f".utf8)
            }
            object(Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("\nendstream".utf8))
        }
        let xref = out.count
        emit("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n")
        for o in offsets { emit(String(format: "%010d 00000 n \n", o)) }
        emit("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n")
        return Data(out)
    }
}
