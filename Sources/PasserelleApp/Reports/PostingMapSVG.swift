import Foundation
import Passerelle

/// The 2-D map of the postings in the LSA space (the engine's `PostingMap`: first two principal
/// directions of the centered posting vectors), as inline SVG. Every posting is a grey dot; the
/// matches are coloured by score and numbered by rank, the best ones labelled with their title; the
/// query is a dark diamond (several, for a batch).
struct PostingMapSVG {
    var report: Report
    var map: PostingMap

    static let width = 1100.0, height = 660.0, pad = 36.0
    /// Matches labelled with their title (the others show their rank only).
    static let labelledMatches = 6
    /// Postings drawn at most (matches and queries are always drawn): keeps the file small for big models.
    static let maxBackground = 3000

    func svg() -> String {
        let n = map.x.count
        var matchRank = [Int: (rank: Int, score: Float)]()
        for q in report.queries { for m in q.matches where matchRank[m.match.index] == nil { matchRank[m.match.index] = (m.match.rank, m.match.score) } }
        // A batch: ranks differ per candidate, so the postings some candidate matched are marked without a number.
        var matchedBy = [Int: [String]]()
        if report.queries.count > 1 {
            for q in report.queries { for m in q.matches { matchedBy[m.match.index, default: []].append(q.id) } }
            matchRank = [:]
        }
        var queryPoints = [(x: Float, y: Float, label: String)]()
        var queryPostings = Set<Int>()
        for q in report.queries.prefix(200) {
            if let j = q.postingIndex, j < n { queryPoints.append((map.x[j], map.y[j], q.label)); queryPostings.insert(j); continue }
            if let v = q.vector, v.count == map.mean.count { let p = map.project(v); queryPoints.append((p.x, p.y, q.label)) }
        }
        // A common scale on both axes keeps distances honest.
        let xs = map.x + queryPoints.map(\.x), ys = map.y + queryPoints.map(\.y)
        let minX = Double(xs.min() ?? -1), maxX = Double(xs.max() ?? 1), minY = Double(ys.min() ?? -1), maxY = Double(ys.max() ?? 1)
        let plotW = Self.width - 2 * Self.pad, plotH = Self.height - 2 * Self.pad - 40
        let scale = min(plotW / max(maxX - minX, 1e-6), plotH / max(maxY - minY, 1e-6))
        let cx = (minX + maxX) / 2, cy = (minY + maxY) / 2
        func px(_ x: Float) -> Double { Self.width / 2 + (Double(x) - cx) * scale }
        func py(_ y: Float) -> Double { Self.pad + plotH / 2 - (Double(y) - cy) * scale }

        var s = "<svg class=\"map\" viewBox=\"0 0 \(fmt(Self.width)) \(fmt(Self.height))\" width=\"\(fmt(Self.width))\" height=\"\(fmt(Self.height))\" role=\"img\" aria-label=\"Map of the postings\">"
        s += "<rect x=\"0.5\" y=\"0.5\" width=\"\(fmt(Self.width - 1))\" height=\"\(fmt(Self.pad + plotH + Self.pad - 1))\" rx=\"8\" class=\"frame\"/>"
        // Axes through the centroid (the origin of the centered coordinates).
        s += "<line x1=\"\(fmt(Self.pad / 2))\" x2=\"\(fmt(Self.width - Self.pad / 2))\" y1=\"\(fmt(py(0)))\" y2=\"\(fmt(py(0)))\" class=\"axis\"/>"
        s += "<line y1=\"\(fmt(Self.pad / 2))\" y2=\"\(fmt(Self.pad + plotH + Self.pad / 2))\" x1=\"\(fmt(px(0)))\" x2=\"\(fmt(px(0)))\" class=\"axis\"/>"
        let share = map.varianceShare.map { String(format: "%.0f%%", Double($0) * 100) }
        s += "<text class=\"axislabel\" x=\"\(fmt(Self.width - Self.pad / 2 - 4))\" y=\"\(fmt(py(0) - 6))\" text-anchor=\"end\">axis 1 · \(share.first ?? "0%") of the spread</text>"
        s += "<text class=\"axislabel\" x=\"\(fmt(px(0) + 6))\" y=\"\(fmt(Self.pad / 2 + 10))\">axis 2 · \(share.count > 1 ? share[1] : "0%")</text>"

        // Background postings (thinned evenly when there are very many).
        let stride = max(1, n / Self.maxBackground)
        for j in Swift.stride(from: 0, to: n, by: stride) where matchRank[j] == nil && matchedBy[j] == nil && !queryPostings.contains(j) {
            s += "<circle cx=\"\(fmt(px(map.x[j])))\" cy=\"\(fmt(py(map.y[j])))\" r=\"3.6\" class=\"posting\"><title>\(h(title(j)))</title></circle>"
        }
        for (j, ids) in matchedBy.sorted(by: { $0.key < $1.key }) {
            let tip = "\(title(j)) — top match of \(ids.prefix(10).joined(separator: ", "))\(ids.count > 10 ? " (+\(ids.count - 10))" : "")"
            s += "<circle cx=\"\(fmt(px(map.x[j])))\" cy=\"\(fmt(py(map.y[j])))\" r=\"6\" class=\"matched\"><title>\(h(tip))</title></circle>"
        }
        // Markers are obstacles for the labels.
        var placed = matchRank.keys.map { Box(x: px(map.x[$0]) - 10, y: py(map.y[$0]) - 10, w: 20, h: 20) }
            + queryPoints.map { Box(x: px($0.x) - 11, y: py($0.y) - 11, w: 22, h: 22) }
        var labels = ""
        // Matches, worst first so the best are drawn on top.
        for (j, m) in matchRank.sorted(by: { $0.value.rank > $1.value.rank }) {
            let x = px(map.x[j]), y = py(map.y[j])
            s += "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"9\" fill=\"\(scoreColour(Double(m.score)))\" class=\"match\"><title>\(h("\(m.rank). \(title(j)) — score \(String(format: "%.3f", m.score))"))</title></circle>"
            s += "<text class=\"rank\" x=\"\(fmt(x))\" y=\"\(fmt(y + 3.5))\" text-anchor=\"middle\">\(m.rank)</text>"
        }
        for q in queryPoints {
            let x = px(q.x), y = py(q.y)
            s += "<path d=\"M\(fmt(x)) \(fmt(y - 10)) L\(fmt(x + 10)) \(fmt(y)) L\(fmt(x)) \(fmt(y + 10)) L\(fmt(x - 10)) \(fmt(y)) Z\" class=\"query\"><title>\(h("query: " + q.label))</title></path>"
        }
        // Labels last, above every marker: the query's first, then the best matches'.
        for q in queryPoints.prefix(report.queries.count > 1 ? 30 : 1) {
            labels += label(shorten(q.label, 34), x: px(q.x), y: py(q.y), offset: 14, placed: &placed, cls: "qlabel")
        }
        for (j, m) in matchRank.sorted(by: { $0.value.rank < $1.value.rank }) where m.rank <= Self.labelledMatches {
            labels += label(shorten(report.postingTitles.indices.contains(j) ? report.postingTitles[j] : "", 34), x: px(map.x[j]), y: py(map.y[j]), offset: 13, placed: &placed, cls: "mlabel")
        }
        s += labels
        s += legend(y: Self.pad + plotH + Self.pad + 14)
        return s + "</svg>"
    }

