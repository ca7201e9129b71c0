import Foundation
import Passerelle

/// The competency heat map of the HTML report, as inline SVG, with the same numbers as a data table.
///
/// Rows are competencies (grouped by family, then by how many texts show them), with their labels
/// written horizontally on up to two lines; columns are texts, headed by short names: one query
/// (`rank`, `similar`): the query ("Q") then its matches by rank; several queries (a batch): the
/// candidates, numbered. Rows rather than columns for the competencies keep the figure narrow (no
/// tilted, cut-off labels): at 10 matches it is about 460 units wide, so it fits a desktop column
/// unscaled and a phone at about 0.75×. A cell's shade is the competency's weight in that text
/// (1 − exp(−count/2), in (0, 1)); in a posting's column a dot (●) marks a competency it shares with
/// the query and a cross (✕) one it asks for that the query lacks (`Explanation.missing`): shapes, not
/// colours, drawn in ink or white by the cell's shade (`ReportPalette.mark`, ≥ 3:1 on every shade).
struct HeatMap {
    struct Column {
        /// Short heading ("Q", "3").
        var short: String
        /// Full name (for the tooltip and the data table).
        var label: String
        var detail: String
        var weights: [String: Double]
        var isQuery: Bool
        var shared: Set<String> = []
        var missing: Set<String> = []
    }

    var columns: [Column]
    /// Competency ids, grouped by family then by how many columns show them.
    var rows: [String]
    var rowLabel: (String) -> String
    var words: ReportWords
    var oneQuery: Bool
    var isCV: Bool

    static let maxColumns = 31
    static let maxRows = 36

    init(report: Report) {
        let words = ReportWords(report.displayLanguage)
        self.words = words
        if report.queries.count == 1, let q = report.queries.first {
            oneQuery = true
            isCV = q.isCV
            columns = [Column(short: words.queryShort, label: "\(words.source(isCV: q.isCV)) — \(q.label)",
                              detail: q.id, weights: q.competencies, isQuery: true)]
                + q.matches.prefix(Self.maxColumns - 1).map {
                    Column(short: "\($0.match.rank)", label: "\($0.match.rank). \($0.match.title)",
                           detail: "\($0.match.id) · score \(words.number(Double($0.match.score)))", weights: $0.postingCompetencies, isQuery: false,
                           shared: Set($0.explanation.shared.map(\.id)), missing: Set($0.explanation.missing.map(\.id)))
                }
        } else {
            oneQuery = false
            isCV = true
            columns = report.queries.prefix(Self.maxColumns).enumerated().map { i, q in
                Column(short: "\(i + 1)", label: "\(i + 1). \(q.label)", detail: q.id, weights: q.competencies, isQuery: true)
            }
        }
        var count = [String: Int]()
        for c in columns {
            for id in c.weights.keys { count[id, default: 0] += 1 }
            // A missing competency is in the posting's weights already; counted once.
        }
        let families = report.competencyFamilies
        let top = count.keys.sorted { count[$0]! != count[$1]! ? count[$0]! > count[$1]! : $0 < $1 }.prefix(Self.maxRows)
        rows = top.sorted { (families[$0] ?? "", -count[$0]!, $0) < (families[$1] ?? "", -count[$1]!, $1) }
        rowLabel = { report.label(ofCompetency: $0) }
    }

    static let cell = 26.0, labelWidth = 176.0, headerHeight = 30.0, legendHeight = 62.0

    /// Width of the figure in SVG units (its natural size in CSS pixels).
    var width: Double { max(Self.labelWidth + Double(columns.count) * Self.cell + 8, 372) }

    /// The accessible name of the figure.
    var name: String { oneQuery ? words.heatMapName(isCV: isCV) : words.heatMapNameBatch }

