import XCTest
import PasserelleCore
@testable import DocumentReaders

final class PDFReaderTests: ReaderTestCase {
    override func setUpWithError() throws {
        let reader = PDFText(reader: DocumentReader())
        guard (try? reader.locateTool(for: "x.pdf")) != nil else {
            throw XCTSkip("pdftotext is not installed (scripts/setup.sh installs poppler-utils)")
        }
    }

    func testTheTextLayerIsReadAcrossPages() throws {
        let path = try file("cv-pdf.pdf", [UInt8](Self.pdf(pages: [
            ["Camille Martin", "Médiatrice culturelle (musée, bibliothèque)", "Ateliers, visites et partenariats"],
            ["Compétences : concertation, participation citoyenne"],
        ])))
        let r = try DocumentReader().read(file: path)
        let d = try XCTUnwrap(r.documents.first)
        XCTAssertEqual(d.id, "cv-pdf")
        XCTAssertEqual(d.title, "Camille Martin")
        for expected in ["Médiatrice culturelle (musée, bibliothèque)", "Ateliers, visites et partenariats", "Compétences : concertation, participation citoyenne"] {
            XCTAssertTrue(d.text.contains(expected), "\(expected) in \(d.text)")
        }
        XCTAssertFalse(d.text.contains("\u{0C}"), "page breaks are line breaks")
    }

    func testAScannedPDFWithoutATextLayerIsRefusedWithAdvice() throws {
        let path = try file("scan.pdf", [UInt8](Self.pdf(pages: [nil, nil])))
        XCTAssertThrowsError(try DocumentReader().read(file: path)) { error in
            XCTAssertEqual(error as? ReaderError, .noTextLayer(path: path, letters: 0))
            XCTAssertTrue("\(error)".contains("OCR"), "\(error)")
        }
        // A few letters (a page number, a logo caption) are not a text layer either.
        let few = try file("presque.pdf", [UInt8](Self.pdf(pages: [["Page 1"], nil])))
        XCTAssertThrowsError(try DocumentReader().read(file: few)) { error in
            XCTAssertEqual(error as? ReaderError, .noTextLayer(path: few, letters: 4))
        }
    }

    func testDamagedPDFAndMissingToolAreClearErrors() throws {
        let damaged = try file("abime.pdf", "%PDF-1.4\nce n'est pas vraiment un PDF\n")
        XCTAssertThrowsError(try DocumentReader().read(file: damaged)) { error in
            guard case ReaderError.pdfFailed(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, damaged)
        }
        let empty = try file("vide.pdf", [])
        XCTAssertThrowsError(try DocumentReader().read(file: empty)) { XCTAssertEqual($0 as? ReaderError, .empty(path: empty)) }
        let good = try file("ok.pdf", [UInt8](Self.pdf(pages: [["Un texte assez long pour une couche de texte."]])))
        var reader = DocumentReader()
        reader.pdfToTextPath = dir.appendingPathComponent("no-such-pdftotext").path
        XCTAssertThrowsError(try reader.read(file: good)) { error in
            guard case ReaderError.pdfToolMissing(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, good)
            XCTAssertTrue("\(error)".contains("install poppler-utils"), "\(error)")
        }
    }

    func testAHangingToolIsStoppedAfterTheTimeout() throws {
        // A stand-in for pdftotext that does not answer for 2 minutes.
        let script = try file("slow-pdftotext", "#!/bin/sh\nexec sleep 120\n")
        chmod(script, 0o755)
        let pdf = try file("lent.pdf", [UInt8](Self.pdf(pages: [["Texte"]])))
        var reader = DocumentReader()
        reader.pdfToTextPath = script
        reader.pdfTimeout = 0.5
        let started = Date()
        XCTAssertThrowsError(try reader.read(file: pdf)) { error in
            guard case ReaderError.pdfFailed(let path, let why) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, pdf)
            XCTAssertTrue(why.contains("took over"), why)
        }
        // Stopped long before the tool would end (a loaded machine may take some seconds over the 0.5 s).
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
    }
}
