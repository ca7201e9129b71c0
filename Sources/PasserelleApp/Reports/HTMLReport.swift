import Foundation
import Competencies
import DocumentReaders
import Passerelle
import TextAnalysis

/// `html`: one self-contained page — inline CSS and SVG, system fonts, no script, no network — with
/// per query a ranked table (score, fit, posting, shared and missing competencies, language fit), the
/// competency heat map and the score chart (each with its data as a table), then each match's reasons
/// with the quotes from both texts (matched words in `<mark>`) and the terms that carry the score.
///
/// Written in the report's language (`Report.displayLanguage`: French unless every query is English),
/// dated by `Report.generated`. Readable from a 360 px phone (tables reflow into cards) to a desktop,
/// and printable (print styles: no backgrounds or shadows, figures kept whole, matches not split).
/// Every colour comes from `ReportPalette` (contrast tested).
enum HTMLReport {
    static func render(_ report: Report) -> String {
        let words = ReportWords(report.displayLanguage)
        let several = report.queries.count > 1
        var b = page(title: words.pageTitle(report), words: words)
        b += "<header>\n<p class=\"brand\">Passerelle</p>\n<h1>\(h(heading(report, words)))</h1>\n"
        if let day = report.generated { b += "<p class=\"meta\"><time datetime=\"\(h(day))\">\(h(words.generated(day)))</time></p>\n" }
        b += "</header>\n<main>\n"
        // The handout: what a job seeker reads and prints (≤ 2 pages for 5 matches).
        for q in report.queries { b += summary(q, several: several, words: words) }
        // The technical view, collapsed unless asked for (--details): scores, figures, quotes, terms, the model.
        b += "<details class=\"tech\" id=\"details\"\(report.detailsOpen ? " open" : "")>\n<summary class=\"tech-summary\">\(h(words.technicalSummary))</summary>\n"
        b += "<p class=\"meta\">" + h(words.modelLine(postings: report.model.postings, dimensions: report.model.dimensions, vocabulary: report.model.vocabulary,
                                                  analyzer: report.model.analyzer)) + "</p>\n"
        for q in report.queries {
            if let terms = q.json.terms, let known = q.json.knownTerms {
                b += "<p class=\"meta\">\(several ? h(q.label) + " : " : "")\(h(words.queryTerms(isCV: q.isCV, terms: terms, known: known)))</p>\n"
            }
        }
        b += "<section class=\"figures\">\n"
        let heat = HeatMap(report: report)
        b += "<figure class=\"card heat\" aria-labelledby=\"fig-heat-h\">\n<h2 id=\"fig-heat-h\">\(h(words.heatMapTitle))</h2>\n"
            + "<div class=\"scroll\">\(heat.svg(id: "fig-heat"))</div>\n"
            + "<figcaption>\(h(heat.oneQuery ? words.heatMapCaption(isCV: heat.isCV) : words.heatMapCaptionBatch))</figcaption>\n"
            + heat.table(id: "fig-heat") + "</figure>\n"
        for (i, q) in report.queries.prefix(several ? 40 : 1).enumerated() where !q.matches.isEmpty {
            let id = "fig-score-\(i + 1)"
            b += "<figure class=\"card chart\" aria-labelledby=\"\(id)-h\">\n<h2 id=\"\(id)-h\">\(h(words.scoreChartTitle))\(several ? " — " + h(q.label) : "")</h2>\n"
                + ScoreChart(query: q, words: words).html(id: id) + "<figcaption>\(h(words.scoreChartCaption))</figcaption>\n</figure>\n"
        }
        b += "</section>\n"
        for q in report.queries where !q.matches.isEmpty { b += details(q, several: several, words: words) }
        b += "<p class=\"meta\">\(h(words.footer))</p>\n</details>\n"
        b += "</main>\n<footer class=\"plain\">\(h(words.plainFooter))</footer>\n</body>\n</html>\n"
        return b
    }

    /// ` lang="en"` when a text in `language` sits on a page in another language (screen readers switch voice).
    static func langAttribute(_ language: Language?, _ words: ReportWords) -> String {
        guard let language, language == .fr || language == .en, language != words.language else { return "" }
        return " lang=\"\(language == .en ? "en" : "fr")\""
    }

    /// The document's head and the opening of its body.
    static func page(title: String, words: ReportWords, extraCSS: String = "") -> String {
        "<!DOCTYPE html>\n<html lang=\"\(words.code)\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>\(h(title)) — Passerelle</title>\n<style>\n\(ReportPalette.cssVariables)\(css)\(extraCSS)</style>\n</head>\n<body>\n"
    }

