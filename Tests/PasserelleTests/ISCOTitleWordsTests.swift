import Foundation
import XCTest
import TextAnalysis
@testable import Passerelle

/// Issue 29i: `lexicon-en-fr-v7` = v5 whose titles on their own also get the ISCO-08 title words
/// (`EngineSetup.iscoResource`, `Data/lexicon/isco-en-fr.tsv`): an English label's "operator", "technician",
/// "manager" carry the French title words "conducteur", "technicien", "directeur" that a French job title holds.
/// Longer texts and the first line of a longer text are translated as by v5, and a v5 model answers as before.
final class ISCOTitleWordsTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func resources(isco: Bool) throws -> [String: String] {
        func read(_ path: String) throws -> String {
            try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        }
        var r = [EngineSetup.lexiconResource: try read("Data/lexicon/esco-en-fr.tsv"),
                 EngineSetup.dictionaryResource: try read("Data/lexicon/freedict-en-fr.tsv")]
        if isco { r[EngineSetup.iscoResource] = try read("Data/lexicon/isco-en-fr.tsv") }
        return r
    }

    func featurizer(_ resources: [String: String], identifier: String, firstLineRepeat: Int? = nil) throws -> Featurizer {
        var settings = EngineSetup.defaultSettings(resources: resources)
        settings.crossLanguage = identifier
        settings.firstLineRepeat = firstLineRepeat
        return try EngineSetup.pipeline(settings: settings, resources: resources).featurizer
    }

    /// The French term of a French title word, as a French title's features hold it.
    func french(_ word: String) -> String {
        let terms = FrenchEnglishAnalyzer(phrases: false, language: .fr).terms(word)
        XCTAssertEqual(terms.count, 1, word)
        return terms.first ?? ""
    }

    func testEnglishLabelsGetTheFrenchTitleWords() throws {
        let all = try resources(isco: true)
        let v7 = try featurizer(all, identifier: EngineSetup.crossLanguageTitleISCOIdentifier)
        let v5 = try featurizer(all, identifier: EngineSetup.crossLanguageTitleVoteIdentifier)
        let conducteur = french("conducteur"), technicien = french("technicien"), directeur = french("directeur")
        // The French titles hold these terms themselves.
        XCTAssertTrue(v7.features(of: "Conducteur / Conductrice de machine à papier").contains(conducteur))
        XCTAssertTrue(v7.features(of: "Technicien / Technicienne de maintenance").contains(technicien))
        for (label, term) in [("paper machine operator", conducteur), ("Plant and machine operators", conducteur),
                              ("electrical technician", technicien), ("Electrical engineering technicians", technicien),
                              ("Hotel managers", directeur)] {
            XCTAssertTrue(v7.features(of: label).contains(term), "v7: \(label) → \(term)")
        }
        // v5 had no such translation for "operator" and "technician" (the gap of issue 29f).
        XCTAssertFalse(v5.features(of: "paper machine operator").contains(conducteur))
        XCTAssertFalse(v5.features(of: "electrical technician").contains(technicien))
    }

    func testLongTextsAndFirstLinesAreTranslatedAsByV5() throws {
        let all = try resources(isco: true)
        let v7 = try featurizer(all, identifier: EngineSetup.crossLanguageTitleISCOIdentifier, firstLineRepeat: 4)
        let v5 = try featurizer(all, identifier: EngineSetup.crossLanguageTitleVoteIdentifier, firstLineRepeat: 4)
        let long = "Machine operator\nWe are looking for an experienced operator to run our paper machines, to keep the line "
            + "clean and safe, to work with the maintenance technicians and to report to the plant manager every day."
        XCTAssertEqual(v7.features(of: long), v5.features(of: long))
        XCTAssertFalse(v7.features(of: long).contains(french("conducteur")))
    }

    /// A v5 model reads the same features whether or not the ISCO list is among the resources: v5 never uses it.
    func testV5IsUnchanged() throws {
        let with = try featurizer(try resources(isco: true), identifier: EngineSetup.crossLanguageTitleVoteIdentifier)
        let without = try featurizer(try resources(isco: false), identifier: EngineSetup.crossLanguageTitleVoteIdentifier)
        for text in ["paper machine operator", "Store manager", "Conducteur de ligne de production", "Software engineer",
                     "Store manager\nWe are looking for an experienced person to run our shop every day and serve customers."] {
            XCTAssertEqual(with.features(of: text), without.features(of: text), text)
        }
        XCTAssertEqual(EngineSetup.defaultSettings(resources: try resources(isco: false)).crossLanguage,
                       EngineSetup.crossLanguageTitleVoteIdentifier, "without the ISCO list, new models are v5")
    }

    func testNewModelsWithTheISCOListAreV7() throws {
        XCTAssertEqual(EngineSetup.defaultSettings(resources: try resources(isco: true)).crossLanguage,
                       EngineSetup.crossLanguageTitleISCOIdentifier)
    }

    func testV7NeedsTheISCOList() throws {
        XCTAssertThrowsError(try featurizer(try resources(isco: false), identifier: EngineSetup.crossLanguageTitleISCOIdentifier))
    }
}
