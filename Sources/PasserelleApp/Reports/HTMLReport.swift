import Foundation
import Competencies
import Passerelle

/// `html`: one self-contained page — inline CSS and SVG, system fonts, no script, no network — with
/// per query a ranked table (score, posting, shared and missing competencies, language fit), the
/// competency heat map, the map of the postings in the LSA space, then each match's reasons with the
/// quotes from both texts and the terms that carry the score.
enum HTMLReport {
    static func render(_ report: Report) -> String {
        let title = report.queries.count == 1 ? "\(report.command): \(report.queries[0].label)" : "\(report.command): \(report.queries.count) queries"
        let lang = report.queries.first?.displayLanguage == .en ? "en" : "fr"
        var b = "<!DOCTYPE html>\n<html lang=\"\(lang)\">\n<head>\n<meta charset=\"utf-8\">\n"
        b += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        b += "<title>Passerelle — \(h(title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"
        b += "<header>\n<p class=\"brand\">Passerelle</p>\n<h1>\(h(heading(report)))</h1>\n"
        b += "<p class=\"meta\">Model: \(report.model.postings) postings · \(report.model.dimensions) latent dimensions · "
            + "\(report.model.vocabulary) terms · analyzer \(h(report.model.analyzer))</p>\n</header>\n<main>\n"
        for q in report.queries { b += summary(q, several: report.queries.count > 1) }
        b += "<section class=\"figures\">\n"
        b += "<figure class=\"card\">\n<h2>Competencies</h2>\n<div class=\"scroll\">\(HeatMap(report: report).svg())</div>\n"
        b += "<figcaption>\(report.queries.count == 1 ? "The query and its best matches (rows) against the competencies any of them shows (columns). A darker cell: the competency comes up more often in that text." : "Candidates (rows) against the competencies they show (columns). A darker cell: the competency comes up more often in that CV.")</figcaption>\n</figure>\n"
        if let map = report.map {
            b += "<figure class=\"card\">\n<h2>Map of the postings</h2>\n<div class=\"scroll\">\(PostingMapSVG(report: report, map: map).svg())</div>\n"
            b += "<figcaption>Each dot is a posting of the model, placed by the two directions along which the postings differ most "
                + "in the latent space (principal components of the centered posting vectors). Close dots share vocabulary and themes; "
                + "the share of the spread each axis shows is given on it.</figcaption>\n</figure>\n"
        }
        b += "</section>\n"
        for q in report.queries where !q.matches.isEmpty { b += details(q, several: report.queries.count > 1) }
        b += "</main>\n<footer>Made offline by passerelle. Scores are cosines in the latent space, in [−1, 1]; "
            + "a term’s contribution is its share of the score (contributions sum to the score).</footer>\n</body>\n</html>\n"
        return b
    }

    static func heading(_ report: Report) -> String {
        guard report.queries.count == 1, let q = report.queries.first else { return "\(report.queries.count) candidates scored" }
        switch report.command {
        case "similar": return "Postings similar to “\(q.label)”"
        default: return "Postings for “\(q.label)”"
        }
    }

