import XCTest
@testable import Competencies

/// Issue 14, items 1 and 5: required vs desirable languages, CEFR levels written apart from the
/// language name, and requirements the posting explicitly waives. Texts are the shipped postings' own
/// sentences (Data/postings) or the issue's.
final class LanguageNecessityTests: XCTestCase {
    /// language → (level, desirable)
    func statements(_ text: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: LanguageStatementDetector.detect(text).map {
            ($0.language, "\($0.level.name)\($0.desirable ? " desirable" : "")")
        })
    }

    func testDesirableLanguagesAreNotRequirements() {
        XCTAssertEqual(statements("Maîtrise du français indispensable. Un bon niveau d'anglais (B2) serait apprécié pour quelques missions européennes."),
                       ["fr": "good", "en": "good desirable"])
        XCTAssertEqual(statements("Fluent in French and English (spoken and written). Spanish is a strong asset."),
                       ["fr": "excellent", "en": "excellent", "es": "good desirable"])
        XCTAssertEqual(statements("Excellente maîtrise du français. Bon niveau d'anglais apprécié pour participer aux projets européens."),
                       ["fr": "excellent", "en": "good desirable"])
        XCTAssertEqual(statements("Anglais fonctionnel apprécié pour la veille."), ["en": "intermediate desirable"])
        XCTAssertEqual(statements("Fluent English is required. Conversational French is nice to have."),
                       ["en": "excellent", "fr": "intermediate desirable"])
        XCTAssertEqual(statements("Good command of French preferred."), ["fr": "good desirable"])
        XCTAssertEqual(statements("Anglais courant : un atout."), ["en": "excellent desirable"])
        XCTAssertEqual(statements("Une connaissance de l'anglais de base peut être exigée selon les besoins du territoire."),
                       ["en": "notions desirable"])
        // Joined names share the words of the last one.
        XCTAssertEqual(statements("Bilinguisme français-anglais requis."), ["fr": "excellent", "en": "excellent"])
        XCTAssertEqual(statements("Français et anglais courants appréciés."), ["fr": "excellent desirable", "en": "excellent desirable"])
    }

    func testRequiredWinsOverDesirableForOneLanguage() {
        // A requirement word beats a desirable one in the same sentence ("indispensable … souhaité").
        XCTAssertEqual(statements("Anglais lu indispensable pour la littérature méthodologique (niveau B2 souhaité)."), ["en": "good"])
        // Two sentences about one language: the required one is kept even at a lower level.
        XCTAssertEqual(statements("Anglais fonctionnel requis. Anglais courant serait un atout."), ["en": "intermediate"])
    }

    func testWaivedLanguagesGiveNoStatement() {
        XCTAssertEqual(statements("Français courant. Anglais courant non requis."), ["fr": "excellent"])
        XCTAssertEqual(statements("Excellent written and spoken English. Fluent French is not required."), ["en": "excellent"])
        XCTAssertEqual(statements("Good spoken French is an asset but not required."), ["fr": "good desirable"])
        XCTAssertEqual(statements("La connaissance de l'anglais courant est un atout, sans être exigée."), ["en": "excellent desirable"])
    }

    func testCEFRLevelsApartFromTheName() {
        // "niveau B1 minimum" after a semicolon (Data/postings/fr-data-analyst.txt): the English of the clause before.
        XCTAssertEqual(statements("Français courant. Anglais technique (lecture de documentation) ; niveau B1 minimum."),
                       ["fr": "excellent", "en": "intermediate"])
        // A CEFR level later in the clause, after other words.
        XCTAssertEqual(statements("Anglais exigé pour l'accueil des groupes internationaux (B2)."), ["en": "good"])
        XCTAssertEqual(statements("Anglais professionnel (niveau B2 minimum)"), ["en": "good"])
        XCTAssertEqual(statements("English B2"), ["en": "good"])
        XCTAssertEqual(statements("Notions d'espagnol (A2)"), ["es": "notions"])
        // Without a language name before it, a level alone says nothing.
        XCTAssertEqual(statements("Niveau B1 minimum."), [:])
        // Across a full stop or a line, no inheritance.
        XCTAssertEqual(statements("Anglais technique.\nNiveau B1 minimum."), [:])
    }

    func testUsualWordsInBothLanguages() {
        let cases: [(String, [String: String])] = [
            ("Anglais courant", ["en": "excellent"]),
            ("English: fluent", ["en": "excellent"]),
            ("English: intermediate", ["en": "intermediate"]),
            ("Anglais : intermédiaire (B1)", ["en": "intermediate"]),
            ("Notions d'anglais", ["en": "notions"]),
            ("Bilingue français-anglais", ["fr": "excellent", "en": "excellent"]),
            ("French: B1", ["fr": "intermediate"]),
            ("Français C2", ["fr": "excellent"]),
        ]
        for (text, expected) in cases { XCTAssertEqual(statements(text), expected, text) }
    }

    /// Every language statement of the shipped postings, read by hand (Data/judgments/language-statements.tsv):
    /// the detector must agree on language, level and necessity for at least 95% of them.
    func testShippedPostingsLanguageStatements() throws {
        let gold = try String(contentsOf: packageRoot.appendingPathComponent("Data/judgments/language-statements.tsv"), encoding: .utf8)
        var expected = [String: [String: String]]()
        for line in gold.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("doc_id") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 2 else { continue }
            expected[f[0], default: [:]] = [:]
            if f[1].isEmpty { continue }
            for item in f[1].split(separator: ",") {
                let p = item.split(separator: ":").map(String.init)  // fr:excellent[:desirable]
                expected[f[0]]![p[0]] = p[1] + (p.count > 2 ? " desirable" : "")
            }
        }
        XCTAssertGreaterThanOrEqual(expected.count, 40)
        var right = 0, total = 0
        var wrong = [String]()
        for (id, exp) in expected.sorted(by: { $0.key < $1.key }) {
            let text = try String(contentsOf: packageRoot.appendingPathComponent("Data/postings/\(id).txt"), encoding: .utf8)
            let found = statements(text).filter { ["fr", "en"].contains($0.key) }
            for language in Set(exp.keys).union(found.keys) {
                total += 1
                if exp[language] == found[language] { right += 1 } else { wrong.append("\(id) \(language): expected \(exp[language] ?? "none"), found \(found[language] ?? "none")") }
            }
        }
        let accuracy = Double(right) / Double(max(1, total))
        print(String(format: "language statements of the shipped postings: %d of %d right (%.3f)", right, total, accuracy))
        if !wrong.isEmpty { print(wrong.joined(separator: "\n")) }
        XCTAssertGreaterThanOrEqual(accuracy, 0.95)
    }
}
