import PasserelleCore
/// Errors of the engine, each with a message a user can act on.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    /// The corpus is empty or has no usable terms after filtering.
    case emptyCorpus(String)
    /// Two documents share an id.
    case duplicateID(String)
    /// No posting has this id; `suggestions` are the model's nearest ids (typos), best first.
    case unknownID(String, suggestions: [String] = [])
    /// A query text has too few recognizable terms to be scored.
    case tooLittleText(String)
    /// The model was built with another analyzer or settings.
    case incompatible(String)
    /// A build setting is out of its range (min-df, max-df, concept share…).
    case invalidSettings(String)

    public var description: String {
        switch self {
        case .emptyCorpus(let why): return "empty corpus: \(why)"
        case .duplicateID(let id): return "duplicate posting id '\(id)'"
        case .unknownID(let id, let suggestions):
            let hint = suggestions.isEmpty ? "" : "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
            return "no posting with id '\(id)' in the model\(hint) (`passerelle info --ids` lists them)"
        case .tooLittleText(let why): return "too little text to score: \(why)"
        case .incompatible(let why): return "incompatible model: \(why)"
        case .invalidSettings(let why): return "invalid settings: \(why)"
        }
    }

    /// The message in French (`UserFacingError.message(french:)`); the reasons built by the engine's own
    /// sentences are translated by `FrenchPhrasebook.engine`, a file's own words are kept.
    public var frenchMessage: String? {
        switch self {
        case .emptyCorpus(let why): return "corpus vide : \(FrenchPhrasebook.engine.translate(why))"
        case .duplicateID(let id): return "identifiant d'offre '\(id)' en double"
        case .unknownID(let id, let suggestions):
            let hint = suggestions.isEmpty ? "" : " ; vouliez-vous dire " + suggestions.map { "'\($0)'" }.joined(separator: " ou ") + " ?"
            return "aucune offre d'identifiant '\(id)' dans le modèle\(hint) (`passerelle info --ids` les liste)"
        case .tooLittleText(let why): return "trop peu de texte pour calculer un score : \(FrenchPhrasebook.engine.translate(why))"
        case .incompatible(let why): return "modèle incompatible : \(FrenchPhrasebook.engine.translate(why))"
        case .invalidSettings(let why): return "réglages invalides : \(FrenchPhrasebook.engine.translate(why))"
        }
    }
}
