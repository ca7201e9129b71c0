import Foundation
import TextAnalysis

/// Finds the taxonomy's competencies in a text, with evidence, and the text's language statements.
///
/// Matching goes through the analyzer, so inflections, accents and inclusive forms are covered:
/// - every surface form (French and English, always: CVs mix languages) is analyzed once at init
///   into a term sequence, with the main analyzer and with each of `formAnalyzers` (e.g. a
///   French-only and an English-only analyzer), every distinct sequence being indexed except
///   variants shorter than the form's own-language analysis (see `init(taxonomy:analyzer:formAnalyzers:)`);
/// - the text is analyzed once; a form occurs where its term sequence appears as consecutive terms
///   of the text with no sentence boundary between them (stopwords are dropped by the analyzer, so
///   "animation d'ateliers" also matches "animation des ateliers");
/// - phrase terms (terms containing `_`, emitted by the analyzer after their last word) are ignored
///   on both sides: forms match on single-word terms only;
/// - a single-term form must also match the surface of the word (see `surfacePrefix`), against stem
///   collisions such as "facilitation"/"facilement" or "concertation"/"concert";
/// - an index maps the first term of each sequence to its candidate forms, longest first.
///
/// Counting: for one competency, matched spans that overlap are merged into their union ("outils de
/// facilitation" + "facilitation graphique" → one span "outils de facilitation graphique"), so one
/// stretch of text counts once per competency; different competencies may overlap freely.
/// `weight = 1 − exp(−count / 2)` (1 → 0.39, 2 → 0.63, 3 → 0.78, 5 → 0.92).
public struct CompetencyDetector: Sendable {
    public let taxonomy: Taxonomy
    public let analyzer: any Analyzer

    struct Form: Sendable {
        var competency: Int
        var terms: [String]
        /// Single-term forms only: the matched word's letters (folded) must start with one of these
        /// (see `surfacePrefix`); empty for multi-term forms.
        var surfacePrefixes: [String] = []
    }
    /// First term → forms starting with it, longest first.
    let index: [String: [Form]]
    /// Number of distinct indexed term sequences (for tests and diagnostics).
    public let indexedSequenceCount: Int

    /// With a language-guessing `FrenchEnglishAnalyzer` (`language == nil`), forms are also analyzed
    /// with it forced to French, to English and to "other" (a short form's language cannot be guessed,
    /// and a French text may quote an English form or the reverse).
    public init(taxonomy: Taxonomy, analyzer: any Analyzer) {
        var extra: [Language: any Analyzer] = [:]
        if let fe = analyzer as? FrenchEnglishAnalyzer, fe.language == nil {
            for l in Language.allCases { extra[l] = FrenchEnglishAnalyzer(phrases: false, language: l) }
        }
        self.init(taxonomy: taxonomy, analyzer: analyzer, formAnalyzers: extra)
    }

    /// `formAnalyzers`: analyzers per language whose analyses of each form are indexed too (e.g. the
    /// same analyzer forced to French and to English), so a form matches whatever language the text's
    /// analysis assumed. The reference analysis of a French form is its `.fr` one (of an English form
    /// its `.en` one; `analyzer` when absent); a variant with fewer terms than the reference is not
    /// indexed: it lost words to the other language's stopwords ("team care" read as French is just
    /// "team") and would match far too much.
    public init(taxonomy: Taxonomy, analyzer: any Analyzer, formAnalyzers: [Language: any Analyzer]) {
        self.taxonomy = taxonomy
        self.analyzer = analyzer
        var index: [String: [Form]] = [:]
        var seen: [[String]: (key: String, position: Int)] = [:] // per competency below
        var count = 0
        let extras = Language.allCases.compactMap { formAnalyzers[$0] }
        func analyze(_ a: any Analyzer, _ form: String) -> [String] {
            CompetencyDetector.wordTerms(a.analyze(form)).map(\.term)
        }
        for (ci, c) in taxonomy.competencies.enumerated() {
            seen.removeAll(keepingCapacity: true)
            for (forms, lang) in [(c.formsFR, Language.fr), (c.formsEN, Language.en)] {
                for form in forms {
                    let reference = analyze(formAnalyzers[lang] ?? analyzer, form)
                    let variants = [reference, analyze(analyzer, form)] + extras.map { analyze($0, form) }
                    for terms in variants where terms.count >= reference.count {
                        guard let first = terms.first else { continue }
                        let prefix = terms.count == 1 ? CompetencyDetector.surfacePrefix(form: form, stem: first) : nil
                        if let at = seen[terms] {
                            if let prefix { index[at.key]![at.position].surfacePrefixes.append(prefix) }
                            continue
                        }
                        seen[terms] = (first, index[first, default: []].count)
                        index[first, default: []].append(Form(competency: ci, terms: terms, surfacePrefixes: prefix.map { [$0] } ?? []))
                        count += 1
                    }
                }
            }
        }
        for key in index.keys { index[key]!.sort { $0.terms.count > $1.terms.count } }
        self.index = index
        self.indexedSequenceCount = count
    }

