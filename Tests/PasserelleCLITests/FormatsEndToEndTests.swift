import DocumentReaders
import Foundation
import XCTest
import ZIPFoundation
import PasserelleTestSupport

/// Documents in every supported format: postings indexed by the binary from HTML, DOCX, PDF and CSV, and
/// the shipped CVs converted to .docx, .html and .pdf ranking as their .txt originals do. The queries run
/// through the library calls the commands make (`InProcessQueries`), one of each kind through the binary too.
final class FormatsEndToEndTests: XCTestCase {
    nonisolated(unsafe) static var modelPath = ""

    override class func setUp() {
        super.setUp()
        modelPath = CLI.shippedModelPath
    }

    var dir: URL!
    override func setUp() { dir = CLI.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    static var hasPDFToText: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/pdftotext") }
    }

    /// A shipped CV's lines, without its front matter.
    func cvLines(_ name: String) throws -> [String] {
        let url = CLI.packageRoot.appendingPathComponent("Data/candidates/\(name).txt")
        let raw = try String(contentsOf: url, encoding: .utf8)
        return DocumentReader.document(fromText: raw, path: url.path).text.components(separatedBy: "\n")
    }

    func matches(_ arguments: [String]) throws -> [(id: String, score: Double)] {
        let r = try CLI.run(arguments + ["--model", Self.modelPath, "--format", "json", "--top", "3"])
        XCTAssertEqual(r.status, 0, "\(arguments): \(r.stderr)")
        return try Self.matches(json: r.stdout)
    }

    /// What `rank --cv <cv> --model <shipped> --format json --top 3` prints, by rank's library calls in
    /// this process (one file read by `QueryDocument.read`, as the binary reads it).
    func rankedInProcess(_ cv: String) throws -> [(id: String, score: Double)] {
        try Self.matches(json: try InProcessQueries.rank(cv: cv, service: try TestFixtures.indexedService, top: 3))
    }

    static func matches(json: String) throws -> [(id: String, score: Double)] {
        let m = try XCTUnwrap(try CLI.json(json)["matches"] as? [[String: Any]])
        return m.map { ($0["id"] as? String ?? "", $0["score"] as? Double ?? .nan) }
    }

    func testCVsAsDocxHTMLAndPDFRankAsTheirTextOriginals() throws {
        var formats = ["docx", "html"]
        if Self.hasPDFToText { formats.append("pdf") } else { print("FormatsEndToEndTests: pdftotext not installed (scripts/setup.sh installs poppler-utils); PDF CVs not checked") }
        // Each CV in each format ranked in-process by rank's calls; the first CV's files also through the binary.
        for (n, (cv, expected)) in [("cv-fr-mediation", "seed-exeko-pratiques"), ("cv-fr-participation", "seed-rouen-participation"), ("cv-fr-design", "seed-region-design")].enumerated() {
            let original = try rankedInProcess("Data/candidates/\(cv).txt")
            XCTAssertTrue(original.contains { $0.id == expected })
            let lines = try cvLines(cv)
            for format in formats {
                let path = dir.appendingPathComponent("\(cv).\(format)")
                switch format {
                case "docx": try Self.docx(paragraphs: lines, to: path)
                case "html": try Self.html(lines: lines).write(to: path, atomically: true, encoding: .utf8)
                default: try Self.pdf(lines: lines).write(to: path)
                }
                let converted = try rankedInProcess(path.path)
                if n == 0 {
                    let printed = try matches(["rank", "--cv", path.path])
                    XCTAssertEqual(printed.map(\.id), converted.map(\.id), "\(cv).\(format) through the binary")
                    XCTAssertEqual(printed.map(\.score), converted.map(\.score), "\(cv).\(format) through the binary")
                }
                XCTAssertTrue(converted.contains { $0.id == expected }, "\(cv).\(format): \(converted)")
                XCTAssertEqual(converted.first?.id, original.first?.id, "\(cv).\(format)")
                // The same words give the same score, up to line breaks (PDF lines are wrapped).
                XCTAssertEqual(try XCTUnwrap(converted.first?.score), try XCTUnwrap(original.first?.score), accuracy: format == "pdf" ? 0.05 : 0.01,
                               "\(cv).\(format)")
            }
        }
    }

