/// A label a counsellor can read beside a score: strong, possible or weak.
///
/// Why: a cosine means little to a reader (issue 14: a cook's CV scored 0.505, shown green, for a
/// construction project manager with nothing in common; a one-line CV scored 0.785). The label adds
/// what the score cannot see: whether the two texts share any competency, and whether the CV carries
/// enough evidence to be compared at all.
///
/// Rule (thresholds calibrated on the judged collection, `scripts/evaluation/eval-judged.py`, README "Fit label"):
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

/// What a posting requires and how much of it a CV shows: the fit label reads these besides the score (issue 24: a 3-line
/// junior CV labelled "strong" for a post asking 5 years; an A2-French CV "strong" where working French is required; a
/// truck driver "possible" for a backend developer post).
public struct FitRequirements: Equatable, Sendable {
    /// Competencies the posting requires (not merely welcomes: `CompetencyMatch.desirable`, which also covers one branch of
    /// an either/or list; context and mention sections never give a competency at all: `CompetencyDetector.detect(_:as:)`).
    public var requiredCompetencies: Int
    /// Of those, how many the CV shows (itself, or through a narrower competency: `Explainer.impliedBy`).
    public var metCompetencies: Int
    /// Years of experience the posting asks (`ExperienceYears`), nil when it states none.
    public var yearsRequired: Int?
    /// Years the CV shows, nil when it states and dates nothing.
    public var yearsShown: Int?
    /// Required languages the CV does not meet, or only partly (ISO 639-1 codes).
    public var unmetLanguages: [String]
    /// Of `requiredCompetencies`, how many are transversal (`transversalFamilies`: autonomy, teamwork, leadership, digital
    /// tools), and of `metCompetencies`, how many of those the CV shows. Transversal competencies say little of a field:
    /// most CVs never write "autonomie" or "travail d'équipe", and a developer "meets" a participation post's digital tools.
    public var requiredTransversal: Int
    public var metTransversal: Int
    /// The posting sets a condition of status (`Eligibility`) the CV does not establish: a gap, so never "strong".
    public var eligibilityUnmet: Bool

    /// Families of the taxonomy whose competencies every trade asks for (`Data/competencies.tsv`, column `family`).
    public static let transversalFamilies: Set<String> = ["generic", "tools"]

    public init(requiredCompetencies: Int, metCompetencies: Int, yearsRequired: Int?, yearsShown: Int?, unmetLanguages: [String],
                requiredTransversal: Int = 0, metTransversal: Int = 0, eligibilityUnmet: Bool = false) {
        self.requiredCompetencies = requiredCompetencies; self.metCompetencies = metCompetencies
        self.yearsRequired = yearsRequired; self.yearsShown = yearsShown; self.unmetLanguages = unmetLanguages
        self.requiredTransversal = requiredTransversal; self.metTransversal = metTransversal; self.eligibilityUnmet = eligibilityUnmet
    }

    /// Share of the required competencies the CV shows (1 when the posting requires none of the taxonomy's).
    public var metShare: Double { requiredCompetencies == 0 ? 1 : Double(metCompetencies) / Double(requiredCompetencies) }
    /// Required competencies of the posting's field (not transversal), and how many of them the CV shows.
    public var fieldRequired: Int { max(0, requiredCompetencies - requiredTransversal) }
    public var fieldMet: Int { max(0, metCompetencies - metTransversal) }
    /// Share of the field's required competencies the CV shows (1 when the posting requires none): what a counsellor reads
    /// to say whether a CV is of the posting's field.
    public var fieldShare: Double { fieldRequired == 0 ? 1 : Double(fieldMet) / Double(fieldRequired) }
    /// True when the CV shows fewer years than the posting asks (no dated experience counts as none).
    public var lacksYears: Bool { yearsRequired.map { (yearsShown ?? 0) < $0 } ?? false }
}

