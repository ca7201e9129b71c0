import Foundation
import PasserelleCore

extension EngineError: UserFacingError {}
extension ModelFileError: UserFacingError {}
extension PostingFilter.FilterError: UserFacingError {
    public var frenchMessage: String? { french }
}

extension FrenchPhrasebook {
    /// The reasons the engine writes in its errors (Matcher, TF-IDF, LSAModel, EngineSetup, BatchScorer,
    /// PostingFilter); `UserFacingErrorTests` checks that each comes out without English.
    public static let engineReasons = FrenchPhrasebook(phrases: [
        (" shares no latent dimension with the postings", " ne partage aucune dimension latente avec les offres"),
        (" has no term the model knows; is it a scanned document, an empty file, or a language the postings do not use?",
         " ne contient aucun terme connu du modèle ; est-ce un document scanné, un fichier vide, ou une langue que les offres n'emploient pas ?"),
        ("no postings to index", "aucune offre à indexer"),
        ("the postings have no terms", "les offres ne contiennent aucun terme"),
        ("no documents", "aucun document"),
        ("the model uses competency features but holds no taxonomy", "le modèle emploie des compétences mais ne contient pas leur taxonomie"),
        ("cross-language terms need the French/English analyzer and the lexicon resource",
         "les termes bilingues demandent l'analyseur français/anglais et le lexique"),
    ], patterns: [
        (#" has (\d+) terms? known to the model \(at least (\d+) needed\); is it a scanned document or an empty file\?"#,
         " contient $1 terme(s) connu(s) du modèle (il en faut au moins $2) ; est-ce un document scanné ou un fichier vide ?"),
        (#"no term is left after min-df = (\S+) and max-df = (\S+) \((\d+) distinct terms in (\d+) documents\)"#,
         "aucun terme ne reste après min-df = $1 et max-df = $2 ($3 termes distincts dans $4 documents)"),
        (#"analyzer '(.*)' is unknown to this build \(known: (.*)\)"#, "l'analyseur '$1' est inconnu de cette version (connus : $2)"),
        (#"the saved state has (\d+) postings, the model (\d+)"#, "l'état enregistré a $1 offres, le modèle $2"),
        (#"filter '(.*)': write KEY~TEXT \(contains\), KEY=TEXT, KEY>=TEXT or KEY<=TEXT, e\.g\. (\S+) or (\S+)$"#,
         "filtre '$1' : écrivez CLÉ~TEXTE (contient), CLÉ=TEXTE, CLÉ>=TEXTE ou CLÉ<=TEXTE, par exemple $2 ou $3"),
    ])

    /// What the engine's errors can hold: its reasons, the file writers' (model files) and the system's.
    public static let engine = chain([engineReasons, fileWriters, systemTexts])
}
