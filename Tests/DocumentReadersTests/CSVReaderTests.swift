import XCTest
import Passerelle
@testable import DocumentReaders

final class CSVReaderTests: ReaderTestCase {
    func testRowsWithQuotedCommasLineBreaksAndQuotesKeepOtherColumnsAsMetadata() throws {
        let path = try file("postings.csv", #"""
        id,title,text,city,salary
        p1,Médiateur culturel,"Ateliers, visites et partenariats",Lyon,32000
        p2,"Chargé ""concertation""","Animer la concertation.
        Rédiger les synthèses, suivre les ateliers.",Québec,

        p3,,Texte sans titre,,
        """#)
        let r = try DocumentReader().read(file: path)
        XCTAssertEqual(r.documents.map(\.id), ["p1", "p2", "p3"])
        XCTAssertEqual(r.documents[0], Document(id: "p1", title: "Médiateur culturel", text: "Ateliers, visites et partenariats", lang: nil,
                                                metadata: ["city": "Lyon", "salary": "32000"]))
        XCTAssertEqual(r.documents[1].title, "Chargé \"concertation\"")
        XCTAssertEqual(r.documents[1].text, "Animer la concertation.\nRédiger les synthèses, suivre les ateliers.")
        XCTAssertEqual(r.documents[1].metadata, ["city": "Québec"])
        XCTAssertEqual(r.documents[2].title, "Texte sans titre")
        XCTAssertEqual(r.warnings, [])
    }

    func testColumnNamesAreConfigurableAndSemicolonsAndCRLFWork() throws {
        let path = try file("export.csv", "Ref;Poste;Description;LANG\r\nA-1;Designer;\"Design de services; ateliers\r\nusagers\";fr\r\n")
        var reader = DocumentReader()
        reader.idColumn = "ref"
        reader.titleColumn = "Poste"
        reader.textColumn = "description"
        let d = try reader.read(file: path).documents
        XCTAssertEqual(d, [Document(id: "A-1", title: "Designer", text: "Design de services; ateliers\r\nusagers", lang: "fr", metadata: [:])])
    }

    func testErrorsNameTheFileAndTheLineWhereTheRowStarts() throws {
        let noText = try file("sans-texte.csv", "id,title,body\na,A,texte\n")
        XCTAssertThrowsError(try DocumentReader().read(file: noText)) { error in
            guard case ReaderError.invalidCSV(let path, let line, let why) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, noText)
            XCTAssertEqual(line, 1)
            XCTAssertTrue(why.contains("\"text\"") && why.contains("body"), why)
            XCTAssertTrue("\(error)".hasPrefix("\(noText):1:"))
        }
        // Line 2's quoted text spans lines 2–3, so the empty id is on line 4 and the duplicate on line 5.
        let bad = """
        id,title,text
        a,A,"deux
        lignes"
        ,Sans id,texte
        a,Encore A,texte
        b,B,
        c,C,texte,en trop
        d,D,bon texte
        """
        let path = try file("bad.csv", bad)
        XCTAssertThrowsError(try DocumentReader().read(file: path)) { error in
            XCTAssertEqual(error as? ReaderError, .invalidCSV(path: path, line: 4, why: "empty id"))
        }
        let skipped = try DocumentReader(skipInvalid: true).read(file: path)
        XCTAssertEqual(skipped.documents.map(\.id), ["a", "d"])
        XCTAssertEqual(skipped.skipped, 4)
        XCTAssertEqual(skipped.warnings.compactMap(\.line), [4, 5, 6, 7])
        XCTAssertTrue(skipped.warnings[1].message.contains("duplicate id 'a' (first on line 2)"), skipped.warnings[1].message)
        XCTAssertTrue(skipped.warnings[2].message.contains("\"text\""), skipped.warnings[2].message)
        XCTAssertTrue(skipped.warnings[3].message.contains("4 fields"), skipped.warnings[3].message)

        let headerOnly = try file("entete.csv", "id,title,text\n\n")
        XCTAssertThrowsError(try DocumentReader().read(file: headerOnly)) { XCTAssertEqual($0 as? ReaderError, .noDocuments(path: headerOnly)) }
        let twice = try file("deux-fois.csv", "id,text,Text\na,b,c\n")
        XCTAssertThrowsError(try DocumentReader().read(file: twice)) { error in
            XCTAssertTrue("\(error)".contains("twice"), "\(error)")
        }
    }

    func testLatin1CSVIsReadAndReported() throws {
        // "id,text\n1,Équipe été" in Windows-1252.
        let path = try file("latin.csv", Array("id,text\n1,".utf8) + [0xC9] + Array("quipe ".utf8) + [0xE9, 0x74, 0xE9])
        let r = try DocumentReader().read(file: path)
        XCTAssertEqual(r.documents[0].text, "Équipe été")
        XCTAssertEqual(r.warnings.count, 1)
    }
}

final class FolderFormatsTests: ReaderTestCase {
    func testFoldersPickUpEverySupportedFormatAndTheUnsupportedMessageListsThem() throws {
        _ = try file("mix/a.html", "<title>A</title><p>Texte A</p>")
        _ = try file("mix/b.csv", "id,text\nb,Texte B\n")
        _ = try zip("mix/c.docx", parts: [("word/document.xml", Self.documentXML([["Texte C"]]))])
        _ = try file("mix/d.md", "Texte D")
        _ = try file("mix/e.htm", "<p>Texte E</p>")
        _ = try file("mix/f.xlsx", "ignored")
        let r = try DocumentReader().read(paths: [dir.appendingPathComponent("mix").path])
        XCTAssertEqual(r.documents.map(\.id), ["a", "b", "c", "d", "e"])
        XCTAssertEqual(r.documents.map(\.text), ["Texte A", "Texte B", "Texte C", "Texte D", "Texte E"])
        let odd = try file("cv.odt", "x")
        XCTAssertThrowsError(try DocumentReader().read(file: odd)) { error in
            for ext in [".csv", ".docx", ".htm", ".html", ".jsonl", ".md", ".pdf", ".txt"] { XCTAssertTrue("\(error)".contains(ext), "\(error)") }
        }
    }
}
