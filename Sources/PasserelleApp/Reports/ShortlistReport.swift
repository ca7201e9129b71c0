import Foundation
import Competencies
import TextAnalysis
import Passerelle
import DocumentReaders

/// `batch --format html`: the shortlist page. For each posting (those `--where` keeps), its top
/// candidates side by side — rank, score (the batch's raw similarity), fit label, shared and missing
/// competencies, language fit — so a counsellor compares the people for one job at a glance.
///
/// Built after the run from the postings' rankings (`BatchScorer.postingRankings`): the candidates
/// that made a shortlist are read again from the pool (nothing else is kept during the run) and each
/// candidate → posting pair is explained by the one explainer of `rank` (`MatchExplainer`), with the
/// fit label of `batch --explain`. Bounded: a page holds at most `maxCells` postings × top.
public enum ShortlistReport {
    /// Largest postings × `--top` a page may hold (above it `batch --format html` is refused up front).
    public static let maxCells = 1000

    /// Refuses a shortlist page too big to read (or to build in memory).
    public static func checkSize(postings: Int, top: Int) throws {
        guard postings * top <= maxCells else {
            throw UserError("--format html shows at most \(maxCells) postings × top candidates on one page (here \(postings) postings × --top \(top) = \(postings * top)); keep fewer postings with --where, lower --top, or use jsonl/csv/json")
        }
    }

    /// One candidate of a posting's shortlist, explained.
    struct Entry {
        var rank: Int
        var id: String
        var label: String
        var score: Float
        var fit: FitLabel
        var shared: [String]
        var missing: [String]
        var languages: [LanguageFitResult]
        var warning: Bool
        var language: Language
    }

    /// The page, from each shown posting's candidates (model index, candidates best first).
    /// - Parameters:
    ///   - source/slice: the pool the run read, to read the shortlisted candidates again.
    ///   - scored: candidates scored in the run (for the page's first line).
    static func render(shortlists: [(posting: Int, candidates: [CandidateScore])], loaded: ModelProvider.Loaded, source: CandidateSource,
                       slice: Range<Int>, scored: Int, top: Int, date: String?) throws -> String {
        let entries = try explain(shortlists: shortlists, loaded: loaded, source: source, slice: slice)
        let all = entries.values.flatMap { $0 }
        let language: Language = !all.isEmpty && all.allSatisfy { $0.language == .en } ? .en : .fr
        return page(shortlists: shortlists, entries: entries, loaded: loaded, scored: scored, top: top, date: date, language: language)
    }

    /// Posting index → its explained shortlist.
    static func explain(shortlists: [(posting: Int, candidates: [CandidateScore])], loaded: ModelProvider.Loaded, source: CandidateSource,
                        slice: Range<Int>) throws -> [Int: [Entry]] {
        var wanted = [String: [(posting: Int, rank: Int, candidate: CandidateScore)]]()
        for (j, list) in shortlists {
            for (r, c) in list.enumerated() { wanted[c.id, default: []].append((j, r + 1, c)) }
        }
        var entries = [Int: [Entry]]()
        guard !wanted.isEmpty else { return entries }
        let matcher = Matcher(model: loaded.model, featurizer: loaded.featurizer)
        let cache = PostingProfileCache(loaded: loaded)
        let taxonomy = loaded.pipeline.detector?.taxonomy
        var left = wanted.count
        try source.forEach(in: slice) { _, document, _ in
            guard let document, let pairs = wanted.removeValue(forKey: document.id) else { return true }
            let analyzed = loaded.pipeline.analyze(document.text)
            let folded = try? matcher.fold(analyzed, name: document.id)
            let explainer = MatchExplainer(loaded: loaded, matcher: matcher, query: analyzed, queryIsCV: true, postingProfiles: cache)
            let warning = EvidenceCheck.warning(knownTerms: folded.map { $0.coverage.total - $0.coverage.unseen },
                                                competencies: taxonomy != nil ? explainer.queryProfile.competencies.competencies.count : nil)
            for (j, rank, c) in pairs {
                let match = Match(rank: rank, index: j, id: loaded.model.postings.ids[j], title: loaded.model.postings.title(at: j), score: c.score)
                let e = try explainer.explain(match, query: nil)
                let fit = FitLabel.label(score: c.score, shared: taxonomy != nil ? e.shared.count : nil, lowEvidence: warning != nil,
                                         requirements: taxonomy != nil ? e.requirements : nil)
                entries[j, default: []].append(Entry(rank: rank, id: c.id, label: c.title.isEmpty ? c.id : c.title, score: c.score, fit: fit,
                                                     shared: e.shared.map(\.id), missing: e.missing.map(\.id), languages: e.languages,
                                                     warning: warning != nil, language: explainer.queryProfile.displayLanguage))
            }
            left -= 1
            return left > 0
        }
        for j in entries.keys { entries[j]!.sort { $0.rank < $1.rank } }
        return entries
    }