    static func heading(_ report: Report, _ words: ReportWords) -> String {
        guard report.queries.count == 1, let q = report.queries.first else { return words.candidatesScored(report.queries.count) }
        return report.command == "similar" ? words.headingSimilar(q.label) : words.headingRank(q.label)
    }

    /// Where, who, which contract, when, how much, and the link to apply: what a job seeker needs to act.
    static func facts(_ row: ReportMatch, words: ReportWords) -> String {
        var b = row.place.map { "<span class=\"place\">\(h($0))</span>" } ?? ""
        let parts = [row.metadata("contract").map(words.contract), row.metadata("date").map(words.posted), row.metadata("salary").map(words.salary)].compactMap { $0 }
        if !parts.isEmpty { b += "<span class=\"facts\">\(h(parts.joined(separator: " · ")))</span>" }
        if let url = row.applyURL {
            b += "<a class=\"apply\" href=\"\(h(url))\" rel=\"noopener noreferrer\" target=\"_blank\" aria-label=\"\(h(words.applyLabel(row.match.title)))\">\(h(words.apply))</a>"
        }
        return b
    }

    static func summary(_ q: ReportQuery, several: Bool, words: ReportWords) -> String {
        var b = "<section class=\"card\">\n<h2>\(several ? h(q.label) : h(words.rankedMatches)) <span class=\"qid\">\(h(q.id))</span></h2>\n"
        if !q.matches.isEmpty && !several { b += "<p class=\"intro\">\(h(words.intro(isCV: q.isCV, count: q.matches.count)))</p>\n" }
        if let warning = words.fr ? (q.warningFrench ?? q.json.warning) : q.json.warning { b += "<p class=\"warning\">⚠ \(h(warning))</p>\n" }
        if q.matches.isEmpty { return b + "<p class=\"empty\">\(h(words.noMatch))</p>\n</section>\n" }
        b += "<table class=\"matches reflow\">\n<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">\(h(words.fitColumn))</th><th scope=\"col\">\(h(words.postingColumn))</th>"
            + "<th scope=\"col\">\(h(words.sharedColumn))</th><th scope=\"col\">\(h(words.missingColumn))</th><th scope=\"col\">\(h(words.languagesColumn))</th></tr></thead>\n<tbody>\n"
        for row in q.matches {
            let m = row.match, e = row.explanation
            let score = Double(m.score)
            b += "<tr><td class=\"num rank\">\(m.rank)</td>"
            b += "<td class=\"score\"><span class=\"label \(row.fit.rawValue)\">\(h(words.fit(row)))</span>"
                + "<span class=\"bar\" aria-hidden=\"true\"><span style=\"width:\(fmt(max(0, min(1, score)) * 100))%;background:\(ReportPalette.scoreVariable(score))\"></span></span></td>"
            b += "<td class=\"posting\"><a href=\"#\(anchor(q, m))\" class=\"ptitle\"\(langAttribute(row.postingLanguage, words))>\(h(m.title))</a>"
                + facts(row, words: words) + "<span class=\"pid\">\(h(m.id))</span></td>"
            b += "<td data-label=\"\(h(words.sharedColumn))\">\(chips(e.shared.map(\.label), cls: "shared", words: words))</td>"
            b += "<td data-label=\"\(h(words.missingColumn))\">\(chips(e.missing.map(\.label), cls: "missing", words: words))</td>"
            b += "<td data-label=\"\(h(words.languagesColumn))\">\(e.languages.isEmpty ? "<span class=\"none\">—</span>" : e.languages.map { languageChip($0, words, queryIsCV: q.isCV) }.joined(separator: " "))</td></tr>\n"
        }
        return b + "</tbody>\n</table>\n</section>\n"
    }

    static func languageChip(_ l: LanguageFitResult, _ words: ReportWords, queryIsCV: Bool) -> String {
        "<span class=\"fit \(l.fit.rawValue)\">\(h(words.languageName(l.language))) : \(h(words.languageFit(l, queryIsCV: queryIsCV)))</span>"
            .replacingOccurrences(of: " : ", with: words.fr ? " : " : ": ")
    }

    /// The quote, escaped, with the matched words in <mark>.
    static func marked(_ e: Evidence) -> String {
        let p = e.quoteParts
        return p.match.isEmpty ? h(e.quote) : h(p.before) + "<mark>" + h(p.match) + "</mark>" + h(p.after)
    }

    static func chips(_ labels: [String], cls: String, words: ReportWords, limit: Int = 6) -> String {
        if labels.isEmpty { return "<span class=\"none\">—</span>" }
        var s = labels.prefix(limit).map { "<span class=\"chip \(cls)\">\(h($0))</span>" }.joined(separator: " ")
        if labels.count > limit { s += " <span class=\"more\">\(h(words.more(labels.count - limit)))</span>" }
        return s
    }

    static func anchor(_ q: ReportQuery, _ m: Match) -> String {
        "m-" + String((q.id + "-" + m.id).unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" })
    }

    static func details(_ q: ReportQuery, several: Bool, words: ReportWords) -> String {
        let source = words.source(isCV: q.isCV)
        var b = "<section class=\"details\">\n<h2>\(h(words.why(several ? q.label : nil)))</h2>\n"
        let queryLang = langAttribute(q.displayLanguage, words)
        for row in q.matches {
            let m = row.match, e = row.explanation
            let score = Double(m.score)
            let postingLang = langAttribute(row.postingLanguage, words)
            b += "<details open id=\"\(anchor(q, m))\" class=\"card match\">\n<summary><span class=\"rank\">\(m.rank)</span> <span class=\"stitle\"\(postingLang)>\(h(m.title))</span> "
                + "<span class=\"pid\">\(h(m.id))</span> <span class=\"val\" style=\"color:\(ReportPalette.scoreVariable(score))\">\(words.number(score))</span> "
                + "<span class=\"label \(row.fit.rawValue)\">\(h(words.fit(row)))</span></summary>\n"
                + (row.languageFactor < 1 ? "<p class=\"pid\">\(h(words.scoreFormula(similarity: Double(row.similarity), factor: Double(row.languageFactor))))</p>\n" : "")
            b += "<div class=\"grid\">\n<div>\n<h3>\(h(words.sharedCount(e.shared.count)))</h3>\n"
            if e.shared.isEmpty { b += "<p class=\"none\">\(h(words.noneShared))</p>\n" } else {
                b += "<ul class=\"evidence\">\n"
                for s in e.shared {
                    b += "<li><span class=\"chip shared\">\(h(s.label))</span>"
                        + "<blockquote><span class=\"src\">\(h(source))</span> <span\(queryLang)>\(words.quotedHTML(marked(s.queryEvidence)))</span></blockquote>"
                        + "<blockquote><span class=\"src\">\(h(words.postingSource))</span> <span\(postingLang)>\(words.quotedHTML(marked(s.postingEvidence)))</span></blockquote></li>\n"
                }
                b += "</ul>\n"
            }
            let notShown = row.json.competencies?.missingNotShown ?? 0
            b += "</div>\n<div>\n<h3>\(h(words.missingCount(e.missing.count + notShown)))</h3>\n"
            if e.missing.isEmpty { b += "<p class=\"none\">\(h(words.noneMissing(isCV: q.isCV)))</p>\n" } else {
                b += "<ul class=\"evidence\">\n"
                for s in e.missing {
                    b += "<li><span class=\"chip missing\">\(h(s.label))</span><blockquote><span class=\"src\">\(h(words.postingSource))</span> <span\(postingLang)>\(words.quotedHTML(marked(s.postingEvidence)))</span></blockquote></li>\n"
                }
                b += "</ul>\n"
                if notShown > 0 { b += "<p class=\"none\">\(h(words.missingNotShown(notShown)))</p>\n" }
            }
            b += "<h3>\(h(words.languageFitHeading))</h3>\n"
            if e.languages.isEmpty { b += "<p class=\"none\">\(h(words.noLanguage))</p>\n" } else {
                b += "<table class=\"langs reflow\"><thead><tr><th scope=\"col\">\(h(words.languageColumn))</th><th scope=\"col\">\(h(words.requiredColumn))</th>"
                    + "<th scope=\"col\">\(h(words.declaredColumn(queryIsCV: q.isCV)))</th><th scope=\"col\">\(h(words.fitColumn))</th></tr></thead><tbody>\n"
                for l in e.languages {
                    let req = h(words.level(l.required)) + (l.requiredEvidence.map { " <q\(postingLang)>\(marked($0))</q>" } ?? " <span class=\"none\">\(h(words.postingsLanguage))</span>")
                    let dec = (l.declared.map { h(words.level($0)) } ?? "—") + (l.declaredEvidence.map { " <q\(queryLang)>\(marked($0))</q>" } ?? "")
                    let need = l.desirable ? " <span class=\"none\">\(h(words.desirable))</span>" : ""
                    b += "<tr><td>\(h(words.languageName(l.language)))</td><td data-label=\"\(h(words.requiredColumn))\">\(req)\(need)</td>"
                        + "<td data-label=\"\(h(words.declaredColumn(queryIsCV: q.isCV)))\">\(dec)</td><td><span class=\"fit \(l.fit.rawValue)\">\(h(words.languageFit(l, queryIsCV: q.isCV)))</span></td></tr>\n"
                }
                b += "</tbody></table>\n"
            }
            b += terms(row, query: q, words: words)
            b += "</div>\n</div>\n</details>\n"
        }
        return b + "</section>\n"
    }

    /// The terms carrying the score, as bars proportional to their contribution.
    static func terms(_ row: ReportMatch, query: ReportQuery, words: ReportWords) -> String {
        let top = row.explanation.terms.filter { $0.contribution > 0 }.prefix(10)
        guard let largest = top.map(\.contribution).max(), largest > 0 else {
            return "<h3>\(h(words.topTerms))</h3>\n<p class=\"none\">\(h(words.termsUnavailable))</p>\n"
        }
        var b = "<h3>\(h(words.topTerms))</h3>\n<table class=\"terms\"><thead class=\"sr\"><tr><th scope=\"col\">\(h(words.termColumn))</th><th scope=\"col\"></th>"
            + "<th scope=\"col\">\(h(words.contributionColumn))</th></tr></thead><tbody>\n"
        for t in top {
            b += "<tr><td class=\"term\">\(h(query.written(t.term)))</td><td class=\"tbar\" aria-hidden=\"true\"><span style=\"width:\(fmt(Double(t.contribution / largest) * 100))%\"></span></td>"
                + "<td class=\"num\">+\(words.number(Double(t.contribution)))</td></tr>\n"
        }
        return b + "</tbody></table>\n"
    }

    /// The stylesheet (after the palette's `:root` variables). Colours only through `var(--…)`.
    static let css = """
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--ink); overflow-wrap: break-word;
           font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
    header { background: linear-gradient(120deg, var(--accent), var(--accent-dark)); color: var(--on-accent); padding: 24px max(16px, calc(50% - 600px)) 20px; }
    header h1 { margin: 4px 0 6px; font-size: 24px; font-weight: 650; line-height: 1.25; }
    header .meta { color: var(--header-meta); margin: 0; }
    .brand { margin: 0; text-transform: uppercase; letter-spacing: 0.14em; font-size: 12px; font-weight: 700; color: var(--header-brand); }
    main { max-width: 1200px; margin: 0 auto; padding: 20px 24px 8px; }
    h2 { font-size: 19px; margin: 0 0 12px; font-weight: 650; }
    h3 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 14px 0 6px; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 0 0 18px; min-width: 0; }
    .meta, .pid, .qid { color: var(--muted); }
    .qid { font-size: 13px; font-weight: 400; margin-left: 6px; }
    .pid { display: block; font-size: 12px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    summary .pid { display: inline; }
    table { border-collapse: collapse; width: 100%; }
    caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
    th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted);
         font-weight: 600; border-bottom: 2px solid var(--line); padding: 6px 8px; }
    td { border-bottom: 1px solid var(--line); padding: 9px 8px; vertical-align: top; }
    tbody tr:hover { background: var(--row-hover); }
    td.num, th.num { text-align: right; color: var(--muted); white-space: nowrap; }
    table.data td.num { white-space: normal; }
    table.matches { table-layout: fixed; }
    table.matches th:nth-child(1) { width: 2.5em; } table.matches th:nth-child(2) { width: 9em; white-space: nowrap; } table.matches th:nth-child(3) { width: 28%; }
    table.matches th:nth-child(6) { width: 10em; }
    .val { font-weight: 700; font-variant-numeric: tabular-nums; }
    .bar { display: block; height: 6px; background: var(--track); border-radius: 3px; margin: 4px 0 2px; width: 6.5em; }
    .bar span { display: block; height: 6px; border-radius: 3px; }
    a.ptitle { color: var(--ink); font-weight: 600; text-decoration: none; }
    a.ptitle:hover { text-decoration: underline; }
    .place { display: block; font-size: 0.9em; }
    .facts { display: block; font-size: 0.85em; color: var(--muted); }
    a.apply { display: inline-block; margin: 4px 0 2px; padding: 2px 12px; border-radius: 6px; background: var(--accent); color: var(--on-accent);
              font-weight: 650; font-size: 13.5px; text-decoration: none; }
    a.apply:hover, a.apply:focus { text-decoration: underline; }
    .intro { margin: 0 0 10px; }
    details.tech { margin: 8px 0 18px; }
    details.tech > summary { cursor: pointer; font-weight: 650; font-size: 16px; color: var(--accent); padding: 8px 0; }
    .chip { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12.5px; margin: 1px 0; max-width: 100%; }
    .chip.shared { background: var(--shared); color: var(--shared-ink); border: 1px solid var(--shared-border); }
    .chip.missing { background: var(--missing); color: var(--missing-ink); border: 1px dashed var(--missing-ink); }
    .more, .none { color: var(--muted); font-size: 13px; }
    .label { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; font-weight: 600; }
    .label.strong, .fit.met { background: var(--strong); color: var(--strong-ink); }
    .label.possible, .fit.partly, p.warning { background: var(--possible); color: var(--possible-ink); }
    .label.weak, .fit.unmet { background: var(--weak); color: var(--weak-ink); }
    p.warning { padding: 6px 10px; border-radius: 4px; }
    .fit { display: inline-block; padding: 1px 7px; border-radius: 4px; font-size: 12.5px; font-weight: 600; margin: 1px 0; }
    mark { background: var(--mark); color: var(--ink); padding: 0 1px; border-radius: 2px; }
    .figures figure { margin: 0 0 18px; }
    figcaption { color: var(--muted); font-size: 13px; margin-top: 8px; }
    .scroll { overflow-x: auto; max-width: 100%; }
    svg { display: block; font-family: inherit; }
    svg.heatmap { width: 100%; height: auto; min-width: min(100%, 300px); }
    svg text { font-size: 11px; fill: var(--ink); }
    svg text.colhead { font-size: 12px; font-weight: 600; }
    svg text.legend { fill: var(--muted); }
    details.data { margin-top: 8px; font-size: 13px; }
    details.data > summary { cursor: pointer; color: var(--accent); }
    table.data td, table.data th { padding: 3px 6px; font-size: 12px; }
    table.data th[scope=row] { text-transform: none; letter-spacing: 0; font-weight: 500; color: var(--ink); }
    ol.key { margin: 8px 0 0; padding-left: 0; list-style: none; columns: 2 18em; }
    table.scorechart td { padding: 6px 8px; }
    td.chart { width: 55%; }
    .ctitle { display: block; font-size: 13.5px; line-height: 1.3; }
    .bars { position: relative; display: block; height: 16px; margin-top: 4px; background: var(--track); border-radius: 3px; }
    .bars .sim { position: absolute; left: 0; top: 0; height: 6px; background: var(--similarity-bar); border-radius: 3px 3px 0 0; }
    .bars .scr { position: absolute; left: 0; top: 6px; height: 10px; border-radius: 0 0 3px 3px; }
    .bars .tick { position: absolute; top: -3px; bottom: -3px; border-left: 2px solid var(--ink); }
    .details h2 { margin-top: 8px; }
    details.match > summary { cursor: pointer; font-weight: 650; font-size: 16px; list-style: none; }
    details.match > summary::-webkit-details-marker { display: none; }
    summary .rank { display: inline-block; min-width: 1.8em; height: 1.8em; line-height: 1.8em; text-align: center; border-radius: 50%;
                    background: var(--accent); color: var(--on-accent); font-size: 13px; margin-right: 6px; }
    summary .pid { font-weight: 400; margin: 0 8px; }
    .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8px 28px; margin-top: 6px; }
    ul.evidence { list-style: none; padding: 0; margin: 0; }
    ul.evidence li { margin: 0 0 10px; }
    blockquote { margin: 3px 0 0 10px; padding: 1px 0 1px 10px; border-left: 3px solid var(--line); color: var(--quote-ink); font-size: 13.5px; }
    .src { font-size: 11px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin-right: 4px; }
    q { color: var(--quote-ink); font-size: 13px; }
    table.langs td, table.terms td { padding: 5px 8px; font-size: 13.5px; }
    td.term { width: 40%; }
    td.tbar span { display: block; height: 8px; border-radius: 4px; background: var(--term-bar); margin-top: 6px; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
    footer { max-width: 1200px; margin: 0 auto; padding: 8px 24px 32px; color: var(--muted); font-size: 12.5px; }
    @media (max-width: 800px) { .grid { grid-template-columns: minmax(0, 1fr); } }
    @media (max-width: 700px) {
      body { font-size: 14px; }
      header { padding: 18px 14px 16px; } header h1 { font-size: 20px; }
      main { padding: 12px 10px 4px; } footer { padding: 8px 12px 24px; }
      .card { padding: 14px 12px; border-radius: 8px; }
      table.reflow, table.reflow tbody, table.reflow tr, table.reflow td { display: block; width: auto !important; }
      table.reflow thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); }
      table.reflow tr { border-bottom: 1px solid var(--line); padding: 8px 0; }
      table.reflow td { border: 0; padding: 2px 0; }
      table.reflow td[data-label]::before { content: attr(data-label) " "; display: block; font-size: 11px; text-transform: uppercase;
                                            letter-spacing: 0.05em; color: var(--muted); }
      table.matches td.rank { float: left; width: 2em !important; text-align: left; font-weight: 700; color: var(--ink); }
      table.matches td.score { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 8px; }
      table.matches td.score .bar { margin: 0; }
      table.reflow caption { display: block; }
      table.scorechart td.num, table.scorechart td:last-child { display: inline-block; padding-right: 14px; }
      table.scorechart td.num[data-label]::before { display: inline; }
      table.scorechart td:first-child { float: left; width: 2em !important; }
      summary .pid { display: block; margin: 2px 0 0; }
    }
    @media print {
      @page { margin: 12mm 11mm; }
      details.tech:not([open]) { display: none; }
      footer.plain { display: none; }   /* one line about the software: not worth a sheet of its own */
      a.apply { background: none; color: var(--ink); border: 1px solid var(--ink); padding: 0 6px; font-size: 8pt; }
      a.apply::after { content: " " attr(href); font-weight: 400; }
      .facts { font-size: 7.5pt; }
      body { background: none; font-size: 9pt; line-height: 1.3; }
      header { background: none; color: var(--ink); padding: 0 0 6px; border-bottom: 2px solid var(--ink); }
      header .meta, .brand { color: var(--muted); }
      header h1 { font-size: 14pt; }
      main { max-width: none; padding: 6px 0 0; }
      h2 { font-size: 12pt; margin: 0 0 6px; }
      h3 { font-size: 8pt; margin: 8px 0 3px; }
      .card { border: 0; border-top: 1px solid var(--line); border-radius: 0; padding: 6px 0; margin: 0 0 6px; }
      th { font-size: 7.5pt; padding: 3px 4px; }
      td { padding: 4px 4px; }
      table.matches th:nth-child(2) { width: 6.5em; } table.matches th:nth-child(3) { width: 26%; } table.matches th:nth-child(6) { width: 7.5em; }
      .chip, .fit, .label, .more, .none { font-size: 7.5pt; padding: 0 4px; }
      .pid, .place { font-size: 7.5pt; }
      figure { break-inside: avoid; }
      .scroll { overflow: visible; }
      svg.heatmap { width: auto; height: auto; max-width: 100%; max-height: 200mm; min-width: 0; }
      details.data { display: none; }
      tbody tr:hover { background: none; }
      tr, .bars, summary { break-inside: avoid; }
      table.terms, table.langs { break-inside: avoid; }   /* a dozen rows: whole on one page, not a few left over */
      h2, h3, summary { break-after: avoid; }
      .details h2 { break-before: page; }
      details.match { border-top: 2px solid var(--line); }
      details.match > summary { font-size: 10pt; }
      summary .rank { font-size: 8pt; }
      ul.evidence li { margin: 0 0 5px; }
      blockquote { font-size: 8pt; margin: 1px 0 0 6px; padding: 0 0 0 6px; }
      q { font-size: 8pt; }
      table.langs td, table.terms td { padding: 2px 4px; font-size: 8pt; }
      td.tbar span { height: 6px; margin-top: 4px; }
      .grid { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2px 14px; }
      footer { padding: 6px 0 0; font-size: 8pt; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}

/// Escapes text for HTML and SVG content and attribute values: `& < > " '`; control characters from ids,
/// titles and CV text (ESC, BEL, NUL, C1, bidi overrides) become visible stand-ins (`TerminalText.csvCell`,
/// the one sanitizer: ESC → "␛"), so a page saved, printed or copied to a terminal carries none of them.
func h(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for ch in TerminalText.csvCell(s) {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}
