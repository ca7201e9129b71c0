/// A label a counsellor can read beside a score: strong, possible or weak.
///
/// Why: a cosine means little to a reader (issue 14: a cook's CV scored 0.505, shown green, for a
/// construction project manager with nothing in common; a one-line CV scored 0.785). The label adds
/// what the score cannot see: whether the two texts share any competency, and whether the CV carries
/// enough evidence to be compared at all.
///
/// Rule (thresholds calibrated on the judged collection, `scripts/eval-judged.py`, README "Fit label"):
/// - **strong**: ranking score ≥ `strongScore`, a query with enough evidence, and at least
///   `strongMinShared` shared competency — or, without one, a score ≥ `strongWithoutSharedScore`: the
///   taxonomy covers the social, participation and design field, so a nurse's CV and a nursing posting
///   share no competency of it, yet a cosine of 0.98 says the texts are the same job;
/// - **possible**: ranking score ≥ `possibleScore` (or strong by score but failing one of the other two);
/// - **weak**: below `possibleScore`.
/// The ranking score is the one shown (similarity × language factor, `LanguageFitRanking`), so an unmet
/// required language can lower the label too.
public enum FitLabel: String, Sendable, Codable, CaseIterable {
    case strong, possible, weak

    public static let strongScore: Float = 0.52
    public static let possibleScore: Float = 0.34
    public static let strongMinShared = 1
    public static let strongWithoutSharedScore: Float = 0.75

    /// `shared`: competencies both texts show (nil when unknown: no taxonomy, or not computed);
    /// `lowEvidence`: the query carries too little to be judged (`EvidenceCheck`).
    public static func label(score: Float, shared: Int?, lowEvidence: Bool) -> FitLabel {
        if score >= strongScore && !lowEvidence && ((shared ?? 0) >= strongMinShared || score >= strongWithoutSharedScore) { return .strong }
        if score >= possibleScore { return .possible }
        return .weak
    }
}

/// Whether a query (a CV) carries enough for its matches to mean something.
///
/// A short CV has few terms, so its folded vector rests on a handful of words and its cosines run
/// high (issue 14: a 12-term CV at 0.785, a three-line one at 0.70, above most full CVs' second match).
/// Below `minKnownTerms` terms the model knows, or with no competency detected, every match gets a
/// warning and none is labelled strong.
public enum EvidenceCheck {
    public static let minKnownTerms = 30

    /// A warning sentence, or nil when the query carries enough evidence. `knownTerms` nil: unknown
    /// (a posting of the model used as a query); `competencies` nil: no taxonomy.
    /// - Parameter french: the sentence in French (French pages and reports); English by default (JSON, CSV, the table).
    public static func warning(knownTerms: Int?, competencies: Int?, french: Bool = false) -> String? {
        var reasons = [String]()
        if let knownTerms, knownTerms < minKnownTerms {
            reasons.append(french ? "seulement \(knownTerms) termes connus du modèle (moins de \(minKnownTerms))"
                                  : "only \(knownTerms) terms the model knows (fewer than \(minKnownTerms))")
        }
        if let competencies, competencies == 0 {
            reasons.append(french ? "aucune compétence de la taxonomie trouvée" : "no competency of the taxonomy found")
        }
        guard !reasons.isEmpty else { return nil }
        return french ? "trop peu d’éléments pour juger ces offres : " + reasons.joined(separator: ", ")
                      : "too little evidence to judge the matches: " + reasons.joined(separator: ", ")
    }
}
