import Foundation
import Passerelle
import PasserelleCore

/// Adding postings to a model file and removing them, for every front end. The caller holds the model
/// loaded for writing (`ModelProvider.load(path:forWriting:)`, its writers' lock held until the change is
/// durable): two writers run one after the other, never losing one's change. Changes go to the model's
/// change log (`LiveModel.commit`: one fsynced record), not to a rewrite of the model file.
public enum ModelEditing {
    /// A posting id already taken: by a posting of the model, or by another of the postings added. The
    /// one check of both for every front end; each words the fix its own way (the CLI's message names
    /// `passerelle remove`; the server answers 409 or 400 naming `DELETE /postings/ID`).
    public struct DuplicatePostingID: UserFacingError, Equatable {
        public var id: String
        /// True: a posting of the model has it; false: two of the postings added share it.
        public var inModel: Bool
        /// The model file, and where the added posting came from ("file: "), as the CLI names them.
        public var modelPath: String
        public var source: String
        public init(id: String, inModel: Bool, modelPath: String, source: String) {
            self.id = id
            self.inModel = inModel
            self.modelPath = modelPath
            self.source = source
        }
        public var description: String {
            inModel ? "\(source)duplicate posting id '\(id)', already in \(modelPath); remove it first (passerelle remove) or give it another id"
                    : "duplicate posting id '\(id)' among the postings added; give each its own id"
        }
        public var frenchMessage: String? {
            inModel ? "\(source)identifiant d'offre '\(id)' en double, déjà dans \(modelPath) ; retirez-la d'abord (passerelle remove) ou donnez-lui un autre identifiant"
                    : "identifiant d'offre '\(id)' en double parmi les offres ajoutées ; donnez à chacune le sien"
        }
    }

    /// The first of `documents` whose id a posting of `loaded`'s model already has, nil when none.
    /// - Complexity: O(documents) lookups.
    public static func takenID(_ documents: [Document], sources: [String]? = nil, in loaded: ModelProvider.Loaded) -> DuplicatePostingID? {
        guard let i = documents.indices.first(where: { loaded.model.postingIndex(id: documents[$0].id) != nil }) else { return nil }
        return DuplicatePostingID(id: documents[i].id, inModel: true, modelPath: loaded.path, source: sources.map { $0[i] + ": " } ?? "")
    }

    /// The first id two of `documents` share, nil when each has its own.
    /// - Complexity: O(documents) expected.
    public static func repeatedID(_ documents: [Document], modelPath: String = "") -> DuplicatePostingID? {
        var seen = Set<String>()
        guard let d = documents.first(where: { !seen.insert($0.id).inserted }) else { return nil }
        return DuplicatePostingID(id: d.id, inModel: false, modelPath: modelPath, source: "")
    }

    /// Folds `documents` into the model (vocabulary frozen) and appends them to its change log.
    /// - Parameter sources: where each document came from (same count), to name the file of a duplicate id.
    /// - Throws: `DuplicatePostingID` for an id already in the model or given twice, `UserError` for a
    ///   `valid_through` that is not a date (the model is left as it was).
    public static func add(_ documents: [Document], sources: [String]? = nil, to loaded: inout ModelProvider.Loaded, notice: Notice = { _ in }) throws {
        try add(prepare(documents, sources: sources, against: loaded), to: &loaded, notice: notice)
    }

    /// Postings checked and folded into a model's latent space (`prepare`), to be committed by
    /// `add(_:to:notice:)` — to the same model or a later snapshot of the same fit.
    public struct PreparedPostings: Sendable {
        public let documents: [Document]
        let sources: [String]?
        let additions: [LoggedPosting]
        let token: LSAModel.FoldToken
    }

    /// The checks and the fold of `add`, without changing anything: a server runs them on its work pool,
    /// several at once, so that its one writers' queue holds each add only for the commit.
    /// - Throws: as `add(_:sources:to:notice:)`.
    public static func prepare(_ documents: [Document], sources: [String]? = nil, against loaded: ModelProvider.Loaded) throws -> PreparedPostings {
        if let taken = takenID(documents, sources: sources, in: loaded) { throw taken }
        for (i, document) in documents.enumerated() {
            if let date = document.metadata[PostingStore.validThroughKey], !PostingFilter.isDate(date) {
                let source = sources.map { $0[i] + ": " } ?? ""
                throw UserError("\(source)posting '\(document.id)': \(PostingStore.validThroughKey) '\(date)' is not a date; write it YYYY-MM-DD (the last day the posting is shown)",
                                french: "\(source)offre '\(document.id)' : \(PostingStore.validThroughKey) '\(date)' n'est pas une date ; écrivez-la AAAA-MM-JJ (le dernier jour où l'offre est montrée)")
            }
        }
        if let repeated = repeatedID(documents, modelPath: loaded.path) { throw repeated }
        return PreparedPostings(documents: documents, sources: sources, additions: try loaded.model.additions(of: documents, featurizer: loaded.featurizer),
                                token: loaded.model.foldToken)
    }

    /// Appends prepared postings to the model's change log. Ids are checked again against the model as it
    /// is now (another writer may have taken one since); postings prepared against another fit (the model
    /// file was replaced meanwhile) are folded again.
    public static func add(_ prepared: PreparedPostings, to loaded: inout ModelProvider.Loaded, notice: Notice = { _ in }) throws {
        if let taken = takenID(prepared.documents, sources: prepared.sources, in: loaded) { throw taken }
        let additions = prepared.token.matches(loaded.model) ? prepared.additions
            : try loaded.model.additions(of: prepared.documents, featurizer: loaded.featurizer)
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
