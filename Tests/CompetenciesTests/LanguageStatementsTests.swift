import XCTest
@testable import Competencies

final class LanguageStatementsTests: XCTestCase {
    /// Languages and levels found, sorted by language.
    func levels(_ text: String) -> [String: LanguageLevel] {
        Dictionary(uniqueKeysWithValues: LanguageStatementDetector.detect(text).map { ($0.language, $0.level) })
    }

    func testPhrasings() {
        let cases: [(String, [String: LanguageLevel])] = [
            ("Excellente maîtrise du français.", ["fr": .excellent]),
            ("Bonne maîtrise de l’anglais.", ["en": .good]),
            ("Anglais fonctionnel", ["en": .intermediate]),
            ("Maîtrise parfaite du français écrit", ["fr": .excellent]),
            ("Bilingue (français-anglais)", ["fr": .excellent, "en": .excellent]),
            ("Le bilinguisme est exigé pour ce poste.", ["fr": .excellent, "en": .excellent]),
            ("Français : langue maternelle", ["fr": .native]),
            ("Anglais – courant (C1)", ["en": .excellent]),
            ("English: fluent", ["en": .excellent]),
            ("French (working knowledge)", ["fr": .intermediate]),
            ("Espagnol : notions", ["es": .notions]),
            ("German B1", ["de": .intermediate]),
            ("Italien (A2)", ["it": .notions]),
            ("Arabe : niveau B2", ["ar": .good]),
            ("Native speaker of Portuguese", ["pt": .native]),
            ("Mandarin: basic", ["zh": .notions]),
            ("Chinois intermédiaire", ["zh": .intermediate]),
            ("Anglais de base", ["en": .notions]),
            ("Bonne maîtrise du français et de l'anglais", ["fr": .good, "en": .good]),
            ("Fluent in English and French", ["en": .excellent, "fr": .excellent]),
            ("Français (langue maternelle), anglais courant, espagnol intermédiaire",
             ["fr": .native, "en": .excellent, "es": .intermediate]),
            ("LANGUES\nFrançais : langue maternelle\nAnglais – courant (C1)\nEspagnol : notions",
             ["fr": .native, "en": .excellent, "es": .notions]),
            ("Trilingue (français, anglais, espagnol)", ["fr": .excellent, "en": .excellent, "es": .excellent]),
            ("Multilingual", [:]),
            ("Excellente maîtrise du français écrit et parlé", ["fr": .excellent]),
            ("Maîtrise du français et de l'anglais, tant à l'oral qu'à l'écrit", ["fr": .good, "en": .good]),
            ("Anglais : niveau professionnel", ["en": .good]),
            ("English: professional proficiency", ["en": .good]),
            ("Native French speaker", ["fr": .native]),
            ("Mother tongue: Arabic; French: fluent", ["ar": .native, "fr": .excellent]),
            ("Langue maternelle : arabe ; français courant", ["ar": .native, "fr": .excellent]),
            ("Anglais — expérience professionnelle à Londres", [:]),
            ("Très bonne maîtrise de l'anglais", ["en": .excellent]),
            ("Languages: English (native), French (C2), Spanish (B1)", ["en": .native, "fr": .excellent, "es": .intermediate]),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(levels(text), expected, text)
        }
    }

    func testNoStatementWithoutLevelOrLanguage() {
        XCTAssertEqual(levels("Entrée en fonction dès que possible, raisonnablement courant juillet 2021"), [:])
        XCTAssertEqual(levels("Cours de français pour personnes immigrantes, animation d'ateliers."), [:])
        XCTAssertEqual(levels("Excellente capacité d’analyse, de synthèse et de vulgarisation"), [:])
        XCTAssertEqual(levels("Maîtrise des outils collaboratifs à distance et notions de communication"), [:])
        XCTAssertEqual(levels("Les véhicules autonomes circulent en anglais... non."), [:])
        XCTAssertEqual(levels(""), [:])
    }

    func testHighestLevelWinsWithItsEvidence() {
        let text = "Anglais : notions.\nPlus tard : anglais courant (C1)."
        let st = LanguageStatementDetector.detect(text)
        XCTAssertEqual(st.count, 1)
        XCTAssertEqual(st.first?.language, "en")
        XCTAssertEqual(st.first?.level, .excellent)
        let ev = st.first!.evidence
        XCTAssertEqual(scalarSlice(text, ev.start, ev.end), "anglais courant")
        XCTAssertEqual(ev.quote, "Plus tard : anglais courant (C1).")
    }

