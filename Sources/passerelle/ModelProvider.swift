import Foundation
import Passerelle
import DocumentReaders

/// Loads the model a command works on: the file given with --model, or the default model built from
/// Data/postings on first use, cached in Models/ and rebuilt when its sources change.
enum ModelProvider {
    struct Loaded {
        var model: LSAModel
        var path: String
        var pipeline: Pipeline
        var featurizer: Featurizer { pipeline.featurizer }
    }

    static func load(path: String?) throws -> Loaded {
        if let path {
            let model = try ModelFile.read(from: path)
            return Loaded(model: model, path: path, pipeline: try EngineSetup.pipeline(settings: model.settings, resources: model.resources))
        }
        let home = try ProjectHome.locate()
        let resources = try home.resources()
        var settings = EngineSetup.defaultSettings(resources: resources)
        let background = try home.shippedBackground.map { try DocumentReader().read(paths: [$0.path]).documents.map(\.text) } ?? []
        if let url = home.shippedBackground { settings.background = url.lastPathComponent }
        settings.sourceFingerprint = try home.fingerprint(settings: settings)
        let path = home.defaultModel.path
        if FileManager.default.fileExists(atPath: path) {
            do {
                let model = try ModelFile.read(from: path)
                if model.settings.sourceFingerprint == settings.sourceFingerprint {
                    return Loaded(model: model, path: path, pipeline: try EngineSetup.pipeline(settings: model.settings, resources: model.resources))
                }
                Console.info("passerelle: Data/postings changed since \(path) was built; rebuilding it")
            } catch let error as ModelFileError {
                Console.info("passerelle: \(error); rebuilding the default model")
            }
        } else {
            Console.info("passerelle: building the default model from \(home.postings.path) (first use; cached in \(path))")
        }
        let read = try DocumentReader().read(paths: [home.postings.path])
        for w in read.warnings { Console.info("passerelle: warning: \(w)") }
        let pipeline = try EngineSetup.pipeline(settings: settings, resources: resources)
        let model = try LSAModel.fit(postings: read.documents, featurizer: pipeline.featurizer, settings: settings, resources: resources,
                                     background: background)
        try ModelFile.write(model, to: path)
        return Loaded(model: model, path: path, pipeline: pipeline)
    }
}