    func svg(id: String) -> String {
        guard !columns.isEmpty, !rows.isEmpty else { return "<p class=\"empty\">\(h(words.noCompetency))</p>" }
        let cell = Self.cell, left = Self.labelWidth, top = Self.headerHeight
        let width = self.width
        let height = top + Double(rows.count) * cell + Self.legendHeight
        var s = "<svg class=\"heatmap\" id=\"\(id)\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" "
            + "style=\"max-width:\(fmt(width))px\" role=\"img\" aria-labelledby=\"\(id)-title\"><title id=\"\(id)-title\">\(h(name))</title>"
        // The query's column band, then the column headings.
        for (j, c) in columns.enumerated() {
            let x = left + Double(j) * cell
            if c.isQuery && oneQuery {
                s += "<rect x=\"\(fmt(x))\" y=\"0\" width=\"\(fmt(cell))\" height=\"\(fmt(top + Double(rows.count) * cell))\" fill=\"\(ReportPalette.hex("query-band"))\"/>"
            }
            s += "<text class=\"colhead\(c.isQuery && oneQuery ? " q" : "")\" x=\"\(fmt(x + cell / 2))\" y=\"\(fmt(top - 10))\" text-anchor=\"middle\">\(h(c.short))<title>\(h(c.label + " — " + c.detail))</title></text>"
        }
        for (i, id) in rows.enumerated() {
            let y = top + Double(i) * cell
            let lines = Self.wrap(rowLabel(id), width: 27, lines: 2)
            let y0 = y + cell / 2 + (lines.count == 1 ? 4 : -1.5)
            s += "<text class=\"row\" x=\"\(fmt(left - 8))\" y=\"\(fmt(y0))\" text-anchor=\"end\">"
            for (k, line) in lines.enumerated() {
                s += "<tspan x=\"\(fmt(left - 8))\"\(k > 0 ? " dy=\"11.5\"" : "")>\(h(line))</tspan>"
            }
            s += "<title>\(h(rowLabel(id)))</title></text>"
            for (j, c) in columns.enumerated() {
                let x = left + Double(j) * cell
                let w = c.weights[id]
                let fill = w.map(ReportPalette.heat) ?? ReportPalette.hex("heat-none")
                var tip = "\(c.label) — \(rowLabel(id)): " + (w.map { "\(words.weightLegend.lowercased()) \(words.number($0, 2))" } ?? words.notFound)
                if c.shared.contains(id) { tip += " · \(words.sharedMark)" }
                if c.missing.contains(id) { tip += " · \(words.missingMark)" }
                s += "<rect x=\"\(fmt(x + 1.5))\" y=\"\(fmt(y + 1.5))\" width=\"\(fmt(cell - 3))\" height=\"\(fmt(cell - 3))\" rx=\"3\" fill=\"\(fill)\""
                    + (w == nil ? " stroke=\"\(ReportPalette.hex("heat-none-border"))\" stroke-width=\"0.6\"" : "") + "><title>\(h(tip))</title></rect>"
                let ink = ReportPalette.mark(on: fill)
                if c.shared.contains(id) {
                    s += "<circle cx=\"\(fmt(x + cell / 2))\" cy=\"\(fmt(y + cell / 2))\" r=\"4\" fill=\"\(ink)\"/>"
                } else if c.missing.contains(id) {
                    s += Self.cross(x: x + cell / 2, y: y + cell / 2, colour: ink)
                }
            }
        }
        // Legend: the colour scale, then the marks.
        let ly = top + Double(rows.count) * cell + 16
        let stops = stride(from: 0.0, through: 1.0, by: 0.25).map { "<stop offset=\"\(fmt($0))\" stop-color=\"\(ReportPalette.heat($0))\"/>" }.joined()
        s += "<defs><linearGradient id=\"\(id)-scale\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">\(stops)</linearGradient></defs>"
        s += "<text class=\"legend\" x=\"0\" y=\"\(fmt(ly + 11))\">\(h(words.weightLegend))</text>"
        s += "<text class=\"legend\" x=\"136\" y=\"\(fmt(ly + 11))\" text-anchor=\"end\">0</text>"
        s += "<rect x=\"142\" y=\"\(fmt(ly))\" width=\"110\" height=\"14\" rx=\"3\" fill=\"url(#\(id)-scale)\"/>"
        s += "<text class=\"legend\" x=\"258\" y=\"\(fmt(ly + 11))\">1</text>"
        let ly2 = ly + 24
        s += "<rect x=\"0\" y=\"\(fmt(ly2))\" width=\"14\" height=\"14\" rx=\"3\" fill=\"\(ReportPalette.hex("heat-none"))\" stroke=\"\(ReportPalette.hex("heat-none-border"))\" stroke-width=\"0.6\"/>"
        s += "<text class=\"legend\" x=\"20\" y=\"\(fmt(ly2 + 11))\">\(h(words.notFound))</text>"
        if oneQuery {
            let mid = ReportPalette.heat(0.5)
            s += "<rect x=\"110\" y=\"\(fmt(ly2))\" width=\"14\" height=\"14\" rx=\"3\" fill=\"\(mid)\"/><circle cx=\"117\" cy=\"\(fmt(ly2 + 7))\" r=\"3.5\" fill=\"\(ReportPalette.mark(on: mid))\"/>"
            s += "<text class=\"legend\" x=\"130\" y=\"\(fmt(ly2 + 11))\">\(h(words.sharedMark))</text>"
            s += "<rect x=\"220\" y=\"\(fmt(ly2))\" width=\"14\" height=\"14\" rx=\"3\" fill=\"\(mid)\"/>" + Self.cross(x: 227, y: ly2 + 7, colour: ReportPalette.mark(on: mid), size: 3.5)
            s += "<text class=\"legend\" x=\"240\" y=\"\(fmt(ly2 + 11))\">\(h(words.missingMark))</text>"
        }
        return s + "</svg>"
    }

    static func cross(x: Double, y: Double, colour: String, size: Double = 4.5) -> String {
        "<path d=\"M\(fmt(x - size)) \(fmt(y - size)) L\(fmt(x + size)) \(fmt(y + size)) M\(fmt(x + size)) \(fmt(y - size)) L\(fmt(x - size)) \(fmt(y + size))\" "
            + "stroke=\"\(colour)\" stroke-width=\"2\" stroke-linecap=\"round\" fill=\"none\"/>"
    }

    /// The same numbers as a table: one row per competency, one column per text; a cell holds the
    /// weight (two decimals) and the mark in words.
    func table(id: String) -> String {
        guard !columns.isEmpty, !rows.isEmpty else { return "" }
        var b = "<details class=\"data\"><summary>\(h(words.dataTable))</summary><div class=\"scroll\"><table class=\"data\" id=\"\(id)-data\">"
        b += "<caption>\(h(name))</caption><thead><tr><th scope=\"col\">\(h(words.competencyColumn))</th>"
        for c in columns { b += "<th scope=\"col\" class=\"num\"><abbr title=\"\(h(c.label))\">\(h(c.short))</abbr></th>" }
        b += "</tr></thead><tbody>\n"
        for id in rows {
            b += "<tr><th scope=\"row\">\(h(rowLabel(id)))</th>"
            for c in columns {
                var cell = c.weights[id].map { words.number($0, 2) } ?? "—"
                if c.shared.contains(id) { cell += " ● \(words.sharedMark)" }
                if c.missing.contains(id) { cell += " ✕ \(words.missingMark)" }
                b += "<td class=\"num\">\(h(cell))</td>"
            }
            b += "</tr>\n"
        }
        b += "</tbody></table></div>"
        b += "<ol class=\"key\">" + columns.map { "<li><b>\(h($0.short))</b> \(h($0.label))</li>" }.joined() + "</ol>"
        return b + "</details>\n"
    }

    /// Words of `text` on at most `lines` lines of about `width` characters; the last one shortened with "…".
    static func wrap(_ text: String, width: Int, lines: Int) -> [String] {
        var out = [String](), current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= width { current += " " + word } else {
                out.append(current); current = String(word)
            }
        }
        if !current.isEmpty { out.append(current) }
        if out.count > lines {
            let rest = out[(lines - 1)...].joined(separator: " ")
            out = Array(out.prefix(lines - 1)) + [truncate(rest, to: width)]
        }
        return out.map { $0.count > width ? truncate($0, to: width) : $0 }
    }
}

/// Number for SVG attributes: at most two decimals, no exponent.
func fmt(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
}

func shorten(_ s: String, _ n: Int) -> String { truncate(s, to: n) }
