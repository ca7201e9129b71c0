import TextAnalysis
import Competencies

/// A competency both texts show, with a quote from each.
public struct SharedCompetency: Equatable, Sendable {
    public var id: String
    public var label: String
    /// Evidence in the query (the CV for `rank`, the query posting for `similar`).
    public var queryEvidence: Evidence
    public var postingEvidence: Evidence
    /// Product of both weights: how strongly both texts show it.
    public var strength: Double
}

/// A competency the posting asks for and the query does not show.
public struct MissingCompetency: Equatable, Sendable {
    public var id: String
    public var label: String
    public var postingEvidence: Evidence
    public var weight: Double
}

/// How the query's languages meet one language the posting requires.
public struct LanguageFitResult: Equatable, Sendable {
    /// ISO 639-1 code.
    public var language: String
    public var required: LanguageLevel
    /// The quote stating the requirement; nil when inferred from the posting being written in that language.
    public var requiredEvidence: Evidence?
    public var declared: LanguageLevel?
    /// The quote declaring it; nil when inferred from the query being written in that language, or absent.
    public var declaredEvidence: Evidence?
    public var fit: LanguageFit
    /// True when the posting only welcomes the language ("un atout", "is an asset"): shown, never an
    /// unmet requirement (the ranking rule and the fit label ignore it).
    public var desirable: Bool = false

    /// An unmet or partly met language the posting requires (not merely welcomes).
    public var isUnmetRequirement: Bool { !desirable && fit != .met }
}

/// Why a posting matches a query.
public struct Explanation: Equatable, Sendable {
    public var shared: [SharedCompetency]
    /// Competencies the posting requires and the query shows no evidence of, most important first, one per posting
    /// sentence (`Explainer`). Reports show at most `MissingList.shownByDefault` of them unless asked for all.
    public var missing: [MissingCompetency]
    public var languages: [LanguageFitResult]
    public var terms: [TermContribution]
    /// Competencies the posting only welcomes (options, nice-to-haves) that the query does not show: never missing.
    public var desirable: [MissingCompetency] = []
    /// What the fit label reads besides the score (`FitLabel.label(score:shared:lowEvidence:requirements:)`).
    public var requirements: FitRequirements? = nil
}

/// How many missing items a report shows unless asked for all (`--all`).
public enum MissingList {
    public static let shownByDefault = 5
}

/// What the detector and the language identifier say of one text, computed once per text.
public struct TextProfile: Sendable {
    public var competencies: CompetencyProfile
    /// Languages the text is written in (paragraphs covering at least a fifth of it), best first.
    public var writtenIn: [String]
    /// Display language for labels: the main language written ("fr" unless mostly English).
    public var displayLanguage: Language
    /// Years of experience the text asks for, read as a posting (`ExperienceYears.required(posting:)`).
    public var yearsAsked: Int?
    /// Years of experience the text shows, read as a CV (`ExperienceYears.shown(cv:)`).
    public var yearsShown: Int?
    /// A condition of status the text sets, read as a posting (`Eligibility.condition(posting:)`).
    public var eligibilityAsked: Eligibility.Condition?
    /// Conditions of status the text establishes, read as a CV (`Eligibility.established(_:cv:)`).
    public var eligibilityShown: Set<Eligibility.Condition> = []

    /// Level inferred for a language a text is written in but does not state.
    public static let inferredWrittenLevel = LanguageLevel.excellent
    /// Level a posting written in a language is taken to require when it states nothing about it.
    public static let inferredRequiredLevel = LanguageLevel.good

