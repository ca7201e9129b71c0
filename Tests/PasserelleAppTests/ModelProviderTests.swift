import XCTest
import Foundation
import Passerelle
@testable import PasserelleApp
import PasserelleTestSupport

/// `ModelProvider.open` (a model without its pipeline) and `load` (with it).
final class ModelProviderTests: XCTestCase {
    /// `info` opens the model without building the pipeline — the lexicons' and taxonomy forms' analysis
    /// was most of its CPU — and says the same as a loaded model; loading is opening then building, so a
    /// query reads the same features either way.
    func testOpeningBuildsNoPipelineAndLoadingIsOpeningThenBuilding() throws {
        let path = TestFixtures.fittedModelPath
        let opened = try ModelProvider.open(path: path)
        XCTAssertNil(opened.pipeline, "opening a model file builds no pipeline")
        let loaded = try ModelProvider.load(path: path)
        let built = try ModelProvider.Loaded(opened)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        XCTAssertEqual(try encoder.encode(ModelDescription(opened: opened)), try encoder.encode(ModelDescription(loaded: loaded)))

        let text = "Médiatrice culturelle : animation d'ateliers, participation citoyenne, English working knowledge."
        XCTAssertEqual(built.pipeline.analyze(text).features, loaded.pipeline.analyze(text).features)
        XCTAssertFalse(loaded.pipeline.analyze(text).features.isEmpty)
        XCTAssertEqual(built.pipeline.detector != nil, loaded.pipeline.detector != nil)
    }
}
