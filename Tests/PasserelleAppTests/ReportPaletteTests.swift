import Foundation
import XCTest
@testable import PasserelleApp

/// WCAG AA contrast of the HTML pages' colours: the palette's ratios, and the CSS actually rendered
/// using that palette and nothing else.
final class ReportPaletteTests: XCTestCase {
    func testContrastFormulaAgainstKnownValues() {
        XCTAssertEqual(ReportPalette.contrast("#000000", "#ffffff"), 21, accuracy: 1e-9)
        XCTAssertEqual(ReportPalette.contrast("#ffffff", "#ffffff"), 1, accuracy: 1e-9)
        XCTAssertEqual(ReportPalette.contrast("#777777", "#ffffff"), 4.48, accuracy: 0.01)   // the classic just-failing grey
        XCTAssertEqual(ReportPalette.contrast("#767676", "#ffffff"), 4.54, accuracy: 0.01)
        // The two colours of the issue, measured as reported.
        XCTAssertEqual(ReportPalette.contrast("#c27c0e", "#ffffff"), 3.4, accuracy: 0.01)
        XCTAssertEqual(ReportPalette.contrast("#1f8a53", "#ffffff"), 4.36, accuracy: 0.01)
        XCTAssertNil(ReportPalette.rgb("#12345"))
        XCTAssertNil(ReportPalette.rgb("red"))
    }

    func testEveryPairOfThePaletteMeetsWCAG_AA() {
        XCTAssertGreaterThan(ReportPalette.pairs.count, 30)
        for p in ReportPalette.pairs {
            let ratio = ReportPalette.contrast(ReportPalette.hex(p.foreground), ReportPalette.hex(p.background))
            XCTAssertGreaterThanOrEqual(ratio, p.minimum, "\(p.foreground) on \(p.background) (\(p.what)): \(String(format: "%.2f", ratio)):1")
        }
        // Scores are text: each band at 4.5:1 on the card and on a hovered row.
        for score in [0.9, 0.5, 0.49, 0.3, 0.29, 0.0] {
            for bg in ["card", "row-hover"] {
                XCTAssertGreaterThanOrEqual(ReportPalette.contrast(ReportPalette.scoreColour(score), ReportPalette.hex(bg)), 4.5, "score \(score) on \(bg)")
            }
        }
    }

    /// The heat map's marks (shared dot, missing cross) are graphics: 3:1 on every shade a cell can take.
    func testHeatMapMarksContrastWithEveryCellShade() {
        for i in 0 ... 100 {
            let cell = ReportPalette.heat(Double(i) / 100)
            XCTAssertGreaterThanOrEqual(ReportPalette.contrast(ReportPalette.mark(on: cell), cell), 3, "weight \(Double(i) / 100): \(cell)")
        }
        XCTAssertGreaterThanOrEqual(ReportPalette.contrast(ReportPalette.mark(on: ReportPalette.hex("heat-none")), ReportPalette.hex("heat-none")), 3)
        XCTAssertEqual(ReportPalette.heat(0), ReportPalette.hex("heat-low"))
        XCTAssertEqual(ReportPalette.heat(1), ReportPalette.hex("heat-high"))
    }

    /// The CSS of a rendered page: its custom properties are the palette's, exactly, and every other
    /// colour in the stylesheet, in style attributes and in the SVG figures comes from the palette.
    func testRenderedCSSUsesOnlyThePalette() throws {
        let report = try ShippedModel.rankReport("cv-fr-mediation")
        let html = HTMLReport.render(report)
        let style = try XCTUnwrap(captures("<style>\n(.*?)</style>", in: html).first?[0])
        let root = try XCTUnwrap(captures(":root \\{(.*?)\\}", in: style).first?[0])
        var variables = [String: String]()
        for pair in captures("--([a-z-]+): (#[0-9a-f]{6});", in: root) { variables[pair[0]] = pair[1] }
        XCTAssertEqual(variables, Dictionary(uniqueKeysWithValues: ReportPalette.colours.map { ($0.name, $0.hex) }))
        // Outside :root the stylesheet names colours only through var(--…): no hex, rgb(), hsl() or colour keyword.
        let rules = style.replacingOccurrences(of: ":root {\(root)}", with: "")
        XCTAssertTrue(captures("(#[0-9a-fA-F]{3,8})\\b", in: rules).isEmpty, "\(captures("(#[0-9a-fA-F]{3,8})\\b", in: rules))")
        for banned in ["rgb(", "rgba(", "hsl(", ": white", ": black", " #fff"] { XCTAssertFalse(rules.contains(banned), banned) }
        for used in captures("var\\(--([a-z-]+)\\)", in: html).map({ $0[0] }) { XCTAssertNotNil(variables[used], "var(--\(used)) is not in the palette") }
        // Inline styles use variables; SVG fills and strokes are palette colours or heat-map shades.
        for s in captures("style=\"([^\"]*)\"", in: html).map({ $0[0] }) { XCTAssertFalse(s.contains("#"), s) }
        let palette = Set(ReportPalette.colours.map(\.hex))
        let shades = Set(HeatMap(report: report).columns.flatMap { $0.weights.values.map(ReportPalette.heat) } + (0 ... 4).map { ReportPalette.heat(Double($0) / 4) })
        let drawn = captures("(?:fill|stroke|stop-color)=\"(#[0-9a-f]{6})\"", in: html).map { $0[0] }
        XCTAssertGreaterThan(drawn.count, 100)
        for c in drawn { XCTAssertTrue(palette.contains(c) || shades.contains(c), c) }
    }
}