    /// The sides of an explanation a profile serves (`Explainer.explain(query:posting:terms:)`): a query
    /// reads `yearsShown` and `eligibilityShown`, a matched posting `yearsAsked` and `eligibilityAsked`.
    /// A profile made for one side leaves the other side's fields nil / empty: they cost a few regular
    /// expression passes over the whole text each (issue 25d: reading a matched posting "as a CV" was a
    /// third of a rank's time).
    public struct Sides: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The query side (`yearsShown`, `eligibilityShown`).
        public static let query = Sides(rawValue: 1)
        /// The matched-posting side (`yearsAsked`, `eligibilityAsked`).
        public static let match = Sides(rawValue: 2)
        public static let both: Sides = [.query, .match]
    }

    /// `isPosting`: read as a posting (requirements, not mentions of the employer; `CompetencyDetector.detect(_:as:)`).
    /// `sides`: the explanation sides the profile serves (both by default).
    public init(text: String, detector: CompetencyDetector?, isPosting: Bool = false, sides: Sides = .both) {
        self.init(text: text, competencies: detector?.detect(text, as: isPosting ? .posting : .cv) ?? CompetencyProfile(competencies: [], languages: []),
                  sides: sides)
    }

    /// The profile of `text` from its explanation detection already made (`CompetencyDetector.detect(_:as:)`).
    public init(text: String, competencies: CompetencyProfile, sides: Sides = .both) {
        self.competencies = competencies
        var share = [Language: Int]()
        var total = 0
        for (range, guess) in LanguageIdentifier.identifyParagraphs(text) where guess.language != .other {
            share[guess.language, default: 0] += range.count
            total += range.count
        }
        let written = share.filter { total > 0 && $0.value * 5 >= total }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key.rawValue < $1.key.rawValue) }
        writtenIn = written.map(\.key.rawValue)
        displayLanguage = written.first?.key == .en ? .en : .fr
        if sides.contains(.match) {
            let folded = ExperienceYears.fold(text) // once for both readers (issue 25e)
            yearsAsked = ExperienceYears.required(folded: folded)
            eligibilityAsked = Eligibility.condition(folded: folded)
        }
        if sides.contains(.query) {
            yearsShown = ExperienceYears.shown(cv: text)
            eligibilityShown = Set([Eligibility.Condition.student, .scheme].filter { Eligibility.established($0, cv: text) })
        }
    }
}

/// Builds explanations from the profiles of a query and a posting.
///
/// Shared: competencies detected in both (strongest first); missing: detected in the posting only
/// (strongest first); languages: each language the posting states a requirement for — or, when it states
/// none for the language it is written in, that language at `inferredRequiredLevel` — against the
/// query's statements, or `inferredWrittenLevel` for a language the query is written in and does not
/// state: a declared level always wins over the language a text happens to be written in (an English
/// CV saying "English: intermediate" is intermediate, not excellent).
public struct Explainer: Sendable {
    public let taxonomy: Taxonomy?

    public init(taxonomy: Taxonomy?) { self.taxonomy = taxonomy }

    /// A competency the query shows counts as evidence of these broader ones a posting asks for: user research is research,
    /// a world café is facilitation, a public consultation is citizen participation (issue 24: "related terms").
    public static let impliedBy: [String: Set<String>] = [
        "research": ["ux-research", "action-research", "evaluation"],
        "facilitation": ["collective-intelligence", "training", "popular-education"],
        "citizen-participation": ["public-consultation", "co-construction", "community-mobilization"],
        "public-consultation": ["citizen-participation"],
        "co-construction": ["collective-intelligence", "citizen-participation"],
        "community-mobilization": ["citizen-participation", "popular-education"],
        "service-design": ["ux-research", "design-thinking"],
        "design-thinking": ["service-design"],
        "social-mediation": ["conflict-resolution"],
        "conflict-resolution": ["social-mediation"],
        "coaching": ["training"],
        "training": ["popular-education"],
        "network-animation": ["community-mobilization"],
        "data-analysis": ["evaluation"],
        "synthesis": ["writing"],
    ]

