import Foundation
import Passerelle
import PasserelleCore

/// Adding postings to a model file and removing them, for every front end. The caller holds the model
/// loaded for writing (`ModelProvider.load(path:forWriting:)`, its writers' lock held until the change is
/// durable): two writers run one after the other, never losing one's change. Changes go to the model's
/// change log (`LiveModel.commit`: one fsynced record), not to a rewrite of the model file.
public enum ModelEditing {
    /// Folds `documents` into the model (vocabulary frozen) and appends them to its change log.
    /// - Parameter sources: where each document came from (same count), to name the file of a duplicate id.
    /// - Throws: `UserError` for an id already in the model (the model is left as it was).
    public static func add(_ documents: [Document], sources: [String]? = nil, to loaded: inout ModelProvider.Loaded, notice: Notice = { _ in }) throws {
        for (i, document) in documents.enumerated() where loaded.model.postingIndex(id: document.id) != nil {
            let source = sources.map { $0[i] + ": " } ?? ""
            throw UserError("\(source)duplicate posting id '\(document.id)', already in \(loaded.path); remove it first (passerelle remove) or give it another id",
                                french: "\(source)identifiant d'offre '\(document.id)' en double, déjà dans \(loaded.path) ; retirez-la d'abord (passerelle remove) ou donnez-lui un autre identifiant")
        }
        for (i, document) in documents.enumerated() {
            if let date = document.metadata[PostingStore.validThroughKey], !PostingFilter.isDate(date) {
                let source = sources.map { $0[i] + ": " } ?? ""
                throw UserError("\(source)posting '\(document.id)': \(PostingStore.validThroughKey) '\(date)' is not a date; write it YYYY-MM-DD (the last day the posting is shown)",
                                french: "\(source)offre '\(document.id)' : \(PostingStore.validThroughKey) '\(date)' n'est pas une date ; écrivez-la AAAA-MM-JJ (le dernier jour où l'offre est montrée)")
            }
        }
        let additions: [LoggedPosting]
        do { additions = try loaded.model.additions(of: documents, featurizer: loaded.featurizer) } catch EngineError.duplicateID(let id) {
            throw UserError("duplicate posting id '\(id)' among the postings added; give each its own id",
                            french: "identifiant d'offre '\(id)' en double parmi les offres ajoutées ; donnez à chacune le sien")
        }
        try LiveModel.commit(additions.map(PostingChange.add), to: &loaded, notice: notice)
    }

    /// Removes postings by id (an id given twice is one posting), recorded in the model's change log.
    /// - Returns: the ids removed, each once.
    /// - Throws: `EngineError.unknownID` for an id not in the model; `UserError` when no posting would be left.
    @discardableResult
    public static func remove(ids: [String], from loaded: inout ModelProvider.Loaded, notice: Notice = { _ in }) throws -> [String] {
        var seen = Set<String>()
        let unique = ids.filter { seen.insert($0).inserted }
        for id in unique where loaded.model.postingIndex(id: id) == nil { throw loaded.model.unknownPosting(id) }
        // A model without postings ranks nothing: refused, the model is left as it was.
        guard unique.count < loaded.model.postingCount else {
            throw UserError("\(loaded.path): removing \(unique.count == 1 ? "its only posting" : "all its \(unique.count) postings") would leave the model with no posting; build a new model with `passerelle index` instead",
                            french: "\(loaded.path) : retirer \(unique.count == 1 ? "sa seule offre" : "ses \(unique.count) offres") laisserait le modèle sans offre ; construisez plutôt un nouveau modèle avec `passerelle index`")
        }
        try LiveModel.commit(unique.map { PostingChange.remove(id: $0) }, to: &loaded, notice: notice)
        return unique
    }
}