    static func summary(_ q: ReportQuery, several: Bool) -> String {
        var b = "<section class=\"card\">\n<h2>\(several ? h(q.label) : "Ranked matches") <span class=\"qid\">\(h(q.id))</span></h2>\n"
        if let terms = q.json.terms, let known = q.json.knownTerms {
            b += "<p class=\"meta\">\(q.isCV ? "CV" : "Query") of \(terms) terms, \(known) known to the model.</p>\n"
        }
        if let warning = q.json.warning { b += "<p class=\"warning\">⚠ \(h(warning))</p>\n" }
        if q.matches.isEmpty { return b + "<p class=\"empty\">No match.</p>\n</section>\n" }
        b += "<table class=\"matches\">\n<thead><tr><th class=\"num\">#</th><th>Score</th><th>Posting</th><th>Shared competencies</th><th>Missing competencies</th><th>Languages</th></tr></thead>\n<tbody>\n"
        for row in q.matches {
            let m = row.match, e = row.explanation
            let score = Double(m.score)
            b += "<tr><td class=\"num\">\(m.rank)</td>"
            b += "<td class=\"score\"><span class=\"val\" style=\"color:\(scoreColour(score))\">\(String(format: "%.3f", score))</span>"
                + "<span class=\"bar\"><span style=\"width:\(fmt(max(0, min(1, score)) * 100))%;background:\(scoreColour(score))\"></span></span>"
                + " <span class=\"label \(row.fit.rawValue)\">\(row.fit.rawValue)</span>"
                + (row.languageFactor < 1 ? "<div class=\"pid\">\(String(format: "similarity %.3f × %.2f", row.similarity, row.languageFactor))</div>" : "") + "</td>"
            b += "<td class=\"posting\"><a href=\"#\(anchor(q, m))\" class=\"ptitle\">\(h(m.title))</a>"
                + (row.place.map { "<div class=\"place\">\(h($0))</div>" } ?? "") + "<div class=\"pid\">\(h(m.id))</div></td>"
            b += "<td>\(chips(e.shared.map(\.label), cls: "shared"))</td>"
            b += "<td>\(chips(e.missing.map(\.label), cls: "missing"))</td>"
            b += "<td>\(e.languages.isEmpty ? "<span class=\"none\">—</span>" : e.languages.map { "<span class=\"fit \($0.fit.rawValue)\">\(h($0.language)) \(h($0.fit.rawValue))</span>" }.joined(separator: " "))</td></tr>\n"
        }
        return b + "</tbody>\n</table>\n</section>\n"
    }

    /// The quote, escaped, with the matched words in <mark>.
    static func marked(_ e: Evidence) -> String {
        let p = e.quoteParts
        return p.match.isEmpty ? h(e.quote) : h(p.before) + "<mark>" + h(p.match) + "</mark>" + h(p.after)
    }

    static func chips(_ labels: [String], cls: String, limit: Int = 6) -> String {
        if labels.isEmpty { return "<span class=\"none\">—</span>" }
        var s = labels.prefix(limit).map { "<span class=\"chip \(cls)\">\(h($0))</span>" }.joined(separator: " ")
        if labels.count > limit { s += " <span class=\"more\">+\(labels.count - limit)</span>" }
        return s
    }

    static func anchor(_ q: ReportQuery, _ m: Match) -> String {
        "m-" + String((q.id + "-" + m.id).unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" })
    }

    static func details(_ q: ReportQuery, several: Bool) -> String {
        let source = q.isCV ? "CV" : "Query"
        var b = "<section class=\"details\">\n<h2>Why these matches\(several ? " — " + h(q.label) : "")</h2>\n"
        for row in q.matches {
            let m = row.match, e = row.explanation
            b += "<details open id=\"\(anchor(q, m))\" class=\"card\">\n<summary><span class=\"rank\">\(m.rank)</span> \(h(m.title)) "
                + "<span class=\"pid\">\(h(m.id))</span> <span class=\"val\" style=\"color:\(scoreColour(Double(m.score)))\">\(String(format: "%.3f", m.score))</span> <span class=\"label \(row.fit.rawValue)\">\(row.fit.rawValue)</span></summary>\n"
            b += "<div class=\"grid\">\n<div>\n<h3>Shared competencies (\(e.shared.count))</h3>\n"
            if e.shared.isEmpty { b += "<p class=\"none\">None found in both texts.</p>\n" } else {
                b += "<ul class=\"evidence\">\n"
                for s in e.shared {
                    b += "<li><span class=\"chip shared\">\(h(s.label))</span>"
                        + "<blockquote><span class=\"src\">\(source)</span> “\(marked(s.queryEvidence))”</blockquote>"
                        + "<blockquote><span class=\"src\">Posting</span> “\(marked(s.postingEvidence))”</blockquote></li>\n"
                }
                b += "</ul>\n"
            }
            b += "</div>\n<div>\n<h3>Missing competencies (\(e.missing.count))</h3>\n"
            if e.missing.isEmpty { b += "<p class=\"none\">The posting asks for nothing the \(source.lowercased()) lacks.</p>\n" } else {
                b += "<ul class=\"evidence\">\n"
                for s in e.missing {
                    b += "<li><span class=\"chip missing\">\(h(s.label))</span><blockquote><span class=\"src\">Posting</span> “\(marked(s.postingEvidence))”</blockquote></li>\n"
                }
                b += "</ul>\n"
            }
            b += "<h3>Language fit</h3>\n"
            if e.languages.isEmpty { b += "<p class=\"none\">No language requirement found.</p>\n" } else {
                b += "<table class=\"langs\"><thead><tr><th>Language</th><th>Required</th><th>Declared</th><th>Fit</th></tr></thead><tbody>\n"
                for l in e.languages {
                    let req = l.required.name + (l.requiredEvidence.map { " <q>\(h($0.quote))</q>" } ?? " <span class=\"none\">(posting’s language)</span>")
                    let dec = (l.declared?.name ?? "—") + (l.declaredEvidence.map { " <q>\(h($0.quote))</q>" } ?? "")
                    let need = l.desirable ? " <span class=\"none\">(desirable)</span>" : ""
                    b += "<tr><td>\(h(l.language))</td><td>\(req)\(need)</td><td>\(dec)</td><td><span class=\"fit \(l.fit.rawValue)\">\(h(l.fit.rawValue))</span></td></tr>\n"
                }
                b += "</tbody></table>\n"
            }
            b += terms(row, query: q)
            b += "</div>\n</div>\n</details>\n"
        }
        return b + "</section>\n"
    }

    /// The terms carrying the score, as bars proportional to their contribution.
    static func terms(_ row: ReportMatch, query: ReportQuery) -> String {
        let top = row.explanation.terms.filter { $0.contribution > 0 }.prefix(10)
        guard let largest = top.map(\.contribution).max(), largest > 0 else {
            return "<h3>Top terms</h3>\n<p class=\"none\">Not available (the query's text is not stored in the model).</p>\n"
        }
        var b = "<h3>Top terms</h3>\n<table class=\"terms\"><tbody>\n"
        for t in top {
            b += "<tr><td class=\"term\">\(h(query.written(t.term)))</td><td class=\"tbar\"><span style=\"width:\(fmt(Double(t.contribution / largest) * 100))%\"></span></td>"
                + "<td class=\"num\">+\(String(format: "%.3f", t.contribution))</td></tr>\n"
        }
        return b + "</tbody></table>\n"
    }

    static let css = """
    :root { --ink: #1d2330; --muted: #5f6b7a; --line: #e3e7ee; --bg: #f5f7fa; --card: #ffffff; --accent: #0b5e6e;
            --shared: #e3f4f1; --shared-ink: #0b5e55; --missing: #fdf0e1; --missing-ink: #8a4b08; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--ink);
           font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
    header { background: linear-gradient(120deg, #0b5e6e, #16405e); color: #fff; padding: 28px max(24px, calc(50% - 600px)) 24px; }
    header h1 { margin: 4px 0 6px; font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
    header .meta { color: #d3e6ea; margin: 0; }
    .brand { margin: 0; text-transform: uppercase; letter-spacing: 0.14em; font-size: 12px; font-weight: 700; color: #9fd6df; }
    main { max-width: 1200px; margin: 0 auto; padding: 20px 24px 8px; }
    h2 { font-size: 19px; margin: 0 0 12px; font-weight: 650; }
    h3 { font-size: 13px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 14px 0 6px; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 0 0 18px;
            box-shadow: 0 1px 2px rgba(20, 30, 50, 0.04); }
    .meta, .pid, .qid { color: var(--muted); }
    .qid { font-size: 13px; font-weight: 400; margin-left: 6px; }
    .pid { font-size: 12px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    table { border-collapse: collapse; width: 100%; }
    th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted);
         font-weight: 600; border-bottom: 2px solid var(--line); padding: 6px 8px; }
    td { border-bottom: 1px solid var(--line); padding: 9px 8px; vertical-align: top; }
    tbody tr:hover { background: #fafbfd; }
    td.num, th.num { text-align: right; width: 2.5em; color: var(--muted); }
    table.matches { table-layout: fixed; }
    table.matches th:nth-child(2) { width: 7.5em; } table.matches th:nth-child(3) { width: 29%; }
    table.matches th:nth-child(6) { width: 8.5em; }
    td.score { white-space: nowrap; }
    .val { font-weight: 700; font-variant-numeric: tabular-nums; }
    .bar { display: block; height: 5px; background: #edf0f4; border-radius: 3px; margin-top: 4px; width: 5.5em; }
    .bar span { display: block; height: 5px; border-radius: 3px; }
    a.ptitle { color: var(--ink); font-weight: 600; text-decoration: none; }
    a.ptitle:hover { text-decoration: underline; }
    .place { font-size: 0.9em; }
    .chip { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12.5px; margin: 1px 0; max-width: 100%; }
    .chip.shared { background: var(--shared); color: var(--shared-ink); border: 1px solid #b9e2da; }
    .chip.missing { background: var(--missing); color: var(--missing-ink); border: 1px solid #f3d3ac; }
    .more, .none { color: var(--muted); font-size: 13px; }
    .label { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; font-weight: 600; }
    .label.strong { background: #e2f4e8; color: #1a6b3c; } .label.possible { background: #fdf3d8; color: #8a5a00; } .label.weak { background: #fbe4e2; color: #9b2c24; }
    p.warning { background: #fdf3d8; color: #8a5a00; padding: 6px 10px; border-radius: 4px; }
    .fit { display: inline-block; padding: 1px 7px; border-radius: 4px; font-size: 12.5px; font-weight: 600; margin: 1px 0; }
    .fit.met { background: #e2f4e8; color: #1a6b3c; } .fit.partly { background: #fdf3d8; color: #8a5a00; } .fit.unmet { background: #fbe4e2; color: #9b2c24; }
    .figures figure { margin: 0 0 18px; }
    figcaption { color: var(--muted); font-size: 13px; margin-top: 8px; max-width: 70em; }
    .scroll { overflow-x: auto; }
    svg { display: block; height: auto; font-family: inherit; }
    svg.map { max-width: 100%; }
    svg.heatmap { max-width: none; }
    svg text { font-size: 11.5px; fill: var(--ink); }
    svg.map text.mlabel, svg.map text.qlabel { font-size: 12.5px; }
    svg text.col { font-size: 11px; fill: #334; }
    svg text.row.q, svg text.qlabel { font-weight: 700; }
    svg .qrow { fill: #eef3f8; }
    svg .shared { fill: #ffffff; stroke: #0b5e6e; stroke-width: 1.2; }
    svg text.legend, svg .legend text { font-size: 11.5px; fill: var(--muted); }
    svg .frame { fill: #fbfcfd; stroke: var(--line); }
    svg .leader { stroke: #8a96a6; stroke-width: 0.8; }
    svg .axis { stroke: #d5dbe3; stroke-dasharray: 4 4; }
    svg .axislabel { fill: var(--muted); font-size: 11px; }
    svg .posting { fill: #aab4c0; fill-opacity: 0.75; }
    svg .matched { fill: #2a8a9b; stroke: #fff; stroke-width: 1.5; }
    svg .match { stroke: #fff; stroke-width: 1.5; }
    svg text.rank { fill: #fff; font-size: 10px; font-weight: 700; }
    svg .query { fill: #1d2330; stroke: #fff; stroke-width: 1.5; }
    svg .mlabel, svg .qlabel { paint-order: stroke; stroke: #fbfcfd; stroke-width: 4px; stroke-linejoin: round; }
    .details h2 { margin-top: 8px; }
    details > summary { cursor: pointer; font-weight: 650; font-size: 16px; list-style: none; }
    details > summary::-webkit-details-marker { display: none; }
    summary .rank { display: inline-block; min-width: 1.8em; height: 1.8em; line-height: 1.8em; text-align: center; border-radius: 50%;
                    background: var(--accent); color: #fff; font-size: 13px; margin-right: 6px; }
    summary .pid { font-weight: 400; margin: 0 8px; }
    .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 28px; margin-top: 6px; }
    @media (max-width: 800px) { .grid { grid-template-columns: 1fr; } }
    ul.evidence { list-style: none; padding: 0; margin: 0; }
    ul.evidence li { margin: 0 0 10px; }
    blockquote { margin: 3px 0 0 10px; padding: 1px 0 1px 10px; border-left: 3px solid var(--line); color: #3a4452; font-size: 13.5px; }
    .src { font-size: 11px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin-right: 4px; }
    q { color: #3a4452; font-size: 13px; }
    table.langs td, table.terms td { padding: 5px 8px; font-size: 13.5px; }
    td.term { width: 40%; }
    td.tbar span { display: block; height: 8px; border-radius: 4px; background: #5aa6b3; margin-top: 6px; }
    footer { max-width: 1200px; margin: 0 auto; padding: 8px 24px 32px; color: var(--muted); font-size: 12.5px; }

    """
}

/// Escapes text for HTML and SVG content and attribute values: `& < > " '`.
func h(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for ch in s {
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