    public func explain(query: TextProfile, posting: TextProfile, terms: [TermContribution]) -> Explanation {
        let queryByID = Dictionary(uniqueKeysWithValues: query.competencies.competencies.map { ($0.id, $0) })
        func label(_ id: String) -> String { taxonomy?.label(id: id, language: query.displayLanguage) ?? id }

        var shared = [SharedCompetency]()
        var absent = [CompetencyMatch]()
        var requiredCount = 0, metCount = 0, requiredTransversal = 0, metTransversal = 0
        func isTransversal(_ id: String) -> Bool {
            taxonomy?.competency(id: id).map { FitRequirements.transversalFamilies.contains($0.family) } ?? false
        }
        for p in posting.competencies.competencies {
            guard let postingEvidence = p.evidence.first else { continue }
            let transversal = isTransversal(p.id)
            if !p.desirable { requiredCount += 1; if transversal { requiredTransversal += 1 } }
            if let q = queryByID[p.id], let queryEvidence = q.evidence.first {
                shared.append(SharedCompetency(id: p.id, label: label(p.id), queryEvidence: queryEvidence,
                                               postingEvidence: postingEvidence, strength: p.weight * q.weight))
                if !p.desirable { metCount += 1; if transversal { metTransversal += 1 } }
            } else if Self.impliedBy[p.id]?.contains(where: { queryByID[$0] != nil }) ?? false {
                // Shown through a narrower competency: neither shared nor missing.
                if !p.desirable { metCount += 1; if transversal { metTransversal += 1 } }
            } else {
                absent.append(p)
            }
        }
        shared.sort { $0.strength != $1.strength ? $0.strength > $1.strength : $0.id < $1.id }
        // Missing: required, not shown; most important first (more spans, then earlier in the posting); one item per posting
        // sentence, and never words that already back a shared item (issue 24: "Recherche" and "Recherche utilisateur"
        // from one sentence; the same words both shared and missing).
        let sharedSpans = posting.competencies.competencies.filter { p in shared.contains { $0.id == p.id } }.flatMap(\.evidence)
        func overlapsShared(_ e: Evidence) -> Bool { sharedSpans.contains { $0.start < e.end && e.start < $0.end } }
        var usedSentences = Set<String>()
        var missing = [MissingCompetency](), desirable = [MissingCompetency]()
        let ordered = absent.sorted {
            if $0.weight != $1.weight { return $0.weight > $1.weight }
            let a = $0.evidence.first?.start ?? 0, b = $1.evidence.first?.start ?? 0
            return a != b ? a < b : $0.id < $1.id
        }
        for p in ordered {
            if p.desirable {
                if let e = p.evidence.first { desirable.append(MissingCompetency(id: p.id, label: label(p.id), postingEvidence: e, weight: p.weight)) }
                continue
            }
            guard let e = p.evidence.first(where: { !usedSentences.contains($0.quote) && !overlapsShared($0) }) else { continue }
            usedSentences.insert(e.quote)
            missing.append(MissingCompetency(id: p.id, label: label(p.id), postingEvidence: e, weight: p.weight))
        }
        let languages = languageFit(query: query, posting: posting)
        let requirements = FitRequirements(requiredCompetencies: requiredCount, metCompetencies: metCount,
                                           yearsRequired: posting.yearsAsked, yearsShown: query.yearsShown,
                                           unmetLanguages: languages.filter(\.isUnmetRequirement).map(\.language),
                                           requiredTransversal: requiredTransversal, metTransversal: metTransversal,
                                           eligibilityUnmet: posting.eligibilityAsked.map { !query.eligibilityShown.contains($0) } ?? false)
        return Explanation(shared: shared, missing: missing, languages: languages, terms: terms, desirable: desirable,
                           requirements: requirements)
    }

    func languageFit(query: TextProfile, posting: TextProfile) -> [LanguageFitResult] {
        var required = [(String, LanguageLevel, Evidence?, Bool)]()
        for s in posting.competencies.languages { required.append((s.language, s.level, s.evidence, s.desirable)) }
        if let main = posting.writtenIn.first, !required.contains(where: { $0.0 == main }) {
            required.append((main, TextProfile.inferredRequiredLevel, nil, false))
        }
        return required.map { language, level, evidence, desirable in
            let statements = query.competencies.languages.filter { $0.language == language }
            // A level written wins; a language named without one ("Français, anglais de base") is the language the text is
            // written in when it is, else taken at the level a named language is read at (issue 24d).
            let stated = statements.filter(\.levelStated).max { $0.level < $1.level } ?? statements.first
            var declared = stated.flatMap { $0.levelStated ? $0.level : nil }
            if declared == nil && query.writtenIn.contains(language) { declared = TextProfile.inferredWrittenLevel }
            if declared == nil, let named = stated { declared = named.level }
            let fit = LanguageFitRule.fit(required: level, declared: declared)
            return LanguageFitResult(language: language, required: level, requiredEvidence: evidence, declared: declared,
                                     declaredEvidence: stated?.evidence, fit: fit, desirable: desirable)
        }
    }
}
