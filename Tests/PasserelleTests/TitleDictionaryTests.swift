import Foundation
import XCTest
import TextAnalysis
@testable import Passerelle

/// Issue 29b: the FreeDict word list translates titles only (`lexicon-en-fr-v4`, the default when the
/// list is a resource): a one-line text of at most 160 characters gets ESCO + FreeDict translations,
/// a longer text ESCO's alone (v3, `index --dictionary`, gives FreeDict to every text).
final class TitleDictionaryTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func resources(dictionary: Bool) throws -> [String: String] {
        var r = [EngineSetup.lexiconResource: try String(contentsOf: Self.root.appendingPathComponent("Data/lexicon/esco-en-fr.tsv"), encoding: .utf8)]
        if dictionary {
            r[EngineSetup.dictionaryResource] = try String(contentsOf: Self.root.appendingPathComponent("Data/lexicon/freedict-en-fr.tsv"), encoding: .utf8)
        }
        return r
    }

    func featurizer(_ resources: [String: String], identifier: String? = nil) throws -> Featurizer {
        var settings = EngineSetup.defaultSettings(resources: resources)
        if let identifier { settings.crossLanguage = identifier }
        settings.firstLineRepeat = nil
        return try EngineSetup.pipeline(settings: settings, resources: resources).featurizer
    }

    func testTitlesAreTranslatedWithTheDictionaryLongTextsWithoutIt() throws {
        let withList = try resources(dictionary: true)
        XCTAssertEqual(EngineSetup.defaultSettings(resources: withList).crossLanguage, EngineSetup.crossLanguageTitleVoteIdentifier)
        XCTAssertEqual(EngineSetup.defaultSettings(resources: try resources(dictionary: false)).crossLanguage, EngineSetup.crossLanguageIdentifier)
        let boulanger = FrenchEnglishAnalyzer(phrases: false, language: .fr).terms("boulanger")
        XCTAssertEqual(boulanger.count, 1)
        let v4 = try featurizer(withList, identifier: EngineSetup.crossLanguageTitleDictionaryIdentifier)
        // "baker" is in FreeDict, not in the ESCO skill list.
        XCTAssertTrue(v4.features(of: "Baker").contains(boulanger[0]))
        XCTAssertTrue(v4.features(of: "  head baker  \n").contains(boulanger[0]), "blank space around one line is still a title")
        let long = "Job offer in our shop.\nWe are looking for an experienced baker to make our bread and pastries every morning, "
            + "to serve customers and to keep the bakery clean and safe for everyone working with the team."
        XCTAssertFalse(v4.features(of: long).contains(boulanger[0]), "a long text gets ESCO's translations alone")
        // v3 (whole texts) does translate it; v2 (no list) never does.
        XCTAssertTrue(try featurizer(withList, identifier: EngineSetup.crossLanguageWithDictionaryIdentifier).features(of: long).contains(boulanger[0]))
        XCTAssertFalse(try featurizer(try resources(dictionary: false)).features(of: "Baker").contains(boulanger[0]))
    }

    /// Issue 29f (`lexicon-en-fr-v5`, the new default): a French title meets its English twin. Under v4 the English
    /// label counted as French (its letters are too few to tell) and gave no French term; under v5 its words vote
    /// English and it gives the French terms of the title. A v4 model keeps v4's features.
    func testFrenchTitleMeetsItsEnglishTwin() throws {
        let withList = try resources(dictionary: true)
        let v5 = try featurizer(withList), v4 = try featurizer(withList, identifier: EngineSetup.crossLanguageTitleDictionaryIdentifier)
        let french = Set(try featurizer(withList).features(of: "Assistant de laboratoire médical"))
        let laboratoire = FrenchEnglishAnalyzer(phrases: false, language: .fr).terms("laboratoire")[0]
        XCTAssertTrue(french.contains(laboratoire))
        XCTAssertTrue(v5.features(of: "medical laboratory assistant").contains(laboratoire))
        XCTAssertFalse(v4.features(of: "medical laboratory assistant").contains(laboratoire), "v4 models answer as before")
        // A French title is not read as English: no "instrument" for "agent".
        let instrument = FrenchEnglishAnalyzer(phrases: false, language: .fr).terms("instrument")[0]
        XCTAssertTrue(v4.features(of: "Agent / Agente de curage").contains(instrument), "v4's mistranslation")
        XCTAssertFalse(v5.features(of: "Agent / Agente de curage").contains(instrument))
    }

    /// v5: a title on its own gets every translation of its words ("manager": gestion, gérer, …, directeur), the
    /// first line of a longer text the two best, as in v4 (every translation there cost English → French texts).
    func testTitlesOnTheirOwnGetEveryTranslation() throws {
        let withList = try resources(dictionary: true)
        let v5 = try featurizer(withList)
        let directeur = FrenchEnglishAnalyzer(phrases: false, language: .fr).terms("directeur")[0]
        let gestion = FrenchEnglishAnalyzer(phrases: false, language: .fr).terms("gestion")[0]
        XCTAssertTrue(v5.features(of: "Store manager").contains(directeur))
        XCTAssertFalse(try featurizer(withList, identifier: EngineSetup.crossLanguageTitleDictionaryIdentifier)
            .features(of: "Store manager").contains(directeur), "v4: the two best only")
        var repeated = EngineSetup.defaultSettings(resources: withList)
        repeated.firstLineRepeat = 4
        let withTitle = try EngineSetup.pipeline(settings: repeated, resources: withList).featurizer
        let long = "Store manager\nWe are looking for an experienced person to run our shop every day, to serve customers, "
            + "to keep the shelves full and the shop clean and safe for everyone working with the team."
        let features = withTitle.features(of: long)
        XCTAssertTrue(features.contains(gestion), "the first line keeps its best translation")
        XCTAssertFalse(features.contains(directeur), "but not every one")
        XCTAssertTrue(withTitle.features(of: "Store manager").contains(directeur), "a title on its own, copies included")
    }

    func testWhatCountsAsATitle() {
        XCTAssertTrue(EngineSetup.isTitle("Infirmier de bloc opératoire"))
        XCTAssertTrue(EngineSetup.isTitle("\n  baker \n"))
        XCTAssertFalse(EngineSetup.isTitle("Baker\nBread every morning"))
        XCTAssertFalse(EngineSetup.isTitle(String(repeating: "word ", count: 40)))
        XCTAssertFalse(EngineSetup.isTitle("   \n "))
    }
}
