import Foundation

/// The competency heat map of the HTML report, as inline SVG.
///
/// One query (`rank`, `similar`): rows are the query and its top matches, columns the competencies any
/// of them shows; a cell's shade is the competency's weight in that text (1 − exp(−count/2), in (0, 1)),
/// and a dot marks a posting's competency the query shows too (shared). Several queries (`batch`): rows
/// are the queries (candidates), columns the competencies they show.
struct HeatMap {
    struct Row {
        var label: String
        var detail: String
        var weights: [String: Double]
        var isQuery: Bool
    }

    var rows: [Row]
    /// Competency ids, grouped by family then by how many rows show them.
    var columns: [String]
    /// The query's competencies, to mark shared cells (one-query reports only).
    var queryCompetencies: [String: Double]?
    var columnLabel: (String) -> String

    static let maxRows = 40
    static let maxColumns = 36

    init(report: Report) {
        if report.queries.count == 1, let q = report.queries.first {
            let who = q.isCV ? "CV" : "query"
            rows = [Row(label: "\(who): \(q.label)", detail: q.id, weights: q.competencies, isQuery: true)]
                + q.matches.prefix(Self.maxRows - 1).map {
                    Row(label: "\($0.match.rank). \($0.match.title)", detail: "\($0.match.id) · score \(String(format: "%.3f", $0.match.score))",
                        weights: $0.postingCompetencies, isQuery: false)
                }
            queryCompetencies = q.competencies
        } else {
            rows = report.queries.prefix(Self.maxRows).map { Row(label: $0.label, detail: $0.id, weights: $0.competencies, isQuery: true) }
            queryCompetencies = nil
        }
        var count = [String: Int]()
        for r in rows { for id in r.weights.keys { count[id, default: 0] += 1 } }
        let families = report.competencyFamilies
        let top = count.keys.sorted { count[$0]! != count[$1]! ? count[$0]! > count[$1]! : $0 < $1 }.prefix(Self.maxColumns)
        columns = top.sorted { (families[$0] ?? "", -count[$0]!, $0) < (families[$1] ?? "", -count[$1]!, $1) }
        columnLabel = { report.label(ofCompetency: $0) }
    }

    /// Colour of a weight in [0, 1]: white-ish to deep teal, by linear interpolation in sRGB.
    static func colour(_ w: Double) -> String {
        let t = max(0, min(1, w))
        let a = (236.0, 246.0, 245.0), b = (11.0, 94.0, 110.0)
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    func svg() -> String {
        guard !columns.isEmpty, !rows.isEmpty else {
            return "<p class=\"empty\">No competency of the taxonomy was found in these texts (a model built with --no-posting-text has no posting text to read).</p>"
        }
        let cell = 21.0, labelWidth = 290.0, headerHeight = 170.0, legendHeight = 56.0
        let width = max(labelWidth + Double(columns.count) * cell + 110, 640)
        let height = headerHeight + Double(rows.count) * cell + legendHeight
        var s = "<svg class=\"heatmap\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" role=\"img\" aria-label=\"Heat map of competencies\">"
        // Column labels, rotated.
        for (j, id) in columns.enumerated() {
            let x = labelWidth + (Double(j) + 0.5) * cell
            s += "<text class=\"col\" transform=\"translate(\(fmt(x + 4)),\(fmt(headerHeight - 6))) rotate(-50)\">\(h(shorten(columnLabel(id), 30)))<title>\(h(columnLabel(id)))</title></text>"
        }
        for (i, row) in rows.enumerated() {
            let y = headerHeight + Double(i) * cell
            if row.isQuery && queryCompetencies != nil {
                s += "<rect x=\"0\" y=\"\(fmt(y))\" width=\"\(fmt(labelWidth + Double(columns.count) * cell))\" height=\"\(fmt(cell))\" class=\"qrow\"/>"
            }
            s += "<text class=\"row\(row.isQuery ? " q" : "")\" x=\"\(fmt(labelWidth - 8))\" y=\"\(fmt(y + cell / 2 + 4))\" text-anchor=\"end\">\(h(shorten(row.label, row.isQuery ? 36 : 40)))<title>\(h(row.label + " — " + row.detail))</title></text>"
            for (j, id) in columns.enumerated() {
                let x = labelWidth + Double(j) * cell
                let w = row.weights[id]
                let fill = w.map(Self.colour) ?? "#f7f8fa"
                let tip = "\(row.label) — \(columnLabel(id)): " + (w.map { String(format: "weight %.2f", $0) } ?? "not found")
                s += "<rect x=\"\(fmt(x + 1))\" y=\"\(fmt(y + 1))\" width=\"\(fmt(cell - 2))\" height=\"\(fmt(cell - 2))\" rx=\"3\" fill=\"\(fill)\"><title>\(h(tip))</title></rect>"
                if !row.isQuery, w != nil, queryCompetencies?[id] != nil {
                    s += "<circle cx=\"\(fmt(x + cell / 2))\" cy=\"\(fmt(y + cell / 2))\" r=\"3.2\" class=\"shared\"/>"
                }
            }
        }
        // Legend: the colour scale, and the shared mark.
        let ly = headerHeight + Double(rows.count) * cell + 22
        s += "<defs><linearGradient id=\"hm-scale\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">"
        for t in stride(from: 0.0, through: 1.0, by: 0.25) { s += "<stop offset=\"\(fmt(t))\" stop-color=\"\(Self.colour(t))\"/>" }
        s += "</linearGradient></defs>"
        s += "<text class=\"legend\" x=\"0\" y=\"\(fmt(ly + 11))\">Weight in the text</text>"
        s += "<text class=\"legend\" x=\"120\" y=\"\(fmt(ly + 11))\" text-anchor=\"end\">0</text>"
        s += "<rect x=\"126\" y=\"\(fmt(ly))\" width=\"160\" height=\"14\" rx=\"3\" fill=\"url(#hm-scale)\"/>"
        s += "<text class=\"legend\" x=\"292\" y=\"\(fmt(ly + 11))\">1</text>"
        s += "<rect x=\"316\" y=\"\(fmt(ly))\" width=\"14\" height=\"14\" rx=\"3\" fill=\"#f7f8fa\" stroke=\"#d5d9e0\"/>"
        s += "<text class=\"legend\" x=\"336\" y=\"\(fmt(ly + 11))\">not found</text>"
        if queryCompetencies != nil {
            s += "<circle cx=\"423\" cy=\"\(fmt(ly + 7))\" r=\"3.2\" class=\"shared\"/>"
            s += "<text class=\"legend\" x=\"432\" y=\"\(fmt(ly + 11))\">also in the query (shared)</text>"
        }
        return s + "</svg>"
    }
}

/// Number for SVG attributes: at most two decimals, no exponent.
func fmt(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(format: "%.2f", r)
}

func shorten(_ s: String, _ n: Int) -> String { truncate(s, to: n) }
