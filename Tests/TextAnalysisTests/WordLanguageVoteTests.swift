import Foundation
import XCTest
@testable import TextAnalysis

/// Issue 29f: a short text's language told by its words (`WordLanguageVote`) before its letters, so that an
/// English label is translated and a French title is not.
final class WordLanguageVoteTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let analyzer = FrenchEnglishAnalyzer()

    /// The engine's title lexicon: ESCO skill pairs plus FreeDict.
    func titleLexicon() throws -> BilingualLexicon {
        let skills = try String(contentsOf: Self.root.appendingPathComponent("Data/lexicon/esco-en-fr.tsv"), encoding: .utf8)
        let dictionary = try String(contentsOf: Self.root.appendingPathComponent("Data/lexicon/freedict-en-fr.tsv"), encoding: .utf8)
        return try BilingualLexicon(parsing: skills, source: "skills", analyzer: analyzer).adding(parsing: dictionary, source: "dictionary", analyzer: analyzer)
    }

    func testStopWordsListedWordsPluralsAndUnaccentedFrench() {
        let vote = WordLanguageVote(english: ["laboratory", "nurse", "city"], french: ["laboratoire", "infirmière", "ingénieur", "ville"])
        XCTAssertEqual(vote.language(of: "Laboratory nurses"), .en, "listed words, a plural")
        XCTAssertEqual(vote.language(of: "infirmière de laboratoire"), .fr, "a French stop word and listed words")
        XCTAssertEqual(vote.language(of: "INGENIEUR"), .fr, "written without its accent, matched with the folded French words")
        XCTAssertEqual(vote.language(of: "cities of the north"), .en, "-ies → -y, English stop words")
        XCTAssertNil(vote.language(of: "agent"), "a word of neither list decides nothing")
        XCTAssertNil(vote.language(of: "nurse infirmière"), "as many votes each way decide nothing")
        XCTAssertEqual(vote.votes("the laboratoire").english, 1)
        XCTAssertEqual(vote.votes("the laboratoire").french, 1)
    }

    /// The surface words come from the lexicon's own lines, both sides, lower-cased.
    func testTheLexiconKeepsItsWordsAsWritten() throws {
        let lexicon = try BilingualLexicon(parsing: "Workshops\tateliers\t0.5\nnurse\tinfirmière\t0.6", source: "t", analyzer: analyzer)
        XCTAssertEqual(lexicon.surfaceWords.english, ["workshops", "nurse"])
        XCTAssertEqual(lexicon.surfaceWords.french, ["ateliers", "infirmière"])
    }

    /// An English label the letter guess takes for French (26 letters, unsure) is translated when the words vote;
    /// a French title the letter guess leans English on is not ("agent" → "instrument" was its noise).
    func testEnglishLabelTranslatedFrenchTitleLeftAlone() throws {
        let lexicon = try titleLexicon()
        let old = CrossLanguageTerms(lexicon: lexicon, analyzer: analyzer, translationsPerTerm: 2, translatesShortUnsureTexts: true)
        let voting = CrossLanguageTerms(lexicon: lexicon, analyzer: analyzer, translationsPerTerm: 2, translatesShortUnsureTexts: true,
                                        votesByWords: true)
        let laboratoire = FrenchEnglishAnalyzer(phrases: false, language: .fr).terms("laboratoire")
        XCTAssertEqual(laboratoire.count, 1)
        XCTAssertTrue(old.translatedFeatures(of: "medical laboratory assistant").isEmpty, "the letters alone: counted as French")
        XCTAssertTrue(voting.translatedFeatures(of: "medical laboratory assistant").contains(laboratoire[0]))
        XCTAssertFalse(voting.translatedFeatures(of: "stage manager").isEmpty)
        XCTAssertTrue(old.translatedFeatures(of: "stage manager").isEmpty)
        let french = "Agent / Agente de curage"
        XCTAssertFalse(old.translatedFeatures(of: french).isEmpty, "the letters lean English")
        XCTAssertEqual(voting.translatedFeatures(of: french), [], "\"de\" is French, \"agente\" and \"curage\" are no English words")
        XCTAssertEqual(voting.translatedFeatures(of: "Technicien de maintenance"), [])
        // A tie keeps the letter rule: a one-word title under 12 letters is still translated.
        XCTAssertNil(voting.wordVote?.language(of: "agent"))
        XCTAssertEqual(voting.translatedFeatures(of: "agent"), old.translatedFeatures(of: "agent"))
    }
}