    func testPostingsFromEveryFormatAreIndexedAndFoundAgain() throws {
        let folder = dir.appendingPathComponent("postings")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sources = ["seed-exeko-pratiques", "seed-rouen-participation", "seed-region-design", "seed-college-transitions",
                       "seed-lium-mobilisation", "fr-mediateur-musee", "fr-data-analyst", "fr-comptable-cabinet"]
        var texts = [String: [String]]()
        for name in sources {
            let url = CLI.packageRoot.appendingPathComponent("Data/postings/\(name).txt")
            let raw = try String(contentsOf: url, encoding: .utf8)
            texts[name] = DocumentReader.document(fromText: raw, path: url.path).text.components(separatedBy: "\n")
        }
        try Self.html(lines: texts["seed-exeko-pratiques"]!).write(to: folder.appendingPathComponent("seed-exeko-pratiques.html"), atomically: true, encoding: .utf8)
        try Self.docx(paragraphs: texts["seed-rouen-participation"]!, to: folder.appendingPathComponent("seed-rouen-participation.docx"))
        if Self.hasPDFToText {
            try Self.pdf(lines: texts["seed-region-design"]!).write(to: folder.appendingPathComponent("seed-region-design.pdf"))
        } else {
            try texts["seed-region-design"]!.joined(separator: "\n").write(to: folder.appendingPathComponent("seed-region-design.txt"), atomically: true, encoding: .utf8)
        }
        // The rest in one CSV with its own column names, texts quoted with commas and line breaks.
        var csv = "ref,intitule,description,ville\n"
        for name in sources.dropFirst(3) {
            let body = texts[name]!.joined(separator: "\n").replacingOccurrences(of: "\"", with: "\"\"")
            csv += "\(name),\"\(texts[name]!.first { !$0.isEmpty } ?? name)\",\"\(body)\",Lyon\n"
        }
        try csv.write(to: folder.appendingPathComponent("autres.csv"), atomically: true, encoding: .utf8)

        let model = dir.appendingPathComponent("m.plm").path
        let noColumns = try CLI.run(["index", folder.path, "--out", model, "--dims", "6"])
        XCTAssertNotEqual(noColumns.status, 0)
        XCTAssertTrue(noColumns.stderr.contains("autres.csv:1:"), noColumns.stderr)
        let r = try CLI.run(["index", folder.path, "--out", model, "--dims", "6", "--id-column", "ref", "--title-column", "intitule", "--text-column", "description"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let info = try CLI.json(try CLI.run(["info", "--model", model, "--format", "json", "--ids"]).stdout)
        XCTAssertEqual(Set(try XCTUnwrap(info["posting_ids"] as? [String])), Set(sources))
        // Each posting, given back as its original .txt, finds itself first: the first through the binary, the
        // others by `similar FILE`'s library calls in this process (one model load).
        let service = try InProcessQueries.service(model: model)
        for (n, name) in sources.enumerated() {
            let printed: String
            if n == 0 {
                let m = try CLI.run(["similar", "Data/postings/\(name).txt", "--model", model, "--format", "json", "--top", "1"])
                XCTAssertEqual(m.status, 0, m.stderr)
                XCTAssertEqual(m.stdout, try InProcessQueries.similar(file: "Data/postings/\(name).txt", service: service, top: 1) + "\n")
                printed = m.stdout
            } else {
                printed = try InProcessQueries.similar(file: "Data/postings/\(name).txt", service: service, top: 1)
            }
            let first = try XCTUnwrap((try CLI.json(printed)["matches"] as? [[String: Any]])?.first)
            XCTAssertEqual(first["id"] as? String, name)
            XCTAssertGreaterThan(try XCTUnwrap(first["score"] as? Double), 0.9, name)
        }
    }

    // MARK: Fixture builders

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A page as a site would publish it: menus and scripts around, the first line as `<h1>`, entities in the text.
    static func html(lines: [String]) -> String {
        let content = lines.drop { $0.isEmpty }
        let heading = content.first ?? ""
        let body = content.dropFirst().map { line -> String in
            line.isEmpty ? "" : "<p>\(escape(line).replacingOccurrences(of: "é", with: "&eacute;").replacingOccurrences(of: "’", with: "&rsquo;"))</p>"
        }.joined(separator: "\n")
        return """
        <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>\(escape(heading)) | Emplois</title>
        <script>window.dataLayer = []; function gtag(){ dataLayer.push(arguments) }</script><style>p { margin: 0 }</style></head>
        <body><header><a href="/">Accueil</a></header><nav><ul><li>Offres</li><li>Contact</li></ul></nav>
        <main><h1>\(escape(heading))</h1>
        \(body)
        </main><footer>Mentions légales · Cookies</footer></body></html>
        """
    }

    static func docx(paragraphs: [String], to url: URL) throws {
        let body = paragraphs.map { p in p.isEmpty ? "<w:p/>" : "<w:p><w:r><w:t xml:space=\"preserve\">\(escape(p))</w:t></w:r></w:p>" }.joined()
        let document = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)<w:sectPr/></w:body></w:document>
        """
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in [("word/document.xml", document), ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// A PDF 1.4 in Helvetica (WinAnsiEncoding), lines wrapped at 95 characters, 60 lines a page.
    static func pdf(lines: [String]) -> Data {
        var wrapped = [String]()
        for line in lines {
            var rest = Substring(line)
            while rest.count > 95 {
                let cut = rest.prefix(95).lastIndex(of: " ") ?? rest.index(rest.startIndex, offsetBy: 95)
                wrapped.append(String(rest[..<cut]))
                rest = rest[cut...].drop { $0 == " " }
            }
            wrapped.append(String(rest))
        }
        var pages = [[String]]()
        stride(from: 0, to: wrapped.count, by: 60).forEach { pages.append(Array(wrapped[$0..<min($0 + 60, wrapped.count)])) }
        var out = [UInt8]()
        var offsets = [Int]()
        func object(_ body: [UInt8]) {
            offsets.append(out.count)
            out += Array("\(offsets.count) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        out += Array("%PDF-1.4\n".utf8)
        object(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        object(Array("<< /Type /Pages /Kids [\((0..<pages.count).map { "\(4 + 2 * $0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>".utf8))
        object(Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8))
        for (i, page) in pages.enumerated() {
            object(Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * i) 0 R >>".utf8))
            var content = Array("BT /F1 9 Tf 36 756 Td 12 TL\n".utf8)
            for line in page {
                let bytes = [UInt8](line.data(using: .windowsCP1252, allowLossyConversion: true) ?? Data())
                content += [0x28] + bytes.flatMap { $0 == 0x28 || $0 == 0x29 || $0 == 0x5C ? [0x5C, $0] : [$0] } + Array(") Tj T*\n".utf8)
            }
            content += Array("ET".utf8)
            object(Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("\nendstream".utf8))
        }
        let xref = out.count
        out += Array("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n".utf8)
        for o in offsets { out += Array(String(format: "%010d 00000 n \n", o).utf8) }
        out += Array("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return Data(out)
    }
}
