import Foundation
import Competencies
import TextAnalysis
import Passerelle

/// One ranked match with everything a report shows of it.
public struct ReportMatch {
    /// `match.score` is the ranking score: the similarity times the language factor.
    public var match: Match
    /// The cosine similarity before the language rule (`LanguageFitRanking`).
    public var similarity: Float
    /// The language rule's factor (1 when every required language is met, or with --ignore-language-fit).
    public var languageFactor: Float
    /// strong / possible / weak, from the ranking score, the shared competencies and the query's evidence.
    public var fit: FitLabel
    /// `similar` only (a posting as the query): how alike the two postings are; `fit` then holds its colour.
    public var likeness: Likeness? = nil
    public var explanation: Explanation
    /// The exact JSON shape of `rank`/`similar` (kept stable: tests and the README depend on it).
    public var json: MatchJSON
    /// Every competency the posting shows (id → weight in (0, 1)), for the heat map.
    public var postingCompetencies: [String: Double]
    /// The language the posting is written in (its quotes carry `lang` when it is not the page's).
    public var postingLanguage: Language? = nil

    /// The posting's web address when it is an http(s) one (imported postings: "Postuler / Apply");
    /// anything else (`javascript:`, a bare word) is never turned into a link.
    public var applyURL: String? {
        guard let s = json.metadata?["url"]?.trimmingCharacters(in: .whitespaces), let url = URL(string: s),
              let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil else { return nil }
        return s
    }

    /// A metadata field, trimmed; nil when absent or empty.
    public func metadata(_ key: String) -> String? {
        guard let v = json.metadata?[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    /// The label as a reader sees it: the fit (strong, possible, weak), or for `similar` the likeness.
    public var fitWord: String { likeness?.rawValue ?? fit.rawValue }

    /// Who offers the job and where, from the posting's metadata ("Organisation — Location"); nil when
    /// the posting says neither.
    public var place: String? {
        let parts = ["organization", "location"].compactMap { json.metadata?[$0] }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " — ")
    }
}

/// The results of one query (a CV for `rank` and `batch`, a posting for `similar`): what every
/// renderer takes a list of, so `batch` renders many queries with the same code.
public struct ReportQuery {
    /// Stable id of the query (document id, or posting id), the `query` column of JSONL and CSV.
    public var id: String
    /// How the query is named to a reader (its title, else its file, else its id).
    public var label: String
    public var json: QueryJSON
    /// True for a CV (evidence from "the CV"), false for a posting used as a query.
    public var isCV: Bool
    /// Every competency the query shows (id → weight), for the heat map.
    public var competencies: [String: Double]
    public var matches: [ReportMatch]
    /// Feature → how it reads in the query text ("philosoph" → "philosophie"), for display.
    public var surface: [String: String]
    /// Language of the competency labels in this query's explanations (the query's main language).
    public var displayLanguage: Language
    /// The evidence warning in French (`json.warning` is the English one, kept for JSON), for French pages.
    public var warningFrench: String? = nil

    public func written(_ term: String) -> String { surface[term] ?? term }
}

/// A report: the queries' results, the model, and what the HTML view draws.
public struct Report {
    /// The command that produced it: "rank", "similar" or "batch".
    public var command: String
    public var model: ModelJSON
    public var queries: [ReportQuery]
    /// Competency id → label and family, in the display language (empty without a taxonomy).
    public var competencyLabels: [String: String]
    public var competencyFamilies: [String: String]
    /// The day the report was made (ISO 8601, "2026-11-29"), shown by the HTML pages; nil: not shown.
    /// Set by `ReportRenderer.page` for an HTML page (`ReportDate.stamp`); `render` prints what it is given,
    /// so a test renders the same bytes every day.
    public var generated: String? = nil
    /// HTML: the technical view (scores, figures, quotes, terms, the model) shown open rather than behind
    /// a collapsed "Détails" (`--details`).
    public var detailsOpen = false