    static func page(shortlists: [(posting: Int, candidates: [CandidateScore])], entries: [Int: [Entry]], loaded: ModelProvider.Loaded,
                     scored: Int, top: Int, date: String?, language: Language) -> String {
        let words = ReportWords(language)
        let taxonomy = loaded.pipeline.detector?.taxonomy
        func label(_ id: String) -> String { taxonomy?.label(id: id, language: language) ?? id }
        let model = loaded.model
        var b = HTMLReport.page(title: words.shortlistTitle, words: words, extraCSS: css)
        b += "<header>\n<p class=\"brand\">Passerelle</p>\n<h1>\(h(words.shortlistTitle))</h1>\n<p class=\"meta\">"
            + (date.map { "<time datetime=\"\(h($0))\">\(h(words.generated($0)))</time> · " } ?? "")
            + h(words.modelLine(postings: model.postingCount, dimensions: model.dimensions, vocabulary: model.vectorizer.vocabularySize,
                                analyzer: model.settings.analyzer)) + "</p>\n</header>\n<main class=\"shortlist\">\n"
        b += "<p class=\"intro\">\(h(words.shortlistIntro(candidates: scored, postings: shortlists.count, top: top)))<br><span class=\"meta\">\(h(words.shortlistScoreNote))</span></p>\n"
        if shortlists.count > 1 {
            b += "<nav class=\"card toc\"><ol>" + shortlists.map { j, _ in
                "<li><a href=\"#p-\(anchor(model.postings.ids[j]))\">\(h(model.postings.title(at: j).isEmpty ? model.postings.ids[j] : model.postings.title(at: j)))</a></li>"
            }.joined() + "</ol></nav>\n"
        }
        for (j, _) in shortlists {
            let id = model.postings.ids[j], title = model.postings.title(at: j)
            let metadata = model.postings.record(at: j).metadata
            let place = ["organization", "location"].compactMap { metadata[$0] }.filter { !$0.isEmpty }.joined(separator: " — ")
            b += "<section class=\"card posting\" id=\"p-\(anchor(id))\">\n<h2>\(h(title.isEmpty ? id : title))</h2>\n"
                + (place.isEmpty ? "" : "<p class=\"place\">\(h(place))</p>") + "<p class=\"pid\">\(h(id))</p>\n"
            let list = entries[j] ?? []
            if list.isEmpty { b += "<p class=\"none\">\(h(words.noCandidate))</p>\n</section>\n"; continue }
            b += "<ol class=\"side\">\n"
            for e in list {
                let score = Double(e.score)
                b += "<li class=\"candidate\"><p class=\"who\"><span class=\"rank\">\(e.rank)</span> <span class=\"cname\">\(h(e.label))</span>"
                    + (e.label == e.id ? "" : "<span class=\"pid\">\(h(e.id))</span>") + "</p>"
                b += "<p class=\"score\"><span class=\"val\" style=\"color:\(ReportPalette.scoreVariable(score))\">\(words.number(score))</span> "
                    + "<span class=\"label \(e.fit.rawValue)\">\(h(words.fit(e.fit)))</span>\(e.warning ? " <span class=\"none\">⚠</span>" : "")"
                    + "<span class=\"bar\" aria-hidden=\"true\"><span style=\"width:\(fmt(max(0, min(1, score)) * 100))%;background:\(ReportPalette.scoreVariable(score))\"></span></span></p>"
                b += "<h3>\(h(words.sharedCount(e.shared.count)))</h3><p>\(HTMLReport.chips(e.shared.map(label), cls: "shared", words: words, limit: 8))</p>"
                b += "<h3>\(h(words.missingCount(e.missing.count)))</h3><p>\(HTMLReport.chips(e.missing.map(label), cls: "missing", words: words, limit: MissingList.shownByDefault))</p>"
                b += "<h3>\(h(words.languagesColumn))</h3><p>"
                    + (e.languages.isEmpty ? "<span class=\"none\">—</span>" : e.languages.map { HTMLReport.languageChip($0, words, queryIsCV: true) }.joined(separator: " ")) + "</p></li>\n"
            }
            b += "</ol>\n</section>\n"
        }
        b += "</main>\n<footer>\(h(words.footer))</footer>\n</body>\n</html>\n"
        return b
    }

    static func anchor(_ id: String) -> String {
        String(id.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" })
    }

    /// Added to the report's stylesheet: candidates side by side in a grid that wraps (one column on a phone).
    static let css = """
    .intro { margin: 0 0 16px; }
    nav.toc ol { margin: 0; padding-left: 2em; columns: 2 22em; column-gap: 3em; font-size: 13.5px; }
    nav.toc li { break-inside: avoid; }
    nav.toc a { color: var(--ink); }
    section.posting h2 { margin-bottom: 2px; }
    section.posting .place, section.posting .pid { margin: 0; }
    ol.side { list-style: none; margin: 12px 0 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 210px), 1fr)); gap: 12px; }
    li.candidate { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; min-width: 0; }
    li.candidate p { margin: 0 0 4px; }
    li.candidate h3 { margin: 8px 0 2px; font-size: 11px; }
    .who { font-weight: 650; }
    .who .rank { display: inline-block; min-width: 1.7em; height: 1.7em; line-height: 1.7em; text-align: center; border-radius: 50%;
                 background: var(--accent); color: var(--on-accent); font-size: 12px; margin-right: 4px; }
    .who .pid { font-weight: 400; }
    @media print { ol.side { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 6px; } li.candidate { break-inside: avoid; padding: 6px 8px; }
                   nav.toc { display: none; } section.posting { break-inside: auto; } }

    """
}
