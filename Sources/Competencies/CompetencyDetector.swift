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
    /// Analyzers forced to French and to English, to read again, for explanations, a line written in the other language
    /// than its paragraph (empty unless `analyzer` guesses languages: a `FrenchEnglishAnalyzer` with `language == nil`).
    let lineAnalyzers: [Language: any Analyzer]

    struct Form: Sendable {
        var competency: Int
        var terms: [String]
        /// For each term, how many other terms may stand before it (after the previous term): 0 for
        /// consecutive terms, `maxGap` after a gap marker (` * ` in the form: "organiser * événements"
        /// matches "organiser des événements" and "organisé plusieurs grands événements").
        var gaps: [Int] = []
        /// Single-term forms only: the matched word's letters (folded) must start with one of these
        /// (see `surfacePrefix`); empty for multi-term forms.
        var surfacePrefixes: [String] = []
        /// Forms with a gap only: the first matched word must start with one of these (the same guard on the form's
        /// first word: "collaborer avec * services" needs "collabore…", so "en collaboration avec l'équipe" does
        /// not count); empty otherwise.
        var firstWordPrefixes: [String] = []
        /// A form written `~form`: found by explanations (`detect(_:as:)`) only, never by the plain detection
        /// that gives models their `§id` features (see `explanationMarker`).
        var explanationOnly = false
    }
    /// First term → forms starting with it, longest first.
    let index: [String: [Form]]
    /// Number of distinct indexed term sequences (for tests and diagnostics).
    public let indexedSequenceCount: Int
    /// A form starting with this is for explanations only: forms added to explain what postings and CVs ask and
    /// show (tools by name, administrative and neighbouring-field wordings) leave every model's features as they were
    /// measured (Data/competencies.md).
    public static let explanationMarker: Character = "~"

    /// The form without its explanation marker, and whether it had one.
    public static func unmarked(_ form: String) -> (form: String, explanationOnly: Bool) {
        guard form.first == explanationMarker else { return (form, false) }
        return (String(form.dropFirst()).trimmingCharacters(in: .whitespaces), true)
    }

    /// The gap marker of a form: a `*` word between two parts.
    public static let gapMarker = "*"
    /// At most this many terms may stand in a form's gap (within one sentence).
    public static let maxGap = 2

    /// The parts of a form between gap markers ("organiser * événements" → ["organiser", "événements"]).
    static func parts(ofForm form: String) -> [String] {
        form.split(separator: " ").split(whereSeparator: { $0 == Substring(gapMarker) })
            .map { $0.joined(separator: " ") }.filter { !$0.isEmpty }
    }

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
        if let fe = analyzer as? FrenchEnglishAnalyzer, fe.language == nil {
            lineAnalyzers = [.fr: FrenchEnglishAnalyzer(phrases: false, language: .fr), .en: FrenchEnglishAnalyzer(phrases: false, language: .en)]
        } else {
            lineAnalyzers = [:]
        }
        var index: [String: [Form]] = [:]
        var seen: [[String]: (key: String, position: Int)] = [:] // per competency below
        var count = 0
        let extras = Language.allCases.compactMap { formAnalyzers[$0] }
        // Terms of a form, with a "*" term where its gap markers stand (between parts).
        func analyze(_ a: any Analyzer, _ form: String) -> [String] {
            var out: [String] = []
            for part in CompetencyDetector.parts(ofForm: form) {
                let terms = CompetencyDetector.wordTerms(a.analyze(part)).map(\.term)
                if terms.isEmpty { continue }
                if !out.isEmpty { out.append(CompetencyDetector.gapMarker) }
                out += terms
            }
            return out
        }
        // Terms without gap markers, and the gap allowed before each.
        func split(_ marked: [String]) -> (terms: [String], gaps: [Int]) {
            var terms: [String] = [], gaps: [Int] = [], gap = 0
            for t in marked {
                if t == CompetencyDetector.gapMarker { gap = CompetencyDetector.maxGap; continue }
                terms.append(t); gaps.append(terms.count == 1 ? 0 : gap); gap = 0
            }
            return (terms, gaps)
        }
        for (ci, c) in taxonomy.competencies.enumerated() {
            seen.removeAll(keepingCapacity: true)
            for (forms, lang) in [(c.formsFR, Language.fr), (c.formsEN, Language.en)] {
                for written in forms {
                    let (form, explanationOnly) = CompetencyDetector.unmarked(written)
                    let reference = analyze(formAnalyzers[lang] ?? analyzer, form)
                    let variants = [reference, analyze(analyzer, form)] + extras.map { analyze($0, form) }
                    for marked in variants where marked.count >= reference.count {
                        let (terms, gaps) = split(marked)
                        guard let first = terms.first else { continue }
                        let prefix = terms.count == 1 ? CompetencyDetector.surfacePrefix(form: form, stem: first) : nil
                        let firstWordPrefix = marked.contains(CompetencyDetector.gapMarker)
                            ? CompetencyDetector.parts(ofForm: form).first.flatMap { $0.split(separator: " ").first.map(String.init) }
                                .map { CompetencyDetector.surfacePrefix(form: $0, stem: first) }
                            : nil
                        if let at = seen[marked] {
                            // One entry per term sequence: its guards gather every form's, and it feeds models when any form does.
                            var entry = index[at.key]![at.position]
                            if entry.explanationOnly && !explanationOnly {
                                entry.explanationOnly = false
                                entry.surfacePrefixes = []; entry.firstWordPrefixes = []
                            }
                            if entry.explanationOnly == explanationOnly {
                                if let prefix { entry.surfacePrefixes.append(prefix) }
                                if let firstWordPrefix { entry.firstWordPrefixes.append(firstWordPrefix) }
                            }
                            index[at.key]![at.position] = entry
                            continue
                        }
                        seen[marked] = (first, index[first, default: []].count)
                        index[first, default: []].append(Form(competency: ci, terms: terms, gaps: gaps,
                                                              surfacePrefixes: prefix.map { [$0] } ?? [],
                                                              firstWordPrefixes: firstWordPrefix.map { [$0] } ?? [],
                                                              explanationOnly: explanationOnly))
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
    /// - Complexity: O(terms' bytes). Foundation's `contains` (a bridged search) runs only on a term that holds the byte of
    ///   "_", the only terms it can find it in: it was a tenth of a matched posting's profile (issue 25e).
    static func wordTerms(_ tokens: [Token]) -> [Token] {
        tokens.filter { !($0.term.utf8.contains(UInt8(ascii: "_")) && $0.term.contains("_")) && !$0.term.isEmpty }
    }

    /// Plain detection: every form found, as the model's concept features use it (changing this would
    /// change every model's features; explanations use `detect(_:as:)`).
    public func detect(_ text: String) -> CompetencyProfile {
        CompetencyProfile(competencies: detectCompetencies(text), languages: LanguageStatementDetector.detect(text))
    }

    /// The competencies of `detect(_:)` without its language statements (which cost more than the
    /// competencies): what the model's concept features need, at index time and for every query.
    public func detectCompetencies(_ text: String) -> [CompetencyMatch] {
        let scalars = Array(text.unicodeScalars)
        return matches(spans(text, scalars: scalars, explanationForms: false).plain, scalars: scalars)
    }

    /// What a text is, for `detect(_:as:)`.
    public enum TextKind: Sendable { case cv, posting }

    /// Detection for explanations: spans whose context gives the form another sense are dropped
    /// (`SenseCheck`); in a posting, spans in mention sections (the organisation's presentation, context,
    /// conditions and perks, applying; `PostingSections`) are dropped, so a competency is listed only when
    /// the posting asks for it, and its evidence lists spans of requirement sections first (then text order),
    /// so the first quote is a requirement rather than the job title or the employer's self-description.
    ///
    /// Only the explained profile is made: no plain spans, no plain competencies, and for a posting no plain language
    /// statements (a matched posting's profile is this; issue 25e: the plain half was a third of it, never read).
    /// - Complexity: O(n log n) in the text's scalars, like `detectBoth(_:as:)`.
    public func detect(_ text: String, as kind: TextKind) -> CompetencyProfile {
        let sentences = Sentences(Array(text.unicodeScalars))
        let found = spans(text, scalars: sentences.scalars, plainForms: false, explanationForms: true, sentences: sentences)
        return explained(found.all, as: kind, sentences: sentences)
    }

    /// `detect(_:)` and `detect(_:as:)` from one analysis and one pass over the text's terms (a query is
    /// folded with the first and explained with the second): the same two profiles, for about the cost of one.
    ///
    /// - Complexity: O(n log n) in the text's scalars, whatever its line and sentence lengths (`Sentences`).
    public func detectBoth(_ text: String, as kind: TextKind) -> (plain: CompetencyProfile, explained: CompetencyProfile) {
        detectBoth(text, as: kind, sentences: Sentences(Array(text.unicodeScalars)))
    }

    /// `detectBoth(_:as:)` with the text's sentence index (tests read the work it counted).
    func detectBoth(_ text: String, as kind: TextKind, sentences: Sentences) -> (plain: CompetencyProfile, explained: CompetencyProfile) {
        let scalars = sentences.scalars
        let found = spans(text, scalars: scalars, explanationForms: true, sentences: sentences)
        let languages = LanguageStatementDetector.detect(scalars: scalars, sentences: sentences)
        return (CompetencyProfile(competencies: matches(found.plain, scalars: scalars, sentences: sentences), languages: languages),
                explained(found.all, as: kind, sentences: sentences))
    }

    /// The explained profile from the explanation spans (`spans(…).all`). Language statements are read again for
    /// explanations: a posting's with the languages welcomed without a level, a CV's with
    /// the languages listed without a level beside one with a level (issue 24d: "Français, anglais de base").
    func explained(_ all: [Int: [(Int, Int)]], as kind: TextKind, sentences: Sentences) -> CompetencyProfile {
        let scalars = sentences.scalars
        let sections = kind == .posting ? PostingSections.sections(scalars) : nil
        // Explanations of a posting: a language welcomed without a level is shown as desirable, and a language stated in a
        // nice-to-have section ("Constituent des atouts : Anglais fonctionnel") is desirable whatever its words.
        let explainedLanguages: [LanguageStatement]
        if let sections {
            explainedLanguages = LanguageStatementDetector.detect(scalars: scalars, sentences: sentences, welcomedWithoutLevel: true).map {
                var statement = $0
                if PostingSections.kind(at: statement.evidence.start, in: sections) == .desirable { statement.desirable = true }
                return statement
            }
        } else {
            // A CV's explanations: a language listed without a level next to one with a level is declared, level unstated.
            explainedLanguages = LanguageStatementDetector.detect(scalars: scalars, sentences: sentences, listedWithoutLevel: true)
        }
        return CompetencyProfile(competencies: matches(all, scalars: scalars, senseChecks: true, kind: kind, sections: sections,
                                                       sentences: sentences),
                                 languages: explainedLanguages)
    }

    /// Matched spans per competency (index → scalar spans), for the plain detection (forms of the model)
    /// and, with `explanationForms`, for explanations (every form, `~` ones too). At each position the
    /// longest form of a competency is kept, separately for each set. Without `plainForms` the plain set stays empty
    /// (the explanation set does not depend on it).
    func spans(_ text: String, scalars: [Unicode.Scalar], plainForms: Bool = true, explanationForms: Bool,
               sentences: Sentences? = nil) -> (plain: [Int: [(Int, Int)]], all: [Int: [(Int, Int)]]) {
        var plain: [Int: [(Int, Int)]] = [:], all: [Int: [(Int, Int)]] = [:] // competency → (start, end) scalar spans
        scan(CompetencyDetector.wordTerms(analyzer.analyze(text)), scalars: scalars, offset: 0, plain: &plain, all: &all,
             wantPlainForms: plainForms, explanationForms: explanationForms, sentences: sentences)
        // Explanations: a line written in the other language than its paragraph ("Designed a developmental evaluation" in a
        // French CV) is read again in its own language (issue 24), so its English (French) forms match as they should.
        if explanationForms, !lineAnalyzers.isEmpty {
            for line in CompetencyDetector.otherLanguageLines(text, scalars: scalars) {
                guard let a = lineAnalyzers[line.language] else { continue }
                let lineText = TextSpans.slice(scalars, line.start, line.end)
                var ignored: [Int: [(Int, Int)]] = [:]
                scan(CompetencyDetector.wordTerms(a.analyze(lineText)), scalars: scalars, offset: line.start, plain: &ignored, all: &all,
                     wantPlainForms: false, explanationForms: true, sentences: sentences)
            }
        }
        return (plain, all)
    }

    /// Lines (Unicode scalar ranges) of at least four words confidently identified as French or English when their
    /// paragraph is read in the other language.
    static func otherLanguageLines(_ text: String, scalars: [Unicode.Scalar]) -> [(start: Int, end: Int, language: Language)] {
        let paragraphs = LanguageIdentifier.identifyParagraphs(text)
        guard !paragraphs.isEmpty else { return [] }
        // The whole text's language, read only when a paragraph's own guess is not confident (a pass over the text).
        var documentLanguage: Language?
        func document() -> Language {
            if let documentLanguage { return documentLanguage }
            let d = LanguageIdentifier.identify(text)
            let language: Language = d.confidence >= 0.5 && d.language != .other ? d.language : .fr
            documentLanguage = language
            return language
        }
        var out: [(start: Int, end: Int, language: Language)] = []
        for (range, guess) in paragraphs {
            let paragraphLanguage = guess.confidence >= 0.5 && guess.language != .other ? guess.language : document()
            var lineStart = range.lowerBound
            var i = range.lowerBound
            while i <= range.upperBound {
                if i == range.upperBound || (i < scalars.count && scalars[i] == "\n") {
                    if i - lineStart >= 20 {
                        let line = TextSpans.slice(scalars, lineStart, i)
                        if CompetencyDetector.wordCount(scalars, lineStart, i, line) >= 4 {
                            let g = LanguageIdentifier.identify(line)
                            if g.confidence >= 0.6, g.language != paragraphLanguage, g.language == .fr || g.language == .en {
                                out.append((lineStart, i, g.language))
                            }
                        }
                    }
                    lineStart = i + 1
                }
                i += 1
            }
        }
        return out
    }

    /// `line.split(separator: " ").count` for `line` = `scalars[start..<end]`, counted on the scalars when no scalar can join
    /// a space into a larger character (combining marks, joiners, prepended and spacing marks all lie outside the ranges
    /// read here), else by the `split` itself.
    static func wordCount(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int, _ line: String) -> Int {
        var count = 0, inWord = false
        for s in scalars[start ..< end] {
            let v = s.value
            guard v < 0x300 || (0x2010 ... 0x2027).contains(v) || (0x2030 ... 0x205E).contains(v) || v == 0x20AC else {
                return line.split(separator: " ").count
            }
            if v == 0x20 { inWord = false } else if !inWord { inWord = true; count += 1 }
        }
        return count
    }

    /// Matches forms on `tokens` (offsets relative to `offset` in `scalars`), adding spans to `plain` (model forms, when
    /// `wantPlainForms`) and `all` (every form, when `explanationForms`).
    func scan(_ tokens: [Token], scalars: [Unicode.Scalar], offset: Int, plain: inout [Int: [(Int, Int)]], all: inout [Int: [(Int, Int)]],
              wantPlainForms: Bool, explanationForms: Bool, sentences: Sentences? = nil) {
        let tokens = offset == 0 ? tokens : tokens.map { var t = $0; t.start += offset; t.end += offset; return t }
        guard !tokens.isEmpty else { return }
        // breakAfter[i]: a sentence boundary lies between token i and token i + 1.
        var breakAfter = [Bool](repeating: false, count: tokens.count)
        for i in 0..<(tokens.count - 1) {
            breakAfter[i] = sentences?.hasBoundary(from: tokens[i].end, to: tokens[i + 1].start)
                ?? TextSpans.hasBoundary(scalars, from: tokens[i].end, to: tokens[i + 1].start)
        }
        for i in tokens.indices {
            guard let candidates = index[tokens[i].term] else { continue }
            var matchedPlain = Set<Int>(), matchedAll = Set<Int>()
            for form in candidates {
                let wantPlain = wantPlainForms && !form.explanationOnly && !matchedPlain.contains(form.competency)
                let wantAll = explanationForms && !matchedAll.contains(form.competency)
                guard wantPlain || wantAll else { continue }
                // Each next term right after the previous one, or within its gap, never across a sentence boundary.
                var last = i
                var ok = true
                for k in 1..<max(1, form.terms.count) {
                    var j = last + 1, found = -1
                    while j < tokens.count && j <= last + 1 + form.gaps[k] && !breakAfter[j - 1] {
                        if tokens[j].term == form.terms[k] { found = j; break }
                        j += 1
                    }
                    if found < 0 { ok = false; break }
                    last = found
                }
                guard ok else { continue }
                let start = tokens[i].start
                let end = tokens[last].end
                guard start >= 0, end <= scalars.count, start < end else { continue }
                if !form.firstWordPrefixes.isEmpty {
                    let surface = CompetencyDetector.foldedLetters(TextSpans.slice(scalars, start, tokens[i].end))
                    guard form.firstWordPrefixes.contains(where: { surface.hasPrefix($0) }) else { continue }
                }
                if !form.surfacePrefixes.isEmpty {
                    let surface = CompetencyDetector.foldedLetters(TextSpans.slice(scalars, start, end))
                    guard form.surfacePrefixes.contains(where: { surface.hasPrefix($0) }) else { continue }
                }
                // Longest form for this competency at this position (forms come longest first).
                if wantPlain {
                    matchedPlain.insert(form.competency)
                    plain[form.competency, default: []].append((start, end))
                }
                if wantAll {
                    matchedAll.insert(form.competency)
                    all[form.competency, default: []].append((start, end))
                }
            }
        }
    }

    /// Competency matches from spans: overlapping spans joined; with `senseChecks`, spans whose context
    /// gives the form another sense dropped; with `sections` (a posting), spans in mention sections dropped
    /// and requirement spans first.
    func matches(_ spans: [Int: [(Int, Int)]], scalars: [Unicode.Scalar], senseChecks: Bool = false, kind: TextKind? = nil,
                 sections: [(start: Int, end: Int, kind: SectionKind)]? = nil, sentences: Sentences? = nil) -> [CompetencyMatch] {
        // One index of the text's sentences for every quote and context test: O(log n) each, not O(sentence).
        let sentences = sentences ?? Sentences(scalars)
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
            var desirable = false
            if senseChecks { kept.removeAll { SenseCheck.rejects(id, scalars, start: $0.0, end: $0.1, in: kind, sentences: sentences) } }
            if let sections {
                kept.removeAll {
                    switch PostingSections.kind(at: $0.0, in: sections) {
                    case .mention: return true
                    case .context: return !PostingSections.speaksOfTheRole(scalars, start: $0.0, end: $0.1, sentences: sentences)
                    case .requirement, .unknown, .desirable: return false
                    }
                }
                // Required spans first, then optional ones (`Optionality`); within each, requirement sections first, then the
                // rest (unknown), each in text order (the sort is stable).
                let optional = Dictionary(kept.map { s in
                    (SpanKey(start: s.0, end: s.1),
                     Optionality.isOptional(scalars, start: s.0, end: s.1, section: PostingSections.kind(at: s.0, in: sections)))
                }, uniquingKeysWith: { a, _ in a })
                let rank = { (s: (Int, Int)) -> Int in
                    (optional[SpanKey(start: s.0, end: s.1)] == true ? 2 : 0) + (PostingSections.kind(at: s.0, in: sections) == .requirement ? 0 : 1)
                }
                kept = kept.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
                desirable = !kept.isEmpty && kept.allSatisfy { optional[SpanKey(start: $0.0, end: $0.1)] == true }
            }
            if kept.isEmpty { continue }
            let evidence = kept.map { TextSpans.evidence(scalars, start: $0.0, end: $0.1, sentences: sentences) }
            matches.append(CompetencyMatch(id: id, count: kept.count,
                                           weight: CompetencyDetector.weight(count: kept.count), evidence: evidence, desirable: desirable))
        }
        matches.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.id < $1.id }
        return matches
    }

    /// A span as a dictionary key (not its offsets printed into a string: that was a few percent of a profile).
    struct SpanKey: Hashable { var start: Int; var end: Int }

    /// Saturating weight of `count` matched spans: `1 − exp(−count / 2)`.
    public static func weight(count: Int) -> Double {
        count <= 0 ? 0 : 1 - exp(-Double(count) / 2)
    }
}
