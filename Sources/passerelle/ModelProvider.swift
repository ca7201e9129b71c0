import Foundation
import Passerelle
import DocumentReaders

/// Loads the model a command works on: the file given with --model, or the default model built from
/// Data/postings on first use, cached in Models/ and rebuilt when its sources change.
enum ModelProvider {
    struct Loaded {
        var model: LSAModel
        var path: String
        var featurizer: Featurizer
    }

    static func load(path: String?) throws -> Loaded {
        if let path {
            let model = try ModelFile.read(from: path)
            return Loaded(model: model, path: path, featurizer: try EngineSetup.featurizer(for: model.settings, taxonomyPath: nil))
        }
        let home = try ProjectHome.locate()
        var settings = try EngineSetup.defaultSettings(taxonomyPath: home.competencies.path)
        settings.sourceFingerprint = try home.fingerprint(settings: settings)
        let path = home.defaultModel.path
        if FileManager.default.fileExists(atPath: path) {
            do {
                let model = try ModelFile.read(from: path)
                if model.settings.sourceFingerprint == settings.sourceFingerprint {
                    return Loaded(model: model, path: path,
                                  featurizer: try EngineSetup.featurizer(for: model.settings, taxonomyPath: home.competencies.path))
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
        let featurizer = try EngineSetup.featurizer(for: settings, taxonomyPath: home.competencies.path)
        let model = try LSAModel.fit(postings: read.documents, featurizer: featurizer, settings: settings)
        try ModelFile.write(model, to: path)
        return Loaded(model: model, path: path, featurizer: featurizer)
    }
}
