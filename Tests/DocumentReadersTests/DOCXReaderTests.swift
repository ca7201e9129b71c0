import XCTest
import Passerelle
@testable import DocumentReaders

final class DOCXReaderTests: ReaderTestCase {
    func testParagraphsTabsBreaksAndTheCorePropertiesTitle() throws {
        let body = Self.documentXML([
            ["Camille ", "Martin"],
            ["Médiatrice culturelle", "\t", "Lyon"],
            [],
            ["Expérience : ateliers & visites", "\n", "partenariats <écoles>"],
        ])
        let path = try zip("cv-camille.docx", parts: [("[Content_Types].xml", Self.contentTypes), ("word/document.xml", body),
                                                      ("docProps/core.xml", Self.coreXML(title: "CV – Camille Martin"))])
        let r = try DocumentReader().read(file: path)
        let d = try XCTUnwrap(r.documents.first)
        XCTAssertEqual(d.id, "cv-camille")
        XCTAssertEqual(d.title, "CV – Camille Martin")
        XCTAssertEqual(d.text, "Camille Martin\nMédiatrice culturelle\tLyon\n\nExpérience : ateliers & visites\npartenariats <écoles>")
    }

    func testWithoutATitleTheFirstParagraphIsTheTitleAndDeletedTextIsLeftOut() throws {
        let body = """
        <?xml version="1.0" encoding="UTF-8"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
        <w:p/><w:p><w:r><w:t>  Chargée de concertation  </w:t></w:r></w:p>
        <w:p><w:r><w:t>Animer</w:t></w:r><w:del><w:r><w:delText>SUPPRIMÉ</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText><w:t xml:space="preserve"> des ateliers</w:t></w:r></w:p>
        </w:body></w:document>
        """
        let path = try zip("poste.docx", parts: [("word/document.xml", body), ("docProps/core.xml", Self.coreXML(title: "  "))])
        let d = try DocumentReader().read(file: path).documents[0]
        XCTAssertEqual(d.title, "Chargée de concertation")
        XCTAssertEqual(d.text, "Chargée de concertation\nAnimer des ateliers")
    }

    func testCorruptZipMissingPartMalformedXMLAndNoTextAreClearErrors() throws {
        let reader = DocumentReader()
        let notZip = try file("faux.docx", "Ceci n'est pas un zip, juste du texte avec une extension .docx")
        XCTAssertThrowsError(try reader.read(file: notZip)) { error in
            guard case ReaderError.corrupt(let path, let why) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, notZip)
            XCTAssertTrue(why.contains("zip"), why)
        }
        let noBody = try zip("sans-corps.docx", parts: [("[Content_Types].xml", Self.contentTypes)])
        XCTAssertThrowsError(try reader.read(file: noBody)) { error in
            XCTAssertTrue("\(error)".hasPrefix(noBody), "\(error)")
            XCTAssertTrue("\(error)".contains("word/document.xml"), "\(error)")
        }
        let badXML = try zip("mal.docx", parts: [("word/document.xml", "<w:document><w:body><w:p><w:t>texte</w:p>")])
        XCTAssertThrowsError(try reader.read(file: badXML)) { error in
            XCTAssertTrue("\(error)".hasPrefix(badXML) && "\(error)".contains("not well-formed"), "\(error)")
        }
        let blank = try zip("vide.docx", parts: [("word/document.xml", Self.documentXML([[" "], []]))])
        XCTAssertThrowsError(try reader.read(file: blank)) { XCTAssertEqual($0 as? ReaderError, .empty(path: blank)) }
        // A valid docx cut short is a damaged zip, not a crash.
        let good = try Data(contentsOf: URL(fileURLWithPath: try zip("ok.docx", parts: [("word/document.xml", Self.documentXML([["Texte"]]))])))
        let cut = try file("coupe.docx", [UInt8](good.prefix(good.count / 2)))
        XCTAssertThrowsError(try reader.read(file: cut)) { error in
            guard case ReaderError.corrupt(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, cut)
        }
        let empty = try file("zero.docx", [])
        XCTAssertThrowsError(try reader.read(file: empty)) { XCTAssertEqual($0 as? ReaderError, .empty(path: empty)) }
    }

    func testAPartThatUnpacksPastTheLimitIsRefused() throws {
        // 2 MB of spaces deflate to a few KB: a small zip bomb against a 100 KB limit (8 × 100 KB for parts).
        let huge = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"
            + String(repeating: " ", count: 2_000_000) + "x</w:t></w:r></w:p></w:body></w:document>"
        let path = try zip("bombe.docx", parts: [("word/document.xml", huge)])
        XCTAssertLessThan(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int, 100_000)
        XCTAssertThrowsError(try DocumentReader(maxFileSize: 100_000).read(file: path)) { error in
            guard case ReaderError.corrupt(_, let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("word/document.xml") && why.contains("800000"), why)
        }
    }
}