extension FitLabel {
    /// A posting of the taxonomy's field (at least this many required competencies of the field, transversal ones aside)
    /// whose field requirements the CV meets below `outOfFieldShare` is out of the CV's field: weak whatever the cosine.
    public static let inFieldMinRequired = 3
    public static let outOfFieldShare = 0.2
    /// Strong needs at least this share of the required competencies met (postings of the field).
    public static let strongMinShare = 0.3
    /// A posting of the field whose requirements the CV mostly meets (`metMostShare`) is strong from this score (below
    /// `strongScore`: two texts of one trade written in other words); a posting asking one or two of the field's
    /// competencies, half of them met, is possible from `possibleWhenMetScore`.
    public static let strongWhenMetScore: Float = 0.40
    /// A CV with at least twice the years asked (`seniorYearsRatio`) that meets most requirements is strong from
    /// `possibleScore` (issue 24b: a 22-year facilitator meeting 7 of 8 requirements of a post asking 5 years, at 0.344,
    /// is a natural candidate; the judged collection's guard, a 3-year CV meeting 9 of 11 at 0.355 for a post judged
    /// irrelevant, stays possible).
    public static let seniorYearsRatio = 2
    /// Years asked from which a posting is a senior one: under half of them shown is no plausible candidate (issue 24k; below,
    /// years short are a gap, not a verdict).
    public static let seniorPostYears = 5
    public static let possibleWhenMetScore: Float = 0.25
    public static let metMostShare = 0.5
    public static let strongMetMostShare = 0.8

    /// The label from the score (`label(score:shared:lowEvidence:)`) bounded by the requirements. The words of a counsellor
    /// (Data/blind-gold/README-annotator.md): **weak** is "not a fit", **possible** "a plausible candidate with clear gaps
    /// (years below the minimum, a required language level not reached, core competencies not evidenced)", **strong** "a
    /// natural candidate". So, in this order:
    /// 1. **weak** when the CV is out of the posting's field: a posting of the field (`inFieldMinRequired` field
    ///    competencies) of which the CV shows under `outOfFieldShare` — transversal competencies (`FitRequirements
    ///    .transversalFamilies`) left aside on both sides, since sharing "teamwork" makes no one a mediator;
    /// 2. **weak** when the posting is a senior one (`seniorPostYears` or more asked) and the CV shows less than half the years
    ///    (a junior against a senior post: not plausible). Issue 24k: below that (two to four years asked) years short are a
    ///    gap of a plausible candidate, as the annotators' definition says ("years below the minimum"), capping strong (rule
    ///    5), never weak alone — a skills-list CV or an "About" dates nothing, and a junior of the field with an internship
    ///    against three years asked is read "possible" by a counsellor; the score and the requirements met decide the rest;
    /// 3. a CV meeting at least half of the field's requirements (`metMostShare`; 0.6 before issue 24c, "half" is what a
    ///    counsellor says) is possible: of a posting of the field whose required languages it meets, whatever the text
    ///    likeness (issue 24g); otherwise (one or two of them asked, or a required language unmet) from
    ///    `possibleWhenMetScore` of text likeness; and, for a posting of the field whose
    ///    requirements — all of them, transversal ones too: strong asks whether the CV meets what is asked — the CV mostly meets (`strongMetMostShare`), strong from `strongWhenMetScore`
    ///    (`possibleScore` for a CV with twice the years asked). Text likeness is read before the language factor
    ///    (`similarity`): a language the CV lacks is a gap of a plausible candidate, capped below, not a reason to call it
    ///    no fit;
    /// 4. a posting outside the field (one or two required competencies: a nurse's post) whose requirements the CV all
    ///    meets is strong from `strongWhenMetScore`;
    /// 5. **strong is capped to possible** by any clear gap: fewer years than asked, a required language unmet, a condition
    ///    of status the CV does not establish (`FitRequirements.eligibilityUnmet`), or under `strongMinShare` of the
    ///    requirements met.
    /// Short of years yet not under half of them is a gap, not a verdict: issue 24b's "short of years and under 30% met →
    /// weak" rule was dropped (issue 24c: measured on its own it moved one tune pair, and a counsellor calls such a
    /// candidate possible).
    /// - Parameter similarity: the texts' likeness before the language factor (`score` when nil).
    public static func label(score: Float, similarity: Float? = nil, shared: Int?, lowEvidence: Bool, requirements: FitRequirements?) -> FitLabel {
        var byScore = label(score: score, shared: shared, lowEvidence: lowEvidence)
        guard let r = requirements else { return byScore }
        let inField = r.fieldRequired >= inFieldMinRequired
        let share = r.fieldShare
        if inField && share < outOfFieldShare { return .weak }
        if let asked = r.yearsRequired, asked >= seniorPostYears, (r.yearsShown ?? 0) * 2 < asked { return .weak }
        if inField && !lowEvidence {
            let senior = r.yearsRequired.map { $0 >= 2 && (r.yearsShown ?? 0) >= seniorYearsRatio * $0 } ?? false
            // Strong asks whether the CV meets what is asked, as written: every requirement counts here, transversal ones too
            // (a 10-year UX researcher meeting 4 of a UX/UI designer post's 7 requirements, judged irrelevant, is no
            // natural candidate although 4 of its 5 field requirements are met).
            if byScore != .strong && r.metShare >= strongMetMostShare && score >= (senior ? possibleScore : strongWhenMetScore) {
                byScore = .strong
            }
        }
        // At least half of what the posting's field requires: a plausible candidate (a library's cultural mediation post asks
        // two of the taxonomy's competencies). For a posting of the field (`inFieldMinRequired`) whose required languages the
        // CV meets, that is the annotators' "possible" whatever the text likeness (issue 24g): their definition reads
        // requirements met and gaps, never how alike two texts are, and a CV telling its work in its own words runs far
        // below `possibleWhenMetScore` (an urban planner's consultations against a transition post, 4 of 6 met at 0.14).
        // The texts must be alike too where the evidence is thinner: one or two requirements met (a designer's
        // documentation meets a backend post's only one), or half of them with a required language unmet besides (issue
        // 24c's rule, kept: two of the definition's gaps at once, in texts that share next to nothing, are no candidate).
        let plausibleWhateverLikeness = inField && r.unmetLanguages.isEmpty
        if !lowEvidence && r.fieldRequired >= 1 && byScore == .weak && share >= metMostShare
            && (plausibleWhateverLikeness || max(score, similarity ?? score) >= possibleWhenMetScore) { byScore = .possible }
        // A posting outside the taxonomy's field (one or two required competencies: a nurse's post) whose requirements the CV
        // all meets reads like one of the field (issue 24b: a nurse of 11 years, 2 of 2 met at 0.473, was only "possible").
        if !inField && !lowEvidence && r.requiredCompetencies > 0 && r.metCompetencies == r.requiredCompetencies
            && byScore != .strong && score >= strongWhenMetScore { byScore = .strong }
        guard byScore == .strong else { return byScore }
        if (inField && r.metShare < strongMinShare) || r.lacksYears || !r.unmetLanguages.isEmpty || r.eligibilityUnmet { return .possible }
        return .strong
    }
}

