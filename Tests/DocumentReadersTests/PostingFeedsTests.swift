import Foundation
import XCTest
import PasserelleCore
@testable import DocumentReaders

/// France Travail offers and schema.org JobPosting → corpus documents with their metadata, on fixtures shaped
/// like the real feeds (a page of the offers API; a job page with JSON-LD in `@graph`; a JSON list), and one
/// clear problem per bad record naming the file, the line and the record.
final class PostingFeedsTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func shipped(_ name: String) -> String { root.appendingPathComponent("Data/imports/\(name)").path }

    func testAFranceTravailPageOfResultsGivesEveryOfferWithItsMetadata() throws {
        let result = try PostingFeeds.read([Self.shipped("france-travail-page.json")], kind: .franceTravail)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.documents.map(\.id), ["ft-200EXPL1", "ft-200EXPL2", "ft-200EXPL3"])
        let first = result.documents[0]
        XCTAssertEqual(first.title, "Médiateur culturel / Médiatrice culturelle (H/F)")
        XCTAssertEqual(first.lang, "fr")
        XCTAssertEqual(first.metadata["url"], "https://candidat.francetravail.fr/offres/recherche/detail/200EXPL1")
        XCTAssertEqual(first.metadata["date"], "2026-11-04")
        XCTAssertEqual(first.metadata["contract"], "CDD")
        XCTAssertEqual(first.metadata["location"], "35 - Rennes")
        XCTAssertEqual(first.metadata["organization"], "Médiathèques de Rennes Métropole (exemple)")
        XCTAssertEqual(first.metadata["salary"], "Mensuel de 2100.00 Euros à 2300.00 Euros sur 12 mois")
        XCTAssertEqual(first.metadata["source"], "france-travail")
        // The text holds the description, the skills, the qualities, the languages with their necessity.
        for part in ["publics éloignés de la lecture", "Compétences demandées :\n- Concevoir et animer des ateliers de médiation culturelle",
                     "Savoir-être professionnels :", "Langues :\n- Anglais souhaité", "Expérience : 1 an"] {
            XCTAssertTrue(first.text.contains(part), part)
        }
        // Contacts are never imported.
        XCTAssertFalse(result.documents.contains { $0.text.contains("retiré à l'import") || $0.metadata.values.contains { $0.contains("retiré") } })
        // No urlOrigine: the partner's address.
        XCTAssertEqual(result.documents[1].metadata["url"], "https://emploi.lyon.example/offres/concertation-2026")
        XCTAssertTrue(result.documents[1].text.contains("- Français exigé"))
        XCTAssertNil(result.documents[2].metadata["salary"])
    }

    func testOneOfferAloneAndAFolderAreRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(#"{"id": 42, "intitule": "Agent d'accueil", "description": "Accueillir le public.", "typeContrat": "CDI"}"#.utf8)
            .write(to: folder.appendingPathComponent("b.json"))
        try FileManager.default.copyItem(atPath: Self.shipped("france-travail-page.json"), toPath: folder.appendingPathComponent("a.json").path)
        try Data("not read".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let result = try PostingFeeds.read([folder.path], kind: .franceTravail)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.documents.map(\.id), ["ft-200EXPL1", "ft-200EXPL2", "ft-200EXPL3", "ft-42"])
        XCTAssertEqual(result.documents[3].metadata["contract"], "CDI")
        XCTAssertNil(result.documents[3].metadata["url"])
    }

    func testBadOffersAreEachReportedWithFileAndRecordAndTheGoodOnesKept() throws {
        let json = #"""
        {"resultats": [
          {"id": "1", "intitule": "Bon", "description": "Texte.", "dateCreation": "2026-11-02T10:00:00Z"},
          {"id": "2", "description": "Sans intitulé."},
          {"id": "3", "intitule": "Date", "description": "Texte.", "dateCreation": "02/11/2026"},
          {"id": "4", "intitule": "Lien", "description": "Texte.", "origineOffre": {"urlOrigine": "javascript:alert(1)"}},
          "pas un objet",
          {"id": "1", "intitule": "Encore", "description": "Texte."}
        ]}
        """#
        let (documents, problems) = PostingFeeds.read(data: Data(json.utf8), file: "page.json", kind: .franceTravail)
        XCTAssertEqual(documents.map(\.id), ["ft-1", "ft-1"])
        XCTAssertEqual(problems.map(\.description), [
            "page.json: resultats[1], offre 2: no \"intitule\" (the job title)",
            "page.json: resultats[2], offre 3: dateCreation '02/11/2026' is not an ISO 8601 date (YYYY-MM-DD)",
            "page.json: resultats[3], offre 4: origineOffre.urlOrigine 'javascript:alert(1)' is not an http(s) address",
            "page.json: resultats[4]: not an offer (a JSON object was expected)",
        ])
        // The duplicate id is caught when files are read (across files too).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: folder)
        let read = try PostingFeeds.read([folder.path], kind: .franceTravail)
        XCTAssertEqual(read.documents.map(\.id), ["ft-1"])
        XCTAssertTrue(read.problems.last?.description.contains("id 'ft-1' already read from") ?? false, "\(read.problems)")

        let (_, broken) = PostingFeeds.read(data: Data("{\"resultats\": [".utf8), file: "cut.json", kind: .franceTravail)
        XCTAssertEqual(broken.count, 1)
        XCTAssertTrue(broken[0].description.hasPrefix("cut.json: invalid JSON"), broken[0].description)
    }

    func testAJobPostingPageWithAGraphGivesThePostingWithItsMetadataAndPlainText() throws {
        let result = try PostingFeeds.read([Self.shipped("jobposting.html")], kind: .jobPosting)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.documents.count, 1)
        let d = result.documents[0]
        XCTAssertEqual(d.id, "jp-plt-2026-041")
        XCTAssertEqual(d.title, "Agent·e de participation citoyenne")
        XCTAssertEqual(d.lang, "fr")
        XCTAssertEqual(d.metadata["url"], "https://emplois.plateau.example/offres/PLT-2026-041")
        XCTAssertEqual(d.metadata["date"], "2026-11-15")
        XCTAssertEqual(d.metadata["contract"], "FULL_TIME, TEMPORARY")
        XCTAssertEqual(d.metadata["location"], "Montréal, QC, CA")
        XCTAssertEqual(d.metadata["organization"], "Arrondissement du Plateau (exemple)")
        XCTAssertEqual(d.metadata["salary"], "58000–66000 CAD / YEAR")
        // The HTML description is read as text: no tag left, list items and headings on their own lines.
        XCTAssertFalse(d.text.contains("<"), d.text)
        XCTAssertTrue(d.text.contains("animer des consultations publiques"))
        XCTAssertTrue(d.text.contains("\nProfil\n"), d.text)
        XCTAssertTrue(d.text.contains("Français excellent ; anglais intermédiaire un atout."))
    }

    func testAJSONListWithEscapedMarkupAndAnArrayOfPlaces() throws {
        let result = try PostingFeeds.read([Self.shipped("jobposting-list.json")], kind: .jobPosting)
        XCTAssertEqual(result.problems, [])
        let d = try XCTUnwrap(result.documents.first)
        XCTAssertEqual(d.id, "jp-cec-77")
        XCTAssertEqual(d.lang, "en")
        XCTAssertEqual(d.metadata["location"], "Ottawa, ON, Canada")
        XCTAssertEqual(d.metadata["date"], "2026-11-20")
        XCTAssertEqual(d.metadata["salary"], "31.5 CAD / HOUR")
        XCTAssertFalse(d.text.contains("&lt;") || d.text.contains("<p>"), d.text)
        XCTAssertTrue(d.text.contains("Bilingual French and English required."))
    }

    func testBadJobPostingsNameTheLineOfTheirScriptBlock() {
        let page = """
        <html><head>
        <script type="application/ld+json">{"@type": "Organization", "name": "X"}</script>
        <script type="application/ld+json">
        [{"@type": "JobPosting", "description": "Sans titre"},
         {"@type": ["JobPosting"], "title": "Bon", "description": "<p>Texte</p>", "datePosted": "hier"},
         {"@type": "JobPosting", "title": "Correct", "description": "Texte."}]
        </script>
        <SCRIPT TYPE="application/ld+json">{ oops </SCRIPT>
        </head><body></body></html>
        """
        let (documents, problems) = PostingFeeds.read(data: Data(page.utf8), file: "offre.html", kind: .jobPosting)
        XCTAssertEqual(documents.map(\.title), ["Correct"])
        XCTAssertEqual(documents.first?.id, "offre-1")
        XCTAssertEqual(problems.count, 3)
        XCTAssertEqual(problems[0].description, "offre.html:3: JobPosting 1: no \"title\"")
        XCTAssertEqual(problems[1].description, "offre.html:3: JobPosting 2: datePosted 'hier' is not an ISO 8601 date (YYYY-MM-DD)")
        XCTAssertTrue(problems[2].description.hasPrefix("offre.html:8: invalid JSON-LD"), problems[2].description)

        let (_, none) = PostingFeeds.read(data: Data("<html><body><p>Rien</p></body></html>".utf8), file: "vide.html", kind: .jobPosting)
        XCTAssertEqual(none.map(\.description), ["vide.html: no <script type=\"application/ld+json\"> block: not a page with a schema.org JobPosting"])
    }

    func testMissingPathsAndEmptyFoldersAreErrors() throws {
        XCTAssertThrowsError(try PostingFeeds.read(["/nonexistent/offres.json"], kind: .franceTravail)) { error in
            XCTAssertEqual("\(error)", "/nonexistent/offres.json: no such file or folder")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertThrowsError(try PostingFeeds.read([folder.path], kind: .jobPosting)) { error in
            XCTAssertTrue("\(error)".contains("no .htm, .html, .json, .jsonld file in this folder"), "\(error)")
        }
    }
}
