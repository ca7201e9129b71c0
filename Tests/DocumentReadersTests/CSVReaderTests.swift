import XCTest
@testable import DocumentReaders
import PasserelleCore

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

/// Issue 11: malformed quotes, CRLF, per-record size limits, the writer's quoting and formula neutralisation,
/// and the JSON Lines reader's streaming and encoding policy.
final class StrictCSVAndStreamingTests: ReaderTestCase {
    func testAStrayQuoteInAnUnquotedFieldIsAnErrorNamingItsLineNotAMergedRow() throws {
        // Before: CSV.swift kept the quote and "indexed" 2 documents, row 3's quote swallowing nothing
        // visible; with the quote opening a field, rows merged. Now: an error on line 3.
        let path = try file("stray.csv", "id,title,text\na,A,Premier texte\nb,Titre \"x,Deuxième texte\nc,C,Troisième texte\n")
        XCTAssertThrowsError(try DocumentReader().read(file: path)) { error in
            guard case ReaderError.invalidCSV(let p, let line, let why) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(p, path)
            XCTAssertEqual(line, 3)
            XCTAssertTrue(why.contains("quote"), why)
            XCTAssertTrue("\(error)".hasPrefix("\(path):3: invalid CSV:"), "\(error)")
        }
        let skipped = try DocumentReader(skipInvalid: true).read(file: path)
        XCTAssertEqual(skipped.documents.map(\.id), ["a", "c"])
        XCTAssertEqual(skipped.skipped, 1)
        XCTAssertEqual(skipped.warnings.compactMap(\.line), [3])
    }

