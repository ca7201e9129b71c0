import Foundation
import XCTest
import Competencies
@testable import Passerelle

/// A text analyzed once (`Pipeline.analyze`) gives exactly what the separate steps give: the features the
/// featurizer computes on its own (so `rank` folds the same vector as `batch` and `eval`), and the profile
/// explanations read — on every shipped posting and CV, read as a CV and as a posting.
final class AnalyzedTextTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testOneAnalysisEqualsTheSeparateSteps() throws {
        let resources = [
            EngineSetup.taxonomyResource: try String(contentsOf: Self.root.appendingPathComponent("Data/competencies.tsv"), encoding: .utf8),
            EngineSetup.lexiconResource: try String(contentsOf: Self.root.appendingPathComponent("Data/lexicon/esco-en-fr.tsv"), encoding: .utf8),
        ]
        let pipeline = try EngineSetup.pipeline(settings: EngineSetup.defaultSettings(resources: resources), resources: resources)
        let detector = try XCTUnwrap(pipeline.detector)
        XCTAssertNotNil(pipeline.featurizer.conceptsIdentifier, "the default pipeline has concept features")
        var texts = [String]()
        for folder in ["Data/postings", "Data/candidates", "Data/judged-cvs"] {
            let url = Self.root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() where name.hasSuffix(".txt") {
                texts.append(try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8))
            }
        }
        XCTAssertGreaterThan(texts.count, 80)
        var conceptTexts = 0
        for text in texts {
            for isPosting in [false, true] {
                let analyzed = pipeline.analyze(text, isPosting: isPosting)
                XCTAssertEqual(analyzed.features, pipeline.featurizer.features(of: text))
                XCTAssertEqual(analyzed.tokens.map(\.term), pipeline.featurizer.analyzer.terms(text))
                let profile = try XCTUnwrap(analyzed.profile)
                let separate = TextProfile(text: text, detector: detector, isPosting: isPosting)
                XCTAssertEqual(profile.competencies, separate.competencies)
                XCTAssertEqual(profile.writtenIn, separate.writtenIn)
                let both = detector.detectBoth(text, as: isPosting ? .posting : .cv)
                XCTAssertEqual(both.plain, detector.detect(text))
                XCTAssertEqual(both.explained, detector.detect(text, as: isPosting ? .posting : .cv))
                if analyzed.features.contains(where: Featurizer.isConcept) { conceptTexts += 1 }
            }
            XCTAssertEqual(pipeline.analyze(text, profile: false).features, pipeline.featurizer.features(of: text))
            let explainedOnly = pipeline.analyze(text, features: false)
            XCTAssertEqual(explainedOnly.profile?.competencies, TextProfile(text: text, detector: detector).competencies)
            XCTAssertEqual(explainedOnly.tokens, pipeline.analyze(text).tokens)
        }
        XCTAssertGreaterThan(conceptTexts, texts.count, "most texts carry concept features, so the shared detection is exercised")
    }
}