    /// Letters of `text`, lowercased and accent-folded.
    static func foldedLetters(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).unicodeScalars
        where s.properties.isAlphabetic { out.append(s) }
        return String(out)
    }

    /// Guard of a single-term form against stem collisions ("facilitation" and "facilement" share the
    /// French stem "facil", "concertation" and "concert" the stem "concert"): the matched word must
    /// begin with the form's letters up to one letter past what the form shares with its stem.
    /// The form's word is the one sharing the longest beginning with the stem ("escal" in "de-escalation").
    static func surfacePrefix(form: String, stem: String) -> String {
        let st = Array(foldedLetters(stem).unicodeScalars)
        var best: [Unicode.Scalar] = [], bestCommon = -1
        for w in form.split(whereSeparator: { !$0.isLetter }) {
            let word = Array(foldedLetters(String(w)).unicodeScalars)
            var common = 0
            while common < min(word.count, st.count) && word[common] == st[common] { common += 1 }
            if common > bestCommon { best = word; bestCommon = common }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: best.prefix(min(best.count, max(bestCommon, 0) + 1)))
        return String(out)
    }

    /// Tokens without phrase terms.
    static func wordTerms(_ tokens: [Token]) -> [Token] {
        tokens.filter { !$0.term.contains("_") && !$0.term.isEmpty }
    }

    /// Plain detection: every form found, as the model's concept features use it (changing this would
    /// change every model's features; explanations use `detect(_:as:)`).
    public func detect(_ text: String) -> CompetencyProfile {
        let scalars = Array(text.unicodeScalars)
        return CompetencyProfile(competencies: detectCompetencies(text, scalars: scalars),
                                 languages: LanguageStatementDetector.detect(scalars: scalars))
    }

    /// The competencies of `detect(_:)` without its language statements (which cost more than the
    /// competencies): what the model's concept features need, at index time and for every query.
    public func detectCompetencies(_ text: String) -> [CompetencyMatch] {
        detectCompetencies(text, scalars: Array(text.unicodeScalars))
    }

    /// What a text is, for `detect(_:as:)`.
    public enum TextKind: Sendable { case cv, posting }

    /// Detection for explanations: spans whose context gives the form another sense are dropped
    /// (`SenseCheck`); in a posting, spans in mention sections (the organisation's presentation, context,
    /// conditions and perks, applying; `PostingSections`) are dropped, so a competency is listed only when
    /// the posting asks for it, and its evidence lists spans of requirement sections first (then text order),
    /// so the first quote is a requirement rather than the job title or the employer's self-description.
    public func detect(_ text: String, as kind: TextKind) -> CompetencyProfile {
        let scalars = Array(text.unicodeScalars)
        let sections = kind == .posting ? PostingSections.sections(scalars) : nil
        return CompetencyProfile(competencies: detectCompetencies(text, scalars: scalars, senseChecks: true, sections: sections),
                                 languages: LanguageStatementDetector.detect(scalars: scalars))
    }

    func detectCompetencies(_ text: String, scalars: [Unicode.Scalar], senseChecks: Bool = false,
                            sections: [(start: Int, end: Int, kind: SectionKind)]? = nil) -> [CompetencyMatch] {
        let tokens = CompetencyDetector.wordTerms(analyzer.analyze(text))
        guard !tokens.isEmpty else { return [] }
        // breakAfter[i]: a sentence boundary lies between token i and token i + 1.
        var breakAfter = [Bool](repeating: false, count: tokens.count)
        for i in 0..<(tokens.count - 1) {
            breakAfter[i] = TextSpans.hasBoundary(scalars, from: tokens[i].end, to: tokens[i + 1].start)
        }
        var spans: [Int: [(Int, Int)]] = [:] // competency → (start, end) scalar spans
        for i in tokens.indices {
            guard let candidates = index[tokens[i].term] else { continue }
            var matchedHere = Set<Int>()
            for form in candidates where !matchedHere.contains(form.competency) {
                let n = form.terms.count
                guard i + n <= tokens.count else { continue }
                var ok = true
                var k = 1
                while k < n {
                    if breakAfter[i + k - 1] || tokens[i + k].term != form.terms[k] { ok = false; break }
                    k += 1
                }
                guard ok else { continue }
                let start = tokens[i].start
                let end = tokens[i + n - 1].end
                guard start >= 0, end <= scalars.count, start < end else { continue }
                if !form.surfacePrefixes.isEmpty {
                    let surface = CompetencyDetector.foldedLetters(TextSpans.slice(scalars, start, end))
                    guard form.surfacePrefixes.contains(where: { surface.hasPrefix($0) }) else { continue }
                }
                matchedHere.insert(form.competency) // longest form for this competency at this position
                spans[form.competency, default: []].append((start, end))
            }
        }
        var matches: [CompetencyMatch] = []
        for (ci, list) in spans {
            let sorted = list.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 > $1.1 }
            var kept: [(Int, Int)] = []
            for s in sorted {
                if let last = kept.last, s.0 < last.1 {
                    kept[kept.count - 1].1 = max(last.1, s.1) // overlapping spans: one span, their union
                    continue
                }
                kept.append(s)
            }
            let id = taxonomy.competencies[ci].id
            if senseChecks { kept.removeAll { SenseCheck.rejects(id, scalars, start: $0.0, end: $0.1) } }
            if let sections {
                kept.removeAll {
                    switch PostingSections.kind(at: $0.0, in: sections) {
                    case .mention: return true
                    case .context: return !PostingSections.speaksOfTheRole(scalars, start: $0.0, end: $0.1)
                    case .requirement, .unknown: return false
                    }
                }
                // Requirement sections first, then the rest (unknown), each in text order (the sort is stable).
                let rank = { (s: (Int, Int)) -> Int in PostingSections.kind(at: s.0, in: sections) == .requirement ? 0 : 1 }
                kept = kept.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
            }
            if kept.isEmpty { continue }
            let evidence = kept.map { TextSpans.evidence(scalars, start: $0.0, end: $0.1) }
            matches.append(CompetencyMatch(id: id, count: kept.count,
                                           weight: CompetencyDetector.weight(count: kept.count), evidence: evidence))
        }
        matches.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.id < $1.id }
        return matches
    }

    /// Saturating weight of `count` matched spans: `1 − exp(−count / 2)`.
    public static func weight(count: Int) -> Double {
        count <= 0 ? 0 : 1 - exp(-Double(count) / 2)
    }
}