    func testEvidenceOffsetsInOriginalText() {
        // Accents and a curly apostrophe before the match: offsets must stay in original scalars.
        let text = "Compétences : ‘très’ utiles.\nExcellente maîtrise du français ; bonne maîtrise de l’anglais."
        let st = LanguageStatementDetector.detect(text)
        XCTAssertEqual(st.map(\.language), ["en", "fr"])
        let en = st[0], fr = st[1]
        XCTAssertEqual(scalarSlice(text, fr.evidence.start, fr.evidence.end), "Excellente maîtrise du français")
        XCTAssertEqual(fr.evidence.quote, "Excellente maîtrise du français")
        XCTAssertEqual(scalarSlice(text, en.evidence.start, en.evidence.end), "bonne maîtrise de l’anglais")
        XCTAssertEqual(en.evidence.quote, "bonne maîtrise de l’anglais.")
    }

    func testSeedPostings() throws {
        let dir = packageRoot.appendingPathComponent("Data/postings")
        let exeko = try String(contentsOf: dir.appendingPathComponent("seed-exeko-pratiques.txt"), encoding: .utf8)
        XCTAssertEqual(levels(exeko), ["fr": .excellent, "en": .good])
        // French postings that say nothing about languages: no statement (not even French).
        for name in ["seed-college-transitions", "seed-lium-mobilisation", "seed-region-design", "seed-rouen-participation"] {
            let text = try String(contentsOf: dir.appendingPathComponent(name + ".txt"), encoding: .utf8)
            XCTAssertEqual(levels(text), [:], name)
        }
    }

    func testDetectorFillsLanguages() throws {
        let t = try Taxonomy.load(path: taxonomyPath)
        let d = CompetencyDetector(taxonomy: t, analyzer: TinyAnalyzer())
        let p = d.detect("Animation d'ateliers participatifs. English: fluent; français : langue maternelle.")
        XCTAssertEqual(p.languages.map(\.language), ["en", "fr"])
        XCTAssertEqual(p.languages.map(\.level), [.excellent, .native])
    }
}

final class LanguageStatementsListTests: XCTestCase {
    func levels(_ text: String) -> [String: LanguageLevel] {
        Dictionary(uniqueKeysWithValues: LanguageStatementDetector.detect(text).map { ($0.language, $0.level) })
    }

    func testSharedCueAfterAList() {
        XCTAssertEqual(levels("Français et anglais courants"), ["fr": .excellent, "en": .excellent])
        XCTAssertEqual(levels("Anglais et espagnol : niveau B2"), ["en": .good, "es": .good])
        // A cue before a list and one after the last name: each name its own.
        XCTAssertEqual(levels("Excellente maîtrise du français, anglais intermédiaire"), ["fr": .excellent, "en": .intermediate])
        // No connector: no inheritance.
        XCTAssertEqual(levels("Français exigé pour le poste avec anglais courant"), ["en": .excellent])
    }

    func testInheritedEvidenceSpansTheList() {
        let text = "Bonne maîtrise du français et de l'anglais."
        let st = LanguageStatementDetector.detect(text)
        XCTAssertEqual(st.map(\.language), ["en", "fr"])
        XCTAssertEqual(scalarSlice(text, st[0].evidence.start, st[0].evidence.end), "Bonne maîtrise du français et de l'anglais")
        XCTAssertEqual(scalarSlice(text, st[1].evidence.start, st[1].evidence.end), "Bonne maîtrise du français")
    }
}

final class LanguageStatementsOrderTests: XCTestCase {
    /// A cue between two names that leads into the second belongs to it, when the first has its own cue before.
    func testCueBetweenTwoNamesGoesToTheNameItLeadsInto() {
        let levels = Dictionary(uniqueKeysWithValues: LanguageStatementDetector.detect(
            "Excellente maîtrise du français et bonne maîtrise de l'anglais.").map { ($0.language, $0.level) })
        XCTAssertEqual(levels, ["fr": .excellent, "en": .good])
        let list = Dictionary(uniqueKeysWithValues: LanguageStatementDetector.detect(
            "Français (langue maternelle), anglais courant, espagnol intermédiaire").map { ($0.language, $0.level) })
        XCTAssertEqual(list, ["fr": .native, "en": .excellent, "es": .intermediate])
    }
}
