import Foundation
import XCTest
import PasserelleTestSupport

/// `import france-travail` and `import jobposting` through the binary, then the postings' metadata where
/// a counsellor needs it: `--where` on their keys (dates included), the apply link in the handout.
final class ImportFeedsCLITests: XCTestCase {
    /// Runs a shell line with `$B` the binary (for pipes and standard input), in `folder`.
    static func shell(_ line: String, in folder: URL = CLI.packageRoot, environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(["-o", "pipefail", "-c", line], in: folder, environment: environment.merging(["B": CLI.binary.path]) { a, _ in a },
                    executable: URL(fileURLWithPath: "/bin/bash"))
    }

    func testImportingAFranceTravailPageAndAJobPostingPageThenRankingACV() throws {
        let folder = CLI.temporaryDirectory()
        let offers = folder.appendingPathComponent("offres.jsonl").path, pages = folder.appendingPathComponent("pages.jsonl").path
        let a = try CLI.run(["import", "france-travail", "Data/imports/france-travail-page.json", "--out", offers])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertTrue(a.stderr.contains("wrote 3 documents"), a.stderr)
        let lines = try String(contentsOfFile: offers, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        let first = try CLI.json(String(lines[0]))
        XCTAssertEqual(first["id"] as? String, "ft-200EXPL1")
        XCTAssertEqual(first["date"] as? String, "2026-11-04")
        XCTAssertEqual(first["contract"] as? String, "CDD")
        XCTAssertEqual(first["url"] as? String, "https://candidat.francetravail.fr/offres/recherche/detail/200EXPL1")
        let b = try CLI.run(["import", "jobposting", "Data/imports/jobposting.html", "Data/imports/jobposting-list.json", "--out", pages, "--quiet"])
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertEqual(b.stderr, "")
        // To standard output without --out.
        let printed = try CLI.run(["import", "jobposting", "Data/imports/jobposting.html"])
        XCTAssertEqual(printed.status, 0, printed.stderr)
        XCTAssertEqual(try CLI.json(printed.stdout.trimmingCharacters(in: .newlines))["location"] as? String, "Montréal, QC, CA")

        let model = folder.appendingPathComponent("offres.plm").path
        let index = try CLI.run(["index", "Data/postings", offers, pages, "--out", model, "--quiet"])
        XCTAssertEqual(index.status, 0, index.stderr)
        XCTAssertEqual(index.stderr, "", "--quiet: nothing on stderr")
        let info = try CLI.run(["info", "--model", model])
        XCTAssertTrue(info.stdout.contains("--where keys    contract, date, id, lang, location, organization, rome, salary, source, title, url"), info.stdout)

        // Only the postings dated on or after the day (the shipped ones have no date: left out).
        let dated = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-mediation.txt", "--model", model, "--where", "date>=2026-11-01", "--format", "json"])
        XCTAssertEqual(dated.status, 0, dated.stderr)
        let ids = try XCTUnwrap(try CLI.json(dated.stdout)["matches"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        XCTAssertEqual(Set(ids), ["ft-200EXPL1", "ft-200EXPL2", "jp-plt-2026-041", "jp-cec-77"])

        // The handout: the apply link of each imported posting, date and contract in words.
        let html = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-mediation.txt", "--model", model, "--where", "source~france-travail", "--format", "html"])
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertTrue(html.stdout.contains("<a class=\"apply\" href=\"https://candidat.francetravail.fr/offres/recherche/detail/200EXPL1\""), html.stdout)
        XCTAssertTrue(html.stdout.contains(">Postuler</a>"))
        XCTAssertTrue(html.stdout.contains("Contrat : CDD · publiée le 4 novembre 2026 · Salaire : Mensuel de 2100.00 Euros à 2300.00 Euros sur 12 mois"))
        // CSV carries them as columns.
        let csv = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-mediation.txt", "--model", model, "--where", "id=ft-200EXPL1", "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.hasPrefix("query,rank,id,title,score,"), csv.stdout)
        XCTAssertTrue(csv.stdout.contains(",CDD,2026-11-04,Mensuel de 2100.00 Euros à 2300.00 Euros sur 12 mois,https://candidat.francetravail.fr/offres/recherche/detail/200EXPL1\r\n"), csv.stdout)
    }

    func testABadRecordIsAnErrorNamingFileAndRecordAndNothingIsWritten() throws {
        let folder = CLI.temporaryDirectory()
        let page = folder.appendingPathComponent("page.json")
        try Data(#"{"resultats": [{"id": "1", "intitule": "Bon", "description": "Texte."}, {"id": "2", "intitule": "Sans texte"}]}"#.utf8).write(to: page)
        let out = folder.appendingPathComponent("out.jsonl").path
        let failed = try CLI.run(["import", "france-travail", page.path, "--out", out])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stderr.contains("\(page.path): resultats[1], offre 2: no \"description\""), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("1 bad record: nothing written"), failed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let skipped = try CLI.run(["import", "france-travail", page.path, "--out", out, "--skip-invalid"])
        XCTAssertEqual(skipped.status, 0, skipped.stderr)
        XCTAssertTrue(skipped.stderr.contains("skipped 1 bad record"), skipped.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count, 1)
        let none = try CLI.run(["import", "jobposting", "Data/candidates/cv-fr-mediation.txt"])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.contains("cv-fr-mediation.txt: invalid JSON"), none.stderr)
    }

    /// A `--where` key no posting has is an error (exit 1) with the nearest key and the list, in French
    /// under a French locale; the French name of a key is understood.
    func testAnUnknownWhereKeyIsAnErrorWithDidYouMean() throws {
        let model = CLI.shippedModelPath, cv = "Data/candidates/cv-fr-mediation.txt"
        let typo = try CLI.run(["rank", "--cv", cv, "--model", model, "--where", "locaton~montreal"], environment: ["LANG": "C.UTF-8", "LC_ALL": ""])
        XCTAssertEqual(typo.status, 1)
        XCTAssertEqual(typo.stdout, "")
        XCTAssertTrue(typo.stderr.contains("no posting of this model has the key 'locaton'; did you mean 'location'? keys: id, lang, location, organization, source, title"), typo.stderr)
        let french = try CLI.run(["similar", "seed-region-design", "--model", model, "--where", "contract=CDI"], environment: ["LANG": "fr_CA.UTF-8", "LC_ALL": ""])
        XCTAssertEqual(french.status, 1)
        XCTAssertTrue(french.stderr.contains("aucune offre de ce modèle n’a la clé « contract »"), french.stderr)
        let batch = try CLI.run(["batch", "--candidates", "Data/candidates", "--model", model, "--where", "date>=2026-01-01", "--quiet"])
        XCTAssertEqual(batch.status, 1)
        XCTAssertTrue(batch.stderr.contains("the key 'date'"), batch.stderr)
        let alias = try CLI.run(["rank", "--cv", cv, "--model", model, "--where", "lieu~montreal", "--format", "json", "--top", "3"])
        XCTAssertEqual(alias.status, 0, alias.stderr)
        XCTAssertEqual((try CLI.json(alias.stdout)["matches"] as? [[String: Any]])?.count, 3)
    }

    /// `--cv -` reads the CV from a pipe, `--text` takes it on the command line: the same matches as the file.
    func testACVFromStandardInputOrTextRanksAsTheFile() throws {
        let model = CLI.shippedModelPath, cv = "Data/candidates/cv-fr-mediation.txt"
        func ids(_ r: CLI.Result) throws -> [String] {
            XCTAssertEqual(r.status, 0, r.stderr)
            return try XCTUnwrap(try CLI.json(r.stdout)["matches"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        }
        let file = try ids(try CLI.run(["rank", "--cv", cv, "--model", model, "--format", "json"]))
        let piped = try ids(try Self.shell("cat \(cv) | \"$B\" rank --cv - --model \(model) --format json"))
        XCTAssertEqual(piped, file)
        // The CV's text without its front matter (which the file reader takes apart).
        var text = try String(contentsOfFile: CLI.packageRoot.appendingPathComponent(cv).path, encoding: .utf8)
        if text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 4) ..< text.endIndex) {
            text = String(text[end.upperBound...])
        }
        XCTAssertEqual(try ids(try CLI.run(["rank", "--text=" + text, "--model", model, "--format", "json"])), file)
        let similar = try ids(try Self.shell("cat Data/postings/fr-mediateur-musee.txt | \"$B\" similar - --model \(model) --format json"))
        XCTAssertEqual(similar, try ids(try CLI.run(["similar", "Data/postings/fr-mediateur-musee.txt", "--model", model, "--format", "json"])))
        let both = try CLI.run(["rank", "--cv", cv, "--text", "x", "--model", model])
        XCTAssertEqual(both.status, 64)
        let empty = try Self.shell("printf '' | \"$B\" rank --cv - --model \(model)")
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.stderr.contains("standard input"), empty.stderr)
    }

    /// The table has a header row and prints ids whole (they are pasted into `similar`), at any width.
    func testTheTableHasAHeaderRowAndWholeIDs() throws {
        let model = CLI.shippedModelPath
        let json = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-mediation.txt", "--model", model, "--format", "json"])
        let ids = try XCTUnwrap(try CLI.json(json.stdout)["matches"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        XCTAssertTrue(ids.contains { $0.count > 26 }, "a long id to test")
        for columns in ["80", "60"] {
            let table = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-mediation.txt", "--model", model], environment: ["COLUMNS": columns])
            XCTAssertEqual(table.status, 0, table.stderr)
            let lines = table.stdout.split(separator: "\n").map(String.init)
            let header = try XCTUnwrap(lines.first)
            XCTAssertTrue(header.hasPrefix(" # ") || header.hasPrefix("# ") || header.hasPrefix("  #"), header)
            for column in ["score", "fit", "title", "id"] { XCTAssertTrue(header.contains(column), header) }
            for id in ids { XCTAssertTrue(lines.contains { $0.hasSuffix("  " + id) }, "\(id) cut at \(columns) columns:\n\(table.stdout)") }
        }
    }
}

final class HelpAndQuietCLITests: XCTestCase {
    /// The exit codes are listed in `--help`; `--where`'s help sends to `info` for the keys; long commands
    /// take `--quiet`; `index` prints its stages only on a terminal.
    func testHelpListsExitCodesAndLongCommandsTakeQuiet() throws {
        let help = try CLI.run(["--help"])
        XCTAssertEqual(help.status, 0)
        for code in ["Exit codes: 0 done; 1", "64 a wrong command line", "130 batch interrupted"] {
            XCTAssertTrue(help.stdout.replacingOccurrences(of: "\n ", with: " ").replacingOccurrences(of: "  ", with: " ").contains(code), help.stdout)
        }
        let rank = try CLI.run(["rank", "--help"])
        XCTAssertTrue(rank.stdout.contains("passerelle info"), rank.stdout)
        for command in [["index"], ["add"], ["remove"], ["batch"], ["merge"], ["eval"], ["import", "france-travail"], ["import", "jobposting"]] {
            let h = try CLI.run(command + ["--help"])
            XCTAssertTrue(h.stdout.contains("--quiet"), "\(command) has no --quiet")
        }
        let folder = CLI.temporaryDirectory()
        let loud = try CLI.run(["index", "Data/postings", "--out", folder.appendingPathComponent("m.plm").path, "--dims", "10"])
        XCTAssertEqual(loud.status, 0, loud.stderr)
        let lines = loud.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "not a terminal: no stage lines, only the summary\n\(loud.stderr)")
        XCTAssertTrue(lines.first?.hasPrefix("passerelle: indexed") ?? false, loud.stderr)
        let quiet = try CLI.run(["add", "Data/postings/qc-adjoint-administratif.txt", "--model", folder.appendingPathComponent("m.plm").path, "--quiet"])
        XCTAssertEqual(quiet.status, 1, "already in the model: an error, printed even with --quiet")
        XCTAssertFalse(quiet.stderr.isEmpty)
    }
}