/// How alike two postings are (`similar`): a likeness, never a person's fit (issue 24: near-twin postings were labelled
/// "weak", and a posting's requirements were read as a person's levels).
///
/// Rule: **very similar** when the cosine is at least `veryScore` and they share at least half of the competencies
/// the smaller of the two shows (or the cosine is at least `twinScore`); **related** from `relatedScore` or with a
/// competency shared; **different** otherwise.
public enum Likeness: String, Sendable, Codable, CaseIterable {
    case verySimilar = "very similar"
    case related
    case different

    public static let twinScore: Float = 0.8
    public static let veryScore: Float = 0.5
    public static let relatedScore: Float = 0.25

    /// `shared`: competencies both postings show; `smaller`: the number the poorer of the two shows (nil: no taxonomy).
    public static func label(score: Float, shared: Int?, smaller: Int?) -> Likeness {
        if score >= twinScore { return .verySimilar }
        if score >= veryScore, let shared, let smaller, smaller > 0, shared * 2 >= smaller { return .verySimilar }
        if score >= veryScore && smaller == nil { return .verySimilar }
        if score >= relatedScore || (shared ?? 0) >= 1 { return .related }
        return .different
    }

    /// The fit label whose colour a report gives this likeness (strong, possible, weak).
    public var colour: FitLabel {
        switch self {
        case .verySimilar: return .strong
        case .related: return .possible
        case .different: return .weak
        }
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
