import Foundation
import XCTest
import TextAnalysis
@testable import Competencies

/// Issue 25e: the readers of a matched posting's explanation profile, made faster, read every text exactly as before. Each
/// test writes the old definition out and compares on the shipped postings and CVs, crafted texts and random ones.
final class ExplanationSpeedTests: XCTestCase {
    static let detector = CompetencyDetector(taxonomy: try! Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))

    /// The shipped postings, CVs and judged CVs, and texts that exercise the readers (an English line in a French CV,
    /// short paragraphs whose language is not confident, years, conditions, languages).
    static let texts: [String] = {
        var out: [String] = []
        for folder in ["Data/postings", "Data/candidates", "Data/judged-cvs"] {
            let url = packageRoot.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".txt") {
                if let t = try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) { out.append(t) }
            }
        }
        out += [
            "", "Oui.", "ok\n\nno\n\nsi",
            "Animatrice d'ateliers participatifs depuis 2015.\nDesigned a developmental evaluation with community partners.\n\nBilingue.",
            "Profil recherché : 3 à 5 ans d’expérience en médiation ; anglais un atout. Étudiant·e en master exclu·e.\nAdulte-relais.",
            "Requirements: at least 3 years of experience in facilitation. French is an asset. Must be a full-time student.",
            "Expérience : minimum 2 ans. Maîtrise de l'anglais (B2) exigée ; espagnol serait apprécié. 🙂\u{00A0}— fin",
        ]
        return out
    }()

    func testThePostingTextsAreRead() {
        XCTAssertGreaterThan(Self.texts.count, 60, "Data/postings, Data/candidates and Data/judged-cvs are part of the package")
    }

    /// `detect(_:as:)` makes only the explained profile now: it is the explained half of `detectBoth(_:as:)`, for a CV and
    /// for a posting, competencies (evidence, order, desirable) and language statements alike.
    func testTheExplainedDetectionIsTheExplainedHalfOfDetectingBoth() {
        var competencies = 0, languages = 0
        for text in Self.texts {
            for kind in [CompetencyDetector.TextKind.cv, .posting] {
                let alone = Self.detector.detect(text, as: kind)
                XCTAssertEqual(alone, Self.detector.detectBoth(text, as: kind).explained, "\(kind): \(text.prefix(60))")
                competencies += alone.competencies.count
                languages += alone.languages.count
            }
        }
        XCTAssertGreaterThan(competencies, 300)
        XCTAssertGreaterThan(languages, 30)
    }

    /// The other-language lines with the whole text's language read only when a paragraph needs it: the same lines as the
    /// old definition (written out), which read it always.
    func testOtherLanguageLinesAreTheSameWhenTheDocumentIsReadOnlyIfNeeded() {
        func old(_ text: String, scalars: [Unicode.Scalar]) -> [(start: Int, end: Int, language: Language)] {
            let paragraphs = LanguageIdentifier.identifyParagraphs(text)
            guard !paragraphs.isEmpty else { return [] }
            let document = LanguageIdentifier.identify(text)
            let documentLanguage: Language = document.confidence >= 0.5 && document.language != .other ? document.language : .fr
            var out: [(start: Int, end: Int, language: Language)] = []
            for (range, guess) in paragraphs {
                let paragraphLanguage = guess.confidence >= 0.5 && guess.language != .other ? guess.language : documentLanguage
                var lineStart = range.lowerBound
                var i = range.lowerBound
                while i <= range.upperBound {
                    if i == range.upperBound || (i < scalars.count && scalars[i] == "\n") {
                        if i - lineStart >= 20 {
                            let line = TextSpans.slice(scalars, lineStart, i)
                            if line.split(separator: " ").count >= 4 {
                                let g = LanguageIdentifier.identify(line)
                                if g.confidence >= 0.6, g.language != paragraphLanguage, g.language == .fr || g.language == .en {
                                    out.append((lineStart, i, g.language))
                                }
                            }
                        }
                        lineStart = i + 1
                    }
                    i += 1
                }
            }
            return out
        }
        var found = 0
        let mixed = "Bon.\nDesigned and ran a developmental evaluation with partners.\n\nOk.\nAnimation d'ateliers participatifs avec les habitants du quartier."
        for text in Self.texts + [mixed] {
            let scalars = Array(text.unicodeScalars)
            let new = CompetencyDetector.otherLanguageLines(text, scalars: scalars)
            let before = old(text, scalars: scalars)
            XCTAssertEqual(new.map { "\($0.start)-\($0.end)-\($0.language)" }, before.map { "\($0.start)-\($0.end)-\($0.language)" })
            found += new.count
        }
        XCTAssertGreaterThan(found, 0, "some line is read in the other language")
    }

    /// A slice is made from UTF-8 bytes, a line's words are counted on its scalars, phrase terms are found by their byte
    /// first: the same strings, counts and terms as the old definitions (written out), combining marks and joiners included.
    func testSlicesWordCountsAndWordTermsAreAsBefore() {
        func oldSlice(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[max(0, start)..<min(end, scalars.count)])
            return String(view)
        }
        let odd = ["a \u{0301}b c d e", "un  deux\u{00A0}trois — quatre cinq", "x \u{200D}y z w v", "\u{0600} a b c d", "e\u{301}te\u{301} a b c 🙂 d",
                   "   ", "mot", "a\tb c d e", "ab\r"]
        var lines = 0
        for text in Self.texts + odd {
            let scalars = Array(text.unicodeScalars)
            var start = 0
            for i in 0 ... scalars.count where i == scalars.count || scalars[i] == "\n" {
                let line = TextSpans.slice(scalars, start, i)
                XCTAssertEqual(Array(line.utf8), Array(oldSlice(scalars, start, i).utf8))
                XCTAssertEqual(CompetencyDetector.wordCount(scalars, start, i, line), line.split(separator: " ").count, line)
                start = i + 1
                lines += 1
            }
            let tokens = Self.detector.analyzer.analyze(text) + [Token(term: "a_b", start: 0, end: 0), Token(term: "", start: 0, end: 0),
                                                                 Token(term: "_\u{301}x", start: 0, end: 0)]
            XCTAssertEqual(CompetencyDetector.wordTerms(tokens).map(\.term), tokens.filter { !$0.term.contains("_") && !$0.term.isEmpty }.map(\.term))
        }
        XCTAssertGreaterThan(lines, 1000)
    }

    /// The ASCII shortcut of the language statements' word test gives the property's answer for every ASCII scalar and
    /// leaves the others to it.
    func testTheWordTestOfLanguageStatementsIsTheUnicodePropertys() {
        for v in UInt32(0) ... 0x2FFF {
            guard let s = Unicode.Scalar(v) else { continue }
            XCTAssertEqual(LanguageStatementDetector.isLetterOrDigit(s), s.properties.isAlphabetic || ("0"..."9").contains(s), "U+\(String(v, radix: 16))")
        }
    }

    /// Random texts of the years reader's words (numbers, units, "expérience", punctuation, accents, astral scalars, long
    /// filler that keeps occurrences apart): the windowed pass finds exactly the matches of a pass over the whole text.
    func testTheYearsPatternNearItsKeywordsFindsWhatAWholePassFinds() {
        let pieces = ["3", "10", "2019", "un", "une", "trois", "dix", "ten", "0", "ans", "annees", "an", "years", "year", "yrs", "+", "a",
                      "-", "to", "ou", "or", "de", "of", "minimum", "au moins", "at least", "d'au moins", "experience", "expérience",
                      "d'experience", "d'exp", "professionnelle", ".", ";", "\n", ",", "é", "😀", "\u{0301}", " ", " ", " ", "  "]
        let filler = "lorem ipsum dolor sit amet mediation culturelle animation d'ateliers "
        var generator = SplitMix(seed: 25)
        var matched = 0
        for _ in 0 ..< 800 {
            var text = ""
            for _ in 0 ..< Int(generator.next() % 60) {
                if generator.next() % 9 == 0 {
                    text += String(repeating: filler, count: Int(generator.next() % 4) + 1)
                } else {
                    text += pieces[Int(generator.next() % UInt64(pieces.count))]
                    if generator.next() % 2 == 0 { text += " " }
                }
            }
            let folded = ExperienceYears.fold(text)
            let whole = ExperienceYears.matches(ExperienceYears.statedYearsPattern, in: folded)
            let near = ExperienceYears.matches(ExperienceYears.statedYearsPattern, in: folded, near: ExperienceYears.statedYearsKeywords,
                                               reach: ExperienceYears.statedYearsReach)
            XCTAssertEqual(near, whole, folded)
            matched += whole.count
        }
        XCTAssertGreaterThan(matched, 100, "the random texts do state years")
        for text in Self.texts {
            let folded = ExperienceYears.fold(text)
            XCTAssertEqual(ExperienceYears.matches(ExperienceYears.statedYearsPattern, in: folded, near: ExperienceYears.statedYearsKeywords,
                                                   reach: ExperienceYears.statedYearsReach),
                           ExperienceYears.matches(ExperienceYears.statedYearsPattern, in: folded))
        }
    }

    /// The eligibility readers skip a pattern when none of its required words is in the text: the same answers as the old
    /// definition (every pattern run), on texts that meet each pattern and on every shipped text; every posting pattern
    /// has its words.
    func testEligibilitySkipsOnlyPatternsThatCannotMatch() {
        func old(_ patterns: [String], in folded: String) -> Bool {
            patterns.contains { folded.range(of: $0, options: .regularExpression) != nil }
        }
        for pattern in Eligibility.schemeCondition + Eligibility.studentCondition {
            XCTAssertNotNil(Eligibility.requiredWords[pattern], pattern)
        }
        let meeting = ["Poste d'adulte relais", "adultes-relais", "Conditions d'éligibilité : résider en QPV", "eligibility criteria apply",
                       "être éligible au dispositif", "étudiant·e en master 2", "Étudiante de licence", "être inscrit en master",
                       "soyez étudiant", "inscrite dans un programme", "currently enrolled", "You must be enrolled", "must be a part-time student",
                       "student status required", "Convention de stage obligatoire", "Étudiant(e) en cours", "a student", "candidate for the MA"]
        var met = 0
        for text in meeting + Self.texts {
            let folded = ExperienceYears.fold(text)
            for patterns in [Eligibility.schemeCondition, Eligibility.studentCondition, Eligibility.studiesNow] {
                let before = old(patterns, in: folded)
                XCTAssertEqual(Eligibility.any(patterns, in: folded), before, folded)
                if before { met += 1 }
            }
            XCTAssertEqual(Eligibility.condition(folded: folded), Eligibility.condition(posting: text))
            XCTAssertEqual(ExperienceYears.required(folded: folded), ExperienceYears.required(posting: text))
        }
        for text in meeting.prefix(15) {
            let folded = ExperienceYears.fold(text)
            XCTAssertTrue(old(Eligibility.schemeCondition + Eligibility.studentCondition, in: folded), "meets a posting pattern: \(text)")
        }
        XCTAssertGreaterThan(met, 20)
    }
}

/// A small deterministic generator (SplitMix64) for the random texts.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49EB_133C_E111
        return z ^ (z >> 31)
    }
}