    func title(_ j: Int) -> String {
        let id = report.postingIDs.indices.contains(j) ? report.postingIDs[j] : "#\(j)"
        let t = report.postingTitles.indices.contains(j) ? report.postingTitles[j] : ""
        return t.isEmpty ? id : "\(t) (\(id))"
    }

    /// A box on the map (x, y: top left; w, h: size), for placing labels clear of markers and of each other.
    struct Box {
        var x, y, w, h: Double
        func overlaps(_ o: Box) -> Bool { x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h }
    }

    /// A label beside its point: the first free spot among right, left, above and below at growing
    /// distances (clear of the markers and earlier labels, inside the frame); a thin leader line when
    /// it had to move away.
    func label(_ text: String, x: Double, y: Double, offset: Double, placed: inout [Box], cls: String) -> String {
        let w = Double(text.count) * (cls == "qlabel" ? 7.6 : 7.0) + 6, hgt = 14.0
        let frame = Box(x: 4, y: 4, w: Self.width - 8, h: Self.height - 52)
        var candidates = [Box]()
        for ring in 0 ..< 4 {
            let d = Double(ring) * 15
            candidates += [Box(x: x + offset, y: y - hgt / 2 - d, w: w, h: hgt), Box(x: x - offset - w, y: y - hgt / 2 - d, w: w, h: hgt),
                           Box(x: x + offset, y: y - hgt / 2 + d, w: w, h: hgt), Box(x: x - offset - w, y: y - hgt / 2 + d, w: w, h: hgt),
                           Box(x: x - w / 2, y: y - offset - hgt - d, w: w, h: hgt), Box(x: x - w / 2, y: y + offset + d, w: w, h: hgt)]
        }
        let inside = candidates.filter { $0.x >= frame.x && $0.x + $0.w <= frame.x + frame.w && $0.y >= frame.y && $0.y + $0.h <= frame.y + frame.h }
        let box = inside.first { c in !placed.contains { $0.overlaps(c) } } ?? inside.first ?? candidates[0]
        placed.append(box)
        var s = ""
        let cx = min(max(x, box.x), box.x + box.w), cy = min(max(y, box.y), box.y + box.h)
        if hypot(cx - x, cy - y) > offset + 4 {
            s += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(y))\" x2=\"\(fmt(cx))\" y2=\"\(fmt(cy))\" class=\"leader\"/>"
        }
        return s + "<text class=\"\(cls)\" x=\"\(fmt(box.x + 2))\" y=\"\(fmt(box.y + 11))\">\(h(text))</text>"
    }

    func legend(y: Double) -> String {
        var s = "<g class=\"legend\">"
        s += "<circle cx=\"20\" cy=\"\(fmt(y))\" r=\"3.6\" class=\"posting\"/><text x=\"30\" y=\"\(fmt(y + 4))\">other posting</text>"
        s += "<path d=\"M140 \(fmt(y - 8)) L148 \(fmt(y)) L140 \(fmt(y + 8)) L132 \(fmt(y)) Z\" class=\"query\"/><text x=\"156\" y=\"\(fmt(y + 4))\">\(report.queries.count > 1 ? "candidate" : "query")</text>"
        if report.queries.count > 1 {
            s += "<circle cx=\"260\" cy=\"\(fmt(y))\" r=\"6\" class=\"matched\"/><text x=\"272\" y=\"\(fmt(y + 4))\">top match of a candidate</text>"
        } else {
            var x = 250.0
            for (label, score) in [("score ≥ 0.5", 0.6), ("0.3 – 0.5", 0.4), ("< 0.3", 0.1)] {
                s += "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"7\" fill=\"\(scoreColour(score))\" class=\"match\"/><text x=\"\(fmt(x + 12))\" y=\"\(fmt(y + 4))\">\(h(label))</text>"
                x += 110
            }
            s += "<text x=\"\(fmt(x))\" y=\"\(fmt(y + 4))\">match (number = rank)</text>"
        }
        return s + "</g>"
    }
}

/// Score colour of the HTML report, the same bands as the terminal's: green from 0.5, amber from 0.3, red.
func scoreColour(_ score: Double) -> String { score >= 0.5 ? "#1f8a53" : score >= 0.3 ? "#c27c0e" : "#c2413b" }
