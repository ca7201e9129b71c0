import Foundation
import XCTest
import PasserelleTestSupport

/// `passerelle eval` and `passerelle import` end to end, on the project's own data and small fixtures
/// (no ../shared needed).
final class EvalCLITests: XCTestCase {
    func testOwnJudgmentsReportEverySystemWithMetricsInRange() throws {
        let r = try CLI.run(["eval", "--queries", "Data/candidates", "--qrels", "Data/judgments/candidates.qrels", "--format", "json", "--worst", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try CLI.json(r.stdout)
        XCTAssertEqual(report["queries"] as? Int, 7)
        let systems = try XCTUnwrap(report["systems"] as? [[String: Any]])
        let names = systems.compactMap { $0["system"] as? String }
        XCTAssertTrue(names[0].hasPrefix("lsa k="), "\(names)")
        XCTAssertTrue(names.contains("tfidf-cosine") && names.contains("bm25"), "\(names)")
        for s in systems {
            let metrics = try XCTUnwrap(s["metrics"] as? [String: Double])
            XCTAssertEqual(Set(metrics.keys), ["mrr", "recall@1", "recall@10", "recall@50", "ndcg@10", "map"])
            for (name, v) in metrics { XCTAssertTrue((0...1).contains(v), "\(s["system"]!) \(name) = \(v)") }
            // Every CV has a posting judged 3 written for it; any sensible system finds a relevant one early.
            XCTAssertGreaterThanOrEqual(metrics["mrr"]!, 0.5, "\(s["system"]!)")
        }
        XCTAssertEqual((report["worst"] as? [Any])?.count, 2)
    }

    func testSimilarTaskWithCorpusSweepAndPlot() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Three topics, four documents each; relevant = same topic.
        let topics = [["musée", "médiation", "publics", "exposition", "ateliers", "culturelle"],
                      ["concertation", "habitants", "quartier", "participation", "citoyenne", "consultation"],
                      ["développeur", "backend", "serveur", "déploiement", "base", "données"]]
        var lines = [String](), qrels = [String]()
        for (t, words) in topics.enumerated() {
            for d in 0..<4 {
                let text = (0..<12).map { words[($0 * (d + 1) + d) % words.count] }.joined(separator: " ")
                lines.append(#"{"id": "t\#(t)-\#(d)", "title": "T\#(t) \#(d)", "text": "\#(text)"}"#)
                for o in 0..<4 where o != d { qrels.append("t\(t)-\(d) 0 t\(t)-\(o) 1") }
            }
        }
        let corpus = dir.appendingPathComponent("c.jsonl").path, qrelsPath = dir.appendingPathComponent("c.qrels").path
        let model = dir.appendingPathComponent("m.plm").path, plot = dir.appendingPathComponent("sweep.svg").path
        try lines.joined(separator: "\n").write(toFile: corpus, atomically: true, encoding: .utf8)
        try qrels.joined(separator: "\n").write(toFile: qrelsPath, atomically: true, encoding: .utf8)
        XCTAssertEqual(try CLI.run(["index", corpus, "--dims", "3", "--out", model, "--no-competencies", "--no-cross-language"]).status, 0)
        let r = try CLI.run(["eval", "--model", model, "--task", "similar", "--qrels", qrelsPath, "--sweep", "2,3", "--plot", plot,
                             "--metrics", "ndcg@10,mrr", "--per-query"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("12 judged queries, 12 documents, task similar"), r.stdout)
        XCTAssertTrue(r.stdout.contains("LSA refitted at each k:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("per query:"), r.stdout)
        XCTAssertFalse(r.stdout.contains("recall@10"), "only the metrics asked for")
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.contains("<polyline"))
        // Same corpus given explicitly (folded into the model): the same LSA numbers.
        let a = try CLI.json(try CLI.run(["eval", "--model", model, "--task", "similar", "--qrels", qrelsPath, "--format", "json"]).stdout)
        let b = try CLI.json(try CLI.run(["eval", "--model", model, "--task", "similar", "--qrels", qrelsPath, "--corpus", corpus, "--format", "json"]).stdout)
        let lsa = { (r: [String: Any]) in ((r["systems"] as? [[String: Any]])?.first?["metrics"] as? [String: Double]) ?? [:] }
        XCTAssertEqual(lsa(a)["ndcg@10"]!, lsa(b)["ndcg@10"]!, accuracy: 1e-4)
        XCTAssertGreaterThan(lsa(a)["ndcg@10"]!, 0.9, "three separable topics")
    }

    func testBadQrelsAndUnknownMetricAreClearErrors() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.qrels").path
        try "cv-fr-it 0 fr-data-analyst 1\ncv-fr-it fr-data-analyst 2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["eval", "--queries", "Data/candidates", "--qrels", bad])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.qrels:2: expected 4 fields"), r.stderr)
        let m = try CLI.run(["eval", "--queries", "Data/candidates", "--qrels", "Data/judgments/candidates.qrels", "--metrics", "p@5"])
        XCTAssertNotEqual(m.status, 0)
        XCTAssertTrue(m.stderr.contains("unknown metric 'p@5'"), m.stderr)
        let none = dir.appendingPathComponent("none.qrels").path
        try "nobody 0 fr-data-analyst 1\n".write(toFile: none, atomically: true, encoding: .utf8)
        let n = try CLI.run(["eval", "--queries", "Data/candidates", "--qrels", none])
        XCTAssertEqual(n.status, 1)
        XCTAssertTrue(n.stderr.contains("none of the 7 queries"), n.stderr)
    }
}

final class ImportCLITests: XCTestCase {
    func write(_ files: [String: String], in dir: URL) throws {
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    func testROMEFichesAndAppellationsUndoDoubledApostrophes() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write([
            "metiers.csv": "\"code_rome\",\"libelle_rome\",\"code_grand_domaine\",\"libelle_grand_domaine\",\"code_domaine_professionel\",\"libelle_domaine_professionel\"\n\"K1206\",\"Intervention socioculturelle\",\"K\",\"Services à la personne\",\"K12\",\"Action sociale\"\n",
            "unix_texte_v347_utf8.csv": "\"code_rome\",\"position_libelle_txt\",\"code_type_texte\",\"libelle_texte\",\"libelle_type_texte\"\n\"K1206\",\"1\",\"1\",\"Peut coordonner une équipe.\",\"definition\"\n\"K1206\",\"0\",\"1\",\"Conçoit des projets d''animation\nsur plusieurs lignes.\",\"definition\"\n",
            "unix_referentiel_competence_v347_utf8.csv": "\"code_ogr\",\"libelle_competence\",\"code_type_competence\",\"libelle_type_competence\",\"statut\"\n\"100\",\"Techniques d''animation\",\"1\",\"SAVOIRS\",\"1\"\n",
            "unix_coherence_item_v347_utf8.csv": "\"code_rome\",\"code_ogr\"\n\"K1206\",\"100\"\n",
            "unix_referentiel_appellation_v347_utf8.csv": "\"code_ogr\",\"libelle_appellation_long\",\"libelle_appellation_court\",\"code_rome\",\"code_type_section_appellation\",\"libelle_type_section_appellation\",\"statut\"\n\"200\",\"Animateur / Animatrice d''activités\",\"x\",\"K1206\",\"1\",\"PRINCIPALE\",\"1\"\n",
        ], in: dir)
        let fiches = try CLI.run(["import", "rome", dir.path])
        XCTAssertEqual(fiches.status, 0, fiches.stderr)
        let doc = try CLI.json(fiches.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(doc["id"] as? String, "K1206")
        XCTAssertEqual(doc["title"] as? String, "Intervention socioculturelle")
        XCTAssertEqual(doc["subdomain"] as? String, "Action sociale")
        let text = try XCTUnwrap(doc["text"] as? String)
        XCTAssertTrue(text.contains("Définition : Conçoit des projets d'animation\nsur plusieurs lignes. Peut coordonner une équipe."), text)
        XCTAssertTrue(text.contains("Compétences : Techniques d'animation."), text)
        XCTAssertFalse(text.contains("''"))
        let noSkills = try CLI.run(["import", "rome", dir.path, "--no-skills"])
        XCTAssertFalse(noSkills.stdout.contains("Compétences"))

        let out = dir.appendingPathComponent("titles.jsonl").path
        let titles = try CLI.run(["import", "rome", dir.path, "--what", "appellations", "--out", out])
        XCTAssertEqual(titles.status, 0, titles.stderr)
        let t = try CLI.json(try String(contentsOfFile: out, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(t["id"] as? String, "ogr-200")
        XCTAssertEqual(t["text"] as? String, "Animateur / Animatrice d'activités")
        XCTAssertEqual(t["code_rome"] as? String, "K1206")
    }

    func testESCOOccupationsAndMissingColumns() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code\n"
        try write([
            "occupations_fr.csv": header + "Occupation,http://data.europa.eu/esco/occupation/abc-1,2654,directeur technique/directrice technique,\"régisseur\nrégisseuse\",,released,,,,,x,\"Les directeurs techniques coordonnent, avec \"\"soin\"\", la scène.\",2654.1.7\n",
            "occupations_en.csv": "conceptUri,preferredLabel\nx,y\n",
        ], in: dir)
        let r = try CLI.run(["import", "esco", dir.path, "--lang", "fr", "--alt-labels"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try CLI.json(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(doc["id"] as? String, "abc-1")
        XCTAssertEqual(doc["isco_group"] as? String, "2654")
        XCTAssertEqual(doc["lang"] as? String, "fr")
        XCTAssertEqual(doc["text"] as? String, "directeur technique/directrice technique.\n\nLes directeurs techniques coordonnent, avec \"soin\", la scène.\n\nrégisseur ; régisseuse.")
        let en = try CLI.run(["import", "esco", dir.path, "--lang", "en"])
        XCTAssertEqual(en.status, 1)
        XCTAssertTrue(en.stderr.contains("occupations_en.csv: no column 'iscoGroup'"), en.stderr)
        let missing = try CLI.run(["import", "rome", dir.path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("metiers.csv: no such file"), missing.stderr)
    }
}
