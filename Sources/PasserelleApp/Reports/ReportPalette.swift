import Foundation

/// The colours of the HTML pages (the report and the batch shortlist), in one table: the CSS custom
/// properties (`:root { --ink: …; }`) are generated from it, the stylesheets use only `var(--…)`, and
/// the SVG figures take their fills from it too. `pairs` lists every text/background (and mark/fill)
/// combination the pages draw, with the contrast WCAG 2.x asks: 4.5:1 for text, 3:1 for large text and
/// for graphics that carry meaning (bars, marks). `ReportPaletteTests` computes every ratio.
enum ReportPalette {
    /// Name (the CSS custom property without `--`) → sRGB colour `#rrggbb`.
    static let colours: [(name: String, hex: String)] = [
        ("ink", "#1d2330"), ("muted", "#5f6b7a"), ("quote-ink", "#3a4452"),
        ("line", "#e3e7ee"), ("bg", "#f5f7fa"), ("card", "#ffffff"), ("row-hover", "#fafbfd"),
        ("accent", "#0b5e6e"), ("accent-dark", "#16405e"), ("on-accent", "#ffffff"),
        ("header-meta", "#d3e6ea"), ("header-brand", "#9fd6df"),
        ("shared", "#e3f4f1"), ("shared-ink", "#0b5e55"), ("shared-border", "#b9e2da"),
        ("missing", "#fdf0e1"), ("missing-ink", "#8a4b08"), ("missing-border", "#f3d3ac"),
        ("strong", "#e2f4e8"), ("strong-ink", "#1a6b3c"),
        ("possible", "#fdf3d8"), ("possible-ink", "#7d5200"),
        ("weak", "#fbe4e2"), ("weak-ink", "#9b2c24"),
        // Score colours (text on the card, bars on the card): green from 0.5, amber from 0.3, red below.
        ("score-high", "#1a7a47"), ("score-mid", "#9a6200"), ("score-low", "#b8392f"),
        ("similarity-bar", "#737f8f"), ("track", "#edf0f4"), ("term-bar", "#3d8896"),
        ("mark", "#fff0a8"),
        ("heat-low", "#ecf6f5"), ("heat-high", "#0b5e6e"), ("heat-none", "#f7f8fa"), ("heat-none-border", "#c9cfd8"),
        ("query-band", "#eef3f8"),
    ]

    static func hex(_ name: String) -> String {
        guard let c = colours.first(where: { $0.name == name }) else { preconditionFailure("no colour \(name) in ReportPalette") }
        return c.hex
    }

    /// A foreground drawn on a background, and the least contrast it needs.
    struct Pair {
        var foreground: String
        var background: String
        var minimum: Double
        var what: String
    }

    static let text = 4.5, graphics = 3.0

    /// Every combination the pages draw (names of `colours`).
    static let pairs: [Pair] = {
        var p = [Pair]()
        for bg in ["card", "row-hover", "bg"] {
            for fg in ["ink", "muted", "quote-ink", "score-high", "score-mid", "score-low", "accent"] {
                p.append(Pair(foreground: fg, background: bg, minimum: text, what: "text on the page"))
            }
        }
        p += [
            Pair(foreground: "ink", background: "mark", minimum: text, what: "matched words in a quote"),
            Pair(foreground: "ink", background: "query-band", minimum: text, what: "the query's row of the heat map"),
            Pair(foreground: "muted", background: "query-band", minimum: text, what: "the query's row of the heat map"),
            Pair(foreground: "on-accent", background: "accent", minimum: text, what: "header, rank badges"),
            Pair(foreground: "on-accent", background: "accent-dark", minimum: text, what: "header"),
            Pair(foreground: "header-meta", background: "accent", minimum: text, what: "header"),
            Pair(foreground: "header-brand", background: "accent", minimum: text, what: "header"),
            Pair(foreground: "header-meta", background: "accent-dark", minimum: text, what: "header"),
            Pair(foreground: "header-brand", background: "accent-dark", minimum: text, what: "header"),
            Pair(foreground: "shared-ink", background: "shared", minimum: text, what: "shared competency chip"),
            Pair(foreground: "missing-ink", background: "missing", minimum: text, what: "missing competency chip"),
            Pair(foreground: "strong-ink", background: "strong", minimum: text, what: "fit label strong, language met"),
            Pair(foreground: "possible-ink", background: "possible", minimum: text, what: "fit label possible, language partly met, warning"),
            Pair(foreground: "weak-ink", background: "weak", minimum: text, what: "fit label weak, language unmet"),
            Pair(foreground: "score-high", background: "track", minimum: graphics, what: "score bar"),
            Pair(foreground: "score-mid", background: "track", minimum: graphics, what: "score bar"),
            Pair(foreground: "score-low", background: "track", minimum: graphics, what: "score bar"),
            Pair(foreground: "similarity-bar", background: "track", minimum: graphics, what: "similarity bar"),
            Pair(foreground: "term-bar", background: "card", minimum: graphics, what: "term contribution bar"),
            Pair(foreground: "heat-high", background: "card", minimum: graphics, what: "the darkest heat-map cell"),
            Pair(foreground: "muted", background: "heat-none", minimum: text, what: "no-data text in the heat map"),
        ]
        return p
    }()

    /// `:root { --name: #hex; … }` for the stylesheets.
    static var cssVariables: String {
        ":root { " + colours.map { "--\($0.name): \($0.hex);" }.joined(separator: " ") + " }\n"
    }

    // MARK: Colour arithmetic (WCAG 2.x)

    /// `#rrggbb` → (r, g, b) in 0…255; nil for anything else.
    static func rgb(_ hex: String) -> (Double, Double, Double)? {
        let s = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        return (Double(v >> 16 & 0xff), Double(v >> 8 & 0xff), Double(v & 0xff))
    }

    /// Relative luminance (WCAG 2.x, sRGB).
    static func luminance(_ hex: String) -> Double {
        guard let (r, g, b) = rgb(hex) else { preconditionFailure("not a #rrggbb colour: \(hex)") }
        func channel(_ c: Double) -> Double { let x = c / 255; return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// Contrast ratio of two colours, in [1, 21].
    static func contrast(_ a: String, _ b: String) -> Double {
        let x = luminance(a), y = luminance(b)
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    // MARK: Scores and the heat map

    /// Score colour (text and bars): the terminal's bands, green from 0.5, amber from 0.3, red below.
    static func scoreColour(_ score: Double) -> String { hex(score >= 0.5 ? "score-high" : score >= 0.3 ? "score-mid" : "score-low") }
    static func scoreVariable(_ score: Double) -> String { score >= 0.5 ? "var(--score-high)" : score >= 0.3 ? "var(--score-mid)" : "var(--score-low)" }

    /// Shade of a heat-map cell for a weight in [0, 1]: `heat-low` to `heat-high`, linear in sRGB.
    static func heat(_ w: Double) -> String {
        let t = max(0, min(1, w))
        guard let a = rgb(hex("heat-low")), let b = rgb(hex("heat-high")) else { return hex("heat-high") }
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Colour of a mark (the shared dot, the missing cross) drawn on a cell: ink or white, whichever
    /// contrasts more with the cell (at least 3:1 on every shade: tested).
    static func mark(on cell: String) -> String {
        let ink = hex("ink"), white = hex("on-accent")
        return contrast(ink, cell) >= contrast(white, cell) ? ink : white
    }
}
