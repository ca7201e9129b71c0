import Foundation
import Passerelle

/// "What makes the score": for each match, its similarity and its score as bars on one 0…1 scale,
/// with the fit-label thresholds marked — the figure that replaced the 2-D map of the postings.
///
/// Why the map went: it drew the first two principal components of the posting vectors, and on the
/// shipped model (53 postings, 53 latent dimensions, a spread close to isotropic) those hold about 4%
/// of the variance each. Distances on that plane had little to do with the cosines that rank: match
/// #10 sat nearer the CV than match #1, and the grey dots of other postings said nothing a reader could
/// check. Labelling the axes by their top-loading terms would not fix it, since 92% of the spread is
/// off the page. What ranks a posting is two numbers, the cosine in the full latent space and the
/// language factor (score = similarity × factor, README "Language rule"), and what a counsellor acts on
/// is the label those give (`FitLabel`: possible from 0.34, strong from 0.52 with a shared competency).
/// This figure shows exactly those, on one honest linear scale, so a match pushed down by a language
/// it lacks is visible at a glance (grey bar longer than the coloured one).
///
/// It is an HTML table (caption, header cells, the numbers written out, bars drawn by CSS): its own data
/// table, readable by a screen reader, reflowing at phone width, and printed as it is shown.
struct ScoreChart {
    var query: ReportQuery
    var words: ReportWords

    /// Matches drawn at most (the ranked table above lists them all).
    static let maxRows = 30

    func html(id: String) -> String {
        guard !query.matches.isEmpty else { return "" }
        var b = "<table class=\"scorechart reflow\" id=\"\(id)\"><caption>\(h(words.scoreChartName(query.label)))</caption>"
        b += "<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">\(h(words.postingColumn))</th>"
            + "<th scope=\"col\" class=\"num\">\(h(words.similarityWord))</th><th scope=\"col\" class=\"num\">\(h(words.languageFactorWord))</th>"
            + "<th scope=\"col\" class=\"num\">score</th><th scope=\"col\">\(h(words.fitColumn))</th></tr></thead><tbody>\n"
        for row in query.matches.prefix(Self.maxRows) {
            let m = row.match
            let similarity = Double(row.similarity), score = Double(m.score)
            func pct(_ x: Double) -> String { fmt(max(0, min(1, x)) * 100) + "%" }
            b += "<tr><td class=\"num\">\(m.rank)</td><td class=\"chart\"><span class=\"ctitle\">\(h(m.title))</span>"
                + "<span class=\"bars\" aria-hidden=\"true\"><span class=\"sim\" style=\"width:\(pct(similarity))\"></span>"
                + "<span class=\"scr\" style=\"width:\(pct(score));background:\(ReportPalette.scoreVariable(score))\"></span>"
                + "<span class=\"tick\" style=\"left:\(pct(Double(FitLabel.possibleScore)))\"></span><span class=\"tick\" style=\"left:\(pct(Double(FitLabel.strongScore)))\"></span></span></td>"
            b += "<td class=\"num\" data-label=\"\(h(words.similarityWord))\">\(words.number(similarity))</td><td class=\"num\" data-label=\"\(h(words.languageFactorWord))\">× \(words.number(Double(row.languageFactor), 2))</td>"
                + "<td class=\"num\" data-label=\"score\"><b style=\"color:\(ReportPalette.scoreVariable(score))\">\(words.number(score))</b></td>"
                + "<td><span class=\"label \(row.fit.rawValue)\">\(h(words.fit(row)))</span></td></tr>\n"
        }
        b += "</tbody></table>\n"
        return b
    }
}