    public func label(ofCompetency id: String) -> String { competencyLabels[id] ?? id }
}

extension Report {
    /// Builds a report from matches the engine found.
    public static func build(command: String, loaded: ModelProvider.Loaded, queries: [ReportQuery]) throws -> Report {
        var labels = [String: String](), families = [String: String]()
        if let taxonomy = loaded.pipeline.detector?.taxonomy {
            let language: Language = queries.allSatisfy { $0.displayLanguage == .en } && !queries.isEmpty ? .en : .fr
            for c in taxonomy.competencies {
                labels[c.id] = taxonomy.label(id: c.id, language: language)
                families[c.id] = c.family
            }
        }
        return Report(command: command, model: ModelJSON(loaded), queries: queries, competencyLabels: labels, competencyFamilies: families)
    }
}

extension MatchExplainer {
    /// Explains `matches` (already re-ranked by the language rule, or `unchanged`) and gathers what a
    /// report shows of one query.
    /// `allMissing`: keep every missing competency; by default the `MissingList.shownByDefault` most important, the count
    /// of the others in `missing_not_shown`.
    func reportQuery(id: String, label: String, json: QueryJSON, matches: [LanguageFitRanking.Ranked], query: FoldedQuery?,
                     allMissing: Bool = false) throws -> ReportQuery {
        var json = json
        let hasTaxonomy = loaded.pipeline.detector != nil
        json.warning = EvidenceCheck.warning(knownTerms: json.knownTerms, competencies: hasTaxonomy ? queryProfile.competencies.competencies.count : nil)
        let rows = try matches.map { r -> ReportMatch in
            let m = r.match
            var (e, profile) = try explainWithProfile(m, query: query)
            let hidden = allMissing ? 0 : max(0, e.missing.count - MissingList.shownByDefault)
            if hidden > 0 { e.missing = Array(e.missing.prefix(MissingList.shownByDefault)) }
            var matchJSON = self.json(m, e)
            matchJSON.similarity = rounded(r.similarity)
            matchJSON.languageFactor = Double(r.factor)
            if hidden > 0 { matchJSON.competencies?.missingNotShown = hidden }
            let fit: FitLabel, likeness: Likeness?
            if queryIsCV {
                fit = FitLabel.label(score: m.score, similarity: r.similarity, shared: hasTaxonomy ? e.shared.count : nil, lowEvidence: json.warning != nil,
                                     requirements: hasTaxonomy ? e.requirements : nil)
                likeness = nil
                matchJSON.fit = fit.rawValue
                matchJSON.requirements = hasTaxonomy ? e.requirements.map(RequirementsJSON.init) : nil
            } else {
                // Two postings: a likeness, not a person's fit.
                let smaller = min(queryProfile.competencies.competencies.count, profile.competencies.competencies.count)
                let l = Likeness.label(score: r.similarity, shared: hasTaxonomy ? e.shared.count : nil, smaller: hasTaxonomy ? smaller : nil)
                fit = l.colour; likeness = l
                matchJSON.likeness = l.rawValue
            }
            return ReportMatch(match: m, similarity: r.similarity, languageFactor: r.factor, fit: fit, likeness: likeness, explanation: e,
                               json: matchJSON,
                               postingCompetencies: Dictionary(profile.competencies.competencies.map { ($0.id, $0.weight) }, uniquingKeysWith: max),
                               postingLanguage: profile.displayLanguage)
        }
        return ReportQuery(id: id, label: label, json: json, isCV: queryIsCV,
                           competencies: Dictionary(queryProfile.competencies.competencies.map { ($0.id, $0.weight) }, uniquingKeysWith: max),
                           matches: rows, surface: surface,
                           displayLanguage: queryProfile.displayLanguage,
                           warningFrench: EvidenceCheck.warning(knownTerms: json.knownTerms, competencies: hasTaxonomy ? queryProfile.competencies.competencies.count : nil,
                                                                french: true))
    }
}
