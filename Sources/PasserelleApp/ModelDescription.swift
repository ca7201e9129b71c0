import Foundation
import Passerelle

/// What `passerelle info --format json` and the server's `GET /model` say of a model, under the same
/// names (one description, two front ends).
public struct ModelDescription: Encodable, Sendable {
    /// Share of unseen terms among added postings above which a refit is advised.
    public static let refitThreshold = 0.2

    public var path: String
    public var postings: Int
    public var vocabulary: Int
    public var dimensions: Int
    public var dimensionsRequested: Int
    /// Share of the TF-IDF variance the k dimensions keep, in [0, 1].
    public var explainedVariance: Double
    public var singularValues: [Double]
    public var analyzer: String
    public var conceptFeatures: String?
    public var crossLanguage: String?
    public var conceptShare: Double
    public var minDF: Int
    public var maxDF: Double
    public var seed: UInt64
    public var powerIterations: Int
    public var storesPostingText: Bool
    /// α of the score α · latent cosine + (1 − α) · term cosine; 1 when the model scores by the latent
    /// cosine alone (`termIndex` false: a model file written before format version 4).
    public var latentShare: Double
    /// Whether the model holds its postings' term vectors (the term half of the score).
    public var termIndex: Bool
    /// Vocabulary terms (nearest by character n-grams) that replace each unknown word of a short query;
    /// 0 = none (`ShortQueryExpansion`).
    public var shortQueryNeighbours: Int
    /// Postings added after the fit (`add`), and the share of their terms the vocabulary did not know.
    public var postingsAdded: Int
    public var unseenTermRatio: Double
    /// True when so many added terms are unknown that a new `index` would serve better.
    public var refitAdvised: Bool
    /// The model's change log (postings added and removed since the model file was written), when it has one.
    public var changeLog: ChangeLogDescription?
    /// Whether explanations read the postings' profiles from the model file (`StoredProfiles`): "stored",
    /// "stale" (made by another detector version or taxonomy: computed as shown), "not stored"; nil for a
    /// model without a taxonomy (no explanation profiles).
    public var postingProfiles: String?
    /// Postings whose profile is stored (the others, added since the file was written, are computed as shown).
    public var postingProfilesStored: Int?

    /// What `info` says of a change log.
    public struct ChangeLogDescription: Encodable, Sendable {
        public var path: String
        public var bytes: Int
        public var records: Int
        public var added: Int
        public var removed: Int
        /// Bytes after the last whole record, ignored (a change being written, or a writer killed mid-write).
        public var tornBytes: Int
        /// The log was written for another version of the model and is ignored.
        public var stale: Bool
        /// Size past which `add` and the server compact it into the model file.
        public var compactionThreshold: Int
        /// When the model file was written (ISO 8601, UTC): the changes of the log are pending since then.
        public var pendingSince: String?
        /// When the last change was appended to the log (its modification time, ISO 8601, UTC).
        public var lastChange: String?
        /// Postings added since the model's segments were last merged, searched beside the base
        /// (`PostingDelta`): merged into the model file by the next compaction.
        public var deltaPostings: Int
        enum CodingKeys: String, CodingKey {
            case path, bytes, records, added, removed, stale
            case tornBytes = "torn_bytes", compactionThreshold = "compaction_threshold"
            case pendingSince = "pending_since", lastChange = "last_change", deltaPostings = "delta_postings"
        }
    }

    enum CodingKeys: String, CodingKey {
        case path, postings, vocabulary, dimensions, analyzer, seed
        case dimensionsRequested = "dimensions_requested", explainedVariance = "explained_variance"
        case singularValues = "singular_values", conceptFeatures = "concept_features", minDF = "min_df", maxDF = "max_df"
        case crossLanguage = "cross_language", conceptShare = "concept_share"
        case powerIterations = "power_iterations", storesPostingText = "stores_posting_text"
        case latentShare = "latent_share", termIndex = "term_index", shortQueryNeighbours = "short_query_neighbours"
        case postingsAdded = "postings_added", unseenTermRatio = "unseen_term_ratio", refitAdvised = "refit_advised"
        case changeLog = "change_log", postingProfiles = "posting_profiles", postingProfilesStored = "posting_profiles_stored"
    }

    /// - Complexity: O(k): nothing is read from the posting texts.
    public init(loaded: ModelProvider.Loaded) {
        self.init(model: loaded.model, path: loaded.path, identity: loaded.identity, log: loaded.log)
    }

    /// A model opened without its pipeline (`passerelle info`), described as `init(loaded:)` does.
    /// - Complexity: O(k + the taxonomy's text, hashed): nothing is read from the posting texts.
    public init(opened: ModelProvider.Opened) {
        self.init(model: opened.model, path: opened.path, identity: opened.identity, log: opened.log)
    }

    private init(model: LSAModel, path: String, identity: ModelIdentity?, log: ChangeLogState?) {
        self.init(model: model, path: path)
        // The profiles a pipeline of this binary would compute are fingerprinted from the model's own taxonomy
        // (`StoredProfiles.fingerprint`, as `Pipeline.usesStoredProfiles` compares it): no pipeline needed.
        if let current = StoredProfiles.fingerprint(resources: model.resources) {
            let stored = model.postings.profileFingerprint
            postingProfiles = stored == nil ? "not stored" : stored == current ? "stored" : "stale"
            postingProfilesStored = postingProfiles == "stored" ? model.postings.storedProfileCount : 0
        }
        if let log, log.bytes > 0 || log.stale || log.tornBytes > 0 {
            changeLog = ChangeLogDescription(path: log.path, bytes: log.bytes, records: log.records, added: log.added, removed: log.removed,
                                             tornBytes: log.tornBytes, stale: log.stale,
                                             compactionThreshold: LiveModel.compactionThreshold(modelBytes: identity?.size ?? 0),
                                             pendingSince: identity.map { Self.timestamp($0.modified) },
                                             lastChange: log.stamp.map { Self.timestamp($0.modified) },
                                             deltaPostings: model.delta.count)
        }
    }

    /// Seconds since 1970 as ISO 8601 in UTC, to the second.
    static func timestamp(_ seconds: Double) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    public init(model m: LSAModel, path: String) {
        let s = m.settings
        self.path = path
        postings = m.postingCount
        vocabulary = m.vectorizer.vocabularySize
        dimensions = m.dimensions
        dimensionsRequested = s.dimensions
        explainedVariance = Double(m.explainedVarianceRatio.reduce(0, +))
        singularValues = m.singularValues.map { Double($0) }
        analyzer = s.analyzer
        conceptFeatures = s.conceptFeatures
        crossLanguage = s.crossLanguage
        conceptShare = Double(s.tfidf.conceptShare)
        minDF = s.tfidf.minDF
        maxDF = s.tfidf.maxDF
        seed = s.seed
        powerIterations = s.powerIterations
        storesPostingText = m.postings.storesText
        latentShare = Double(m.hybridLatentShare ?? 1)
        termIndex = m.baseTermIndex != nil
        shortQueryNeighbours = s.shortQueryNeighbours ?? 0
        postingsAdded = m.foldIn.postingsAdded
        unseenTermRatio = m.foldIn.unseenRatio
        refitAdvised = m.foldIn.postingsAdded > 0 && m.foldIn.unseenRatio > Self.refitThreshold
    }
}
