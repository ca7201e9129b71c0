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
        XCTAssertEqual(EngineSetup.defaultSettings(resources: withList).crossLanguage, EngineSetup.crossLanguageTitleDictionaryIdentifier)
        XCTAssertEqual(EngineSetup.defaultSettings(resources: try resources(dictionary: false)).crossLanguage, EngineSetup.crossLanguageIdentifier)
        let boulanger = FrenchEnglishAnalyzer(phrases: false, language: .fr).terms("boulanger")
        XCTAssertEqual(boulanger.count, 1)
        let v4 = try featurizer(withList)
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

    func testWhatCountsAsATitle() {
        XCTAssertTrue(EngineSetup.isTitle("Infirmier de bloc opératoire"))
        XCTAssertTrue(EngineSetup.isTitle("\n  baker \n"))
        XCTAssertFalse(EngineSetup.isTitle("Baker\nBread every morning"))
        XCTAssertFalse(EngineSetup.isTitle(String(repeating: "word ", count: 40)))
        XCTAssertFalse(EngineSetup.isTitle("   \n "))
    }
}
