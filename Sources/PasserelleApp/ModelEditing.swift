import Foundation
import Passerelle

/// Adding postings to a model file and removing them, for every front end. The caller holds the model
/// loaded for writing (`ModelProvider.load(path:forWriting:)`, its writers' lock held until the new file
/// is renamed over the old): two writers run one after the other, never losing one's change.
public enum ModelEditing {
    /// Folds `documents` into the model (vocabulary frozen) and writes the model file atomically.
    /// - Parameter sources: where each document came from (same count), to name the file of a duplicate id.
    /// - Throws: `UserError` for an id already in the model (the model is left as it was).
    public static func add(_ documents: [Document], sources: [String]? = nil, to loaded: inout ModelProvider.Loaded) throws {
        for (i, document) in documents.enumerated() where loaded.model.postingIndex(id: document.id) != nil {
            let source = sources.map { $0[i] + ": " } ?? ""
            throw UserError("\(source)duplicate posting id '\(document.id)', already in \(loaded.path); remove it first (passerelle remove) or give it another id")
        }
        try loaded.model.add(documents, featurizer: loaded.featurizer)
        try ModelFile.write(loaded.model, to: loaded.path)
    }

    /// Removes postings by id (an id given twice is one posting) and writes the model file atomically.
    /// - Returns: the ids removed, each once.
    /// - Throws: `EngineError.unknownID` for an id not in the model; `UserError` when no posting would be left.
    @discardableResult
    public static func remove(ids: [String], from loaded: inout ModelProvider.Loaded) throws -> [String] {
        var seen = Set<String>()
        let unique = ids.filter { seen.insert($0).inserted }
        for id in unique where loaded.model.postingIndex(id: id) == nil { throw loaded.model.unknownPosting(id) }
        // A model without postings ranks nothing: refused, the model is left as it was.
        guard unique.count < loaded.model.postingCount else {
            throw UserError("\(loaded.path): removing \(unique.count == 1 ? "its only posting" : "all its \(unique.count) postings") would leave the model with no posting; build a new model with `passerelle index` instead")
        }
        try loaded.model.remove(ids: unique)
        try ModelFile.write(loaded.model, to: loaded.path)
        return unique
    }
}
