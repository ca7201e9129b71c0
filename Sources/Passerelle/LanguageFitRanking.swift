import Competencies

/// The language rule of the ranking: a re-ranking step on top of `Matcher.top`'s cosine order.
///
/// Why: a counsellor does not propose a posting whose *required* language the person does not
/// speak well enough, however close the texts are (issue 14: a Toronto facilitator with French B1
/// got French-required postings at ranks 2–6 and the ones she meets at 7 and 8). Cosine similarity
/// cannot see this (it compares vocabularies), so the rule is applied afterwards, on the explanation's
/// own language fit, and shown beside each match.
///
/// Rule: `score = similarity × Π factor` over the languages the posting *requires* (stated, or inferred
/// from the language it is written in, see `Explainer`): `unmetFactor` for each unmet one,
/// `partlyFactor` for each met one level short; met and desirable languages ("un atout", "is an
/// asset") count 1. Matches are re-sorted by that score, ties by posting position in the model.
///
/// The factors were measured on the judged collections (`Data/judgments/candidates.qrels` and
/// `judged-cvs.qrels`, 36 CVs; `python3 scripts/evaluation/eval-judged.py --factors`): replaying the rule on the raw
/// scores, nDCG@10 went 0.862 (factor 1, no rule), 0.863 (0.8), 0.866 (0.6), 0.876 (0.55 and 0.5), 0.864
/// (0.4); 0.55 is the gentler of the two best. With `partlyFactor = 1 − (1 − 0.55)/3 = 0.85`. At 0.55 a
/// posting whose required language is unmet stays above a met one only if its cosine is almost twice
/// as high: "apply anyway, and work on the language" is left for near-perfect matches.
///
/// Window: the rule can only move postings that `Matcher.top` returned, so callers fetch
/// `window(top:postingCount:)` matches (three times the number shown, at least 30 more) and keep the
/// first `top` after re-ranking. A posting outside the window has a cosine below the window's last
/// one; it could outrank a penalized posting only if that one's similarity × factor fell below it,
/// which the window makes rare (and never changes the order of unpenalized postings).
public enum LanguageFitRanking {
    /// Multiplier of the similarity for each required language the query does not meet.
    public static let unmetFactor: Float = 0.55
    /// Multiplier for each required language met one level short (`LanguageFit.partly`).
    /// Both factors must stay ≤ 1: `rerank` stops early on that bound.
    public static let partlyFactor: Float = 0.85

    /// Number of matches to fetch from the matcher so that `top` survive re-ranking.
    public static func window(top: Int, postingCount: Int) -> Int {
        min(postingCount, max(top * 3, top + 30))
    }

    /// The factor applied to a match's similarity, from its explanation's language fit.
    public static func factor(_ languages: [LanguageFitResult]) -> Float {
        var f: Float = 1
        for l in languages where !l.desirable {
            switch l.fit {
            case .met: break
            case .partly: f *= partlyFactor
            case .unmet: f *= unmetFactor
            }
        }
        return f
    }

    /// One re-ranked match: `match.score` is the adjusted score, `similarity` the cosine, `factor` their ratio.
    public struct Ranked: Sendable {
        public var match: Match
        public var similarity: Float
        public var factor: Float
    }

    /// Re-ranks `matches` (any order) by `similarity × factor(languages(match))` and keeps the first `top`,
    /// renumbered from 1; ties by posting position (`Match.index`).
    ///
    /// `languages` (a posting's competency profile and explanation: the costly part of a query) is asked
    /// only for the matches that can still enter the first `top`: they are visited by similarity, and the
    /// visit stops once `top` adjusted scores are all above every remaining match's best possible one
    /// (its similarity when ≥ 0 since every factor is ≤ 1, else 0: a factor of a negative similarity only
    /// raises it towards 0). The result is the same as adjusting and sorting every match (issue 25d).
    /// - Complexity: O(m log m) for m matches, and `languages` for the matches visited (often about `top`
    ///   when few postings are penalized, at most m).
    public static func rerank(_ matches: [Match], top: Int, languages: (Match) throws -> [LanguageFitResult]) rethrows -> [Ranked] {
        let keep = max(0, top)
        guard keep > 0 else { return [] }
        func before(_ a: Match, _ b: Match) -> Bool { a.score != b.score ? a.score > b.score : a.index < b.index }
        var ranked = [Ranked]()
        for m in matches.sorted(by: before) {
            if ranked.count >= keep, ranked[keep - 1].match.score > max(m.score, 0) { break }
            let f = factor(try languages(m))
            var adjusted = m
            adjusted.score = m.score * f
            let entry = Ranked(match: adjusted, similarity: m.score, factor: f)
            ranked.insert(entry, at: ranked.firstIndex { before(adjusted, $0.match) } ?? ranked.endIndex)
        }
        ranked = Array(ranked.prefix(keep))
        for i in ranked.indices { ranked[i].match.rank = i + 1 }
        return ranked
    }

    /// Raw order (`--ignore-language-fit`): the matches as they are, factor 1.
    public static func unchanged(_ matches: [Match], top: Int) -> [Ranked] {
        matches.prefix(max(0, top)).map { Ranked(match: $0, similarity: $0.score, factor: 1) }
    }
}