    func testAQuoteOpeningAFieldMidRowCannotSwallowTheNextRows() throws {
        // Row 2's title opens a quote that the next quote (row 4's) closes, followed by text: CSV.swift read
        // rows 2–4 as one row ("indexed 5 postings" from 7). Now: an error naming where the field opened.
        let rows = ["id,title,text", "p1,Un,Texte un", "p2,\"Deux,Texte deux", "p3,Trois,Texte trois", "p4,\"Quatre\" bis,Texte quatre",
                    "p5,Cinq,Texte cinq", "p6,Six,Texte six"]
        let path = try file("merged.csv", rows.joined(separator: "\n") + "\n")
        XCTAssertThrowsError(try DocumentReader().read(file: path)) { error in
            guard case ReaderError.invalidCSV(_, let line, let why) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 5)
            XCTAssertTrue(why.contains("opened on line 3"), why)
        }
    }

    func testAnUnclosedQuoteAtTheEndOfTheFileNamesTheLineWhereItOpened() throws {
        let path = try file("open.csv", "id,text\na,Texte a\nb,\"Texte b jamais fermé\nsuite\n\nfin\n")
        for skipInvalid in [false, true] {
            XCTAssertThrowsError(try DocumentReader(skipInvalid: skipInvalid).read(file: path)) { error in
                XCTAssertEqual(error as? ReaderError, .invalidCSV(path: path, line: 3, why: "quoted field opened on line 3 is never closed (a stray quote?)"))
            }
        }
    }

    func testCRLFRowsAreEveryOneReadWithTheirLines() throws {
        let path = try file("crlf.csv", "id,title,text\r\na,A,\"Texte\r\nsur deux lignes\"\r\nb,B,Texte b\r\n\r\n,C,sans id\r\n")
        let r = try DocumentReader(skipInvalid: true).read(file: path)
        XCTAssertEqual(r.documents.map(\.id), ["a", "b"])
        XCTAssertEqual(r.documents[0].text, "Texte\r\nsur deux lignes")
        XCTAssertEqual(r.warnings.compactMap(\.line), [6])
    }

    func testTheSizeLimitAppliesToOneCSVRecordNotTheFile() throws {
        let rows = (1...50).map { "r\($0),Titre \($0),Un texte assez court numéro \($0)" }
        let path = try file("rows.csv", "id,title,text\n" + rows.joined(separator: "\n") + "\n")
        XCTAssertGreaterThan(try Data(contentsOf: URL(fileURLWithPath: path)).count, 1000)
        XCTAssertEqual(try DocumentReader(maxFileSize: 200).read(file: path).documents.count, 50)
        let long = try file("long.csv", "id,text\na,court\nb," + String(repeating: "x", count: 300) + "\nc,court\n")
        XCTAssertThrowsError(try DocumentReader(maxFileSize: 200).read(file: long)) { error in
            guard case ReaderError.invalidCSV(_, 3, let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("limit of 200 bytes") && why.contains("--max-record-size"), why)
        }
        XCTAssertEqual(try DocumentReader(maxFileSize: 200, skipInvalid: true).read(file: long).documents.map(\.id), ["a", "c"])
    }

    func testAJSONLinesCorpusOverTheDefaultLimitIsStreamedAndOneLineOverItIsRefusedNamingTheLine() throws {
        // 105 MB in the issue; 21 MB here, over the 20 MiB default, of ~220-byte records.
        let filler = String(repeating: "médiation ", count: 18)
        var text = ""
        var count = 0
        while text.utf8.count <= DocumentReader.defaultMaxFileSize + (1 << 20) {
            count += 1
            text += "{\"id\": \"d\(count)\", \"text\": \"\(filler)\(count)\"}\n"
        }
        let big = try file("big.jsonl", text)
        let r = try DocumentReader().read(file: big)
        XCTAssertEqual(r.documents.count, count)
        XCTAssertEqual(r.documents.last?.id, "d\(count)")

        let lines = ["{\"id\": \"a\", \"text\": \"court\"}", "", "{\"id\": \"b\", \"text\": \"\(String(repeating: "y", count: 500))\"}", "{\"id\": \"c\", \"text\": \"court\"}"]
        let one = try file("one.jsonl", lines.joined(separator: "\n") + "\n")
        XCTAssertThrowsError(try DocumentReader(maxFileSize: 300).read(file: one)) { error in
            guard case ReaderError.invalidJSON(let p, 3, let why) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(p, one)
            XCTAssertTrue(why.contains("over the limit of 300 bytes") && why.contains("--max-record-size"), why)
        }
        XCTAssertEqual(try DocumentReader(maxFileSize: 300, skipInvalid: true).read(file: one).documents.map(\.id), ["a", "c"])
    }

    func testJSONLinesThatAreNotUTF8AreReadAsWindows1252AndReportedWithTheirLine() throws {
        // Line 2 holds "été" in Windows-1252: the same policy as text and CSV files.
        let path = try file("latin.jsonl", Array("{\"id\": \"a\", \"text\": \"ok\"}\n{\"id\": \"b\", \"text\": \"".utf8) + [0xE9, 0x74, 0xE9] + Array("\"}\n".utf8))
        let r = try DocumentReader().read(file: path)
        XCTAssertEqual(r.documents.map(\.text), ["ok", "été"])
        XCTAssertEqual(r.warnings.map(\.description), ["\(path):2: not valid UTF-8; read as Windows-1252 (Latin-1)"])
    }

    func testRecordReaderLinesAndQuoting() throws {
        var reader = CSVRecordReader(stream: ByteStream(bytes: Array("a,\"b\"\"c\",\"d\ne\"\r\n\r\n\"\",x\ry,z\n".utf8)))
        XCTAssertEqual(try reader.next(), .init(fields: ["a", "b\"c", "d\ne"], line: 1, readAsWindows1252: false))
        XCTAssertEqual(try reader.next(), .init(fields: ["", "x"], line: 4, readAsWindows1252: false))
        XCTAssertEqual(try reader.next(), .init(fields: ["y", "z"], line: 5, readAsWindows1252: false))
        XCTAssertNil(try reader.next())
        var after = CSVRecordReader(stream: ByteStream(bytes: Array("\"ok\"x,y\nb,c\n".utf8)))
        XCTAssertThrowsError(try after.next()) { error in
            let failure = error as? CSVRecordReader.Failure
            XCTAssertEqual(failure?.line, 1)
            XCTAssertTrue(failure?.why.contains("'x' after a closing quote") == true, "\(error)")
        }
        XCTAssertEqual(try after.next()?.fields, ["b", "c"], "reading resumes on the next line")
    }

    func testWriterQuotesWhenNeededAndNeutralisesFormulaTextButNotNumbers() throws {
        XCTAssertEqual(CSVWriter.record([.text("plain"), .text("a,b"), .text("say \"hi\""), .text("cr\rlf"), .number("-0.12"), .number("3")],
                                        lineEnding: "\r\n"),
                       "plain,\"a,b\",\"say \"\"hi\"\"\",\"cr\rlf\",-0.12,3\r\n")
        for (cell, written) in [("=1+2", "'=1+2"), ("+33 6", "'+33 6"), ("-rm", "'-rm"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
                                ("\rx", "\"'\rx\""), ("'=x", "''=x"), ("'plain", "'plain"), ("a=b", "a=b")] {
            let out = CSVWriter.record([.text(cell)], lineEnding: "")
            XCTAssertEqual(out, written, cell.debugDescription)
            var reader = CSVRecordReader(stream: ByteStream(bytes: Array((out + "\n").utf8)))
            XCTAssertEqual(try reader.next()?.fields.map(CSVWriter.unneutralized), [cell], "reads back: \(cell.debugDescription)")
        }
        XCTAssertEqual(CSVWriter.record([.text("\u{1B}[2J\u{1B}]0;x\u{07}ok")], lineEnding: ""), "␛[2J␛]0;x␇ok")
    }

    func testTerminalTextMakesControlCharactersVisibleAndKeepsOneLine() {
        XCTAssertEqual(TerminalText.sanitized("Titre\u{1B}[2J\u{1B}]0;pwned\u{07} fin"), "Titre␛[2J␛]0;pwned␇ fin")
        XCTAssertEqual(TerminalText.sanitized("a\nb\r\nc\td\u{0}e\u{7F}f\u{9B}g\u{202E}h"), "a b c d␀e␡f\u{FFFD}g\u{FFFD}h")
        XCTAssertEqual(TerminalText.sanitized("Médiatrice — été"), "Médiatrice — été")
    }

    func testManyRowsOfWhiteSpaceAreSkippedWithoutDeepRecursion() throws {
        // A first version skipped such rows by recursion: 300,000 of them overflowed the stack.
        let path = try file("blank-rows.csv", "id,text\n" + String(repeating: " \n", count: 300_000) + "a,texte\n")
        let r = try DocumentReader().read(file: path)
        XCTAssertEqual(r.documents.map(\.id), ["a"])
        XCTAssertEqual(try CSVDocuments(stream: try ByteStream(path: path), path: path, reader: DocumentReader()).firstWindows1252Line, nil)
    }
}
