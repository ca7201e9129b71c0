import Foundation

/// An SVG line chart of retrieval quality against the number of latent dimensions k: one line per
/// metric for LSA, and dashed horizontal lines for the baselines that do not depend on k.
/// Pure string building (the CLI writes the file).
public struct SweepPlot: Sendable {
    public struct Series: Sendable {
        public var label: String
        /// (k, value) points, k ascending; values in [0, 1].
        public var points: [(Int, Double)]
        public init(label: String, points: [(Int, Double)]) { self.label = label; self.points = points }
    }

    public struct Reference: Sendable {
        public var label: String
        public var value: Double
        public init(label: String, value: Double) { self.label = label; self.value = value }
    }

    public var title: String
    public var yLabel: String
    public var series: [Series]
    public var references: [Reference]

    public init(title: String, yLabel: String, series: [Series], references: [Reference]) {
        self.title = title
        self.yLabel = yLabel
        self.series = series
        self.references = references
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]

    /// The chart as an SVG document, 780 × 420 px; y from 0 to the next tenth above the largest value.
    public func svg() -> String {
        let width = 780.0, height = 420.0
        let left = 60.0, right = 250.0, top = 40.0, bottom = 50.0
        let plotW = width - left - right, plotH = height - top - bottom
        let ks = series.flatMap { $0.points.map(\.0) }
        let kMin = Double(ks.min() ?? 0), kMax = Double(max(ks.max() ?? 1, (ks.min() ?? 0) + 1))
        let values = series.flatMap { $0.points.map(\.1) } + references.map(\.value)
        let yMax = max(0.1, ((values.max() ?? 1) * 10).rounded(.up) / 10)
        func x(_ k: Double) -> Double { left + (k - kMin) / (kMax - kMin) * plotW }
        func y(_ v: Double) -> Double { top + plotH - v / yMax * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var out = [String]()
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">")
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        out.append("<text x=\"\(f(left))\" y=\"22\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>")
        // Axes and grid.
        for i in 0...Int((yMax * 10).rounded()) {
            let v = Double(i) / 10
            out.append("<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(v)))\" stroke=\"#e0e0e0\"/>")
            out.append("<text x=\"\(f(left - 8))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(String(format: "%.1f", v))</text>")
        }
        for k in Set(ks).sorted() {
            out.append("<line x1=\"\(f(x(Double(k))))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x(Double(k))))\" y2=\"\(f(top + plotH + 5))\" stroke=\"black\"/>")
            out.append("<text x=\"\(f(x(Double(k))))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(k)</text>")
        }
        out.append("<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>")
        out.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>")
        out.append("<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">latent dimensions k</text>")
        out.append("<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>")
        // Lines and legend.
        var legendY = top + 6
        for (i, s) in series.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            let path = s.points.map { "\(f(x(Double($0.0)))),\(f(y($0.1)))" }.joined(separator: " ")
            out.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>")
            for p in s.points { out.append("<circle cx=\"\(f(x(Double(p.0))))\" cy=\"\(f(y(p.1)))\" r=\"3\" fill=\"\(color)\"/>") }
            out.append(legend(color: color, dashed: false, label: s.label, x: left + plotW + 15, y: legendY))
            legendY += 18
        }
        for (i, r) in references.enumerated() {
            let color = Self.palette[(series.count + i) % Self.palette.count]
            out.append("<line x1=\"\(f(left))\" y1=\"\(f(y(r.value)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(r.value)))\" stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>")
            out.append(legend(color: color, dashed: true, label: r.label, x: left + plotW + 15, y: legendY))
            legendY += 18
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private func legend(color: String, dashed: Bool, label: String, x: Double, y: Double) -> String {
        let dash = dashed ? " stroke-dasharray=\"6 4\"" : ""
        return "<line x1=\"\(String(format: "%.1f", x))\" y1=\"\(String(format: "%.1f", y))\" x2=\"\(String(format: "%.1f", x + 24))\" y2=\"\(String(format: "%.1f", y))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>"
            + "<text x=\"\(String(format: "%.1f", x + 30))\" y=\"\(String(format: "%.1f", y + 4))\">\(escape(label))</text>"
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
