import Foundation

/// Whether a competency a posting names is asked for, or only welcome (issue 24).
///
/// Why: a posting lists options and nice-to-haves next to its requirements ("idéalement", "un atout",
/// "sont des plus", "is an asset", either/or lists such as "une expérience en participation publique,
/// en organisation communautaire ou en animation de groupes"). Read as requirements they made counsellors
/// see 11–15 "missing" competencies per match, most of them never required. A span is *optional* when:
/// - its section is a nice-to-have one ("Atouts", "Un plus", "Nice to have", `SectionKind.desirable`);
/// - its sentence holds a desirable word (`desirableWords`, matched as whole words);
/// - it lies in a list of alternatives joined by "ou"/"or" (`inAlternatives`), unless the alternative is
///   "ou équivalent"/"or related field" (a diploma's usual escape, which leaves the named item asked).
/// A competency of a posting is desirable when every one of its spans is optional.
enum Optionality {
    /// Whole words or phrases (folded) that make a sentence's items welcome, not required.
    static let desirableWords = [
        "idealement", "ideally", "de preference", "preferably", "preferable", "preferred", "preferee", "privilegie", "privilegiee",
        "un atout", "des atouts", "atout", "atouts", "un plus", "sont des plus", "seraient des plus", "un avantage", "est un avantage", "asset", "assets",
        "a plus", "bonus", "nice to have", "nice-to-have", "apprecie", "appreciee", "apprecies", "appreciees", "appreciable",
        "serait apprecie", "serait appreciee", "souhaite", "souhaitee", "souhaites", "souhaitees", "souhaitable", "would be an asset",
        "an advantage", "desirable", "would help", "is welcome", "est bienvenue", "sont bienvenues", "bienvenu", "bienvenue",
        "peut etre exige", "pourrait etre exige", "not required", "non requis", "non requise", "facultatif", "facultative", "optional",
    ]

    /// Words right after "ou"/"or" that do not open an alternative item: "master en sociologie ou équivalent".
    static let notAlternatives = ["equivalent", "equivalente", "autre", "tout", "toute", "domaine", "discipline", "related", "similar",
                                  "equivalent", "other", "any", "connexe", "pertinent", "pertinente", "experience equivalente"]

    /// Words (folded) that open a list of examples or of what the work is done with: an item before them is not one of the list's
    /// alternatives ("Analyser les données avec SPSS, R ou NVivo": the analysis is asked; the tools are the alternatives).
    static let exampleOpeners: Set<String> = ["avec", "comme", "notamment", "with", "using", "like", "including", "tels que", "tel que",
                                              "telles que", "telle que", "such as", "par exemple", "e g"]
    /// Nouns (folded prefixes) of tools: a list of examples after one names the tools asked, not alternatives of a competency.
    static let toolNouns = ["outil", "logiciel", "tool", "software", "plateforme", "platform", "application", "suite"]

    /// The folded sentence around `start..<end` (bounded by `TextSpans` boundaries) and where the match lies in it.
    static func sentence(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> (text: [Unicode.Scalar], matchStart: Int, matchEnd: Int) {
        var lo = start
        while lo > 0 && start - lo < 300 && !TextSpans.isBoundary(scalars, lo - 1) { lo -= 1 }
        var hi = end
        while hi < scalars.count && hi - end < 300 && !TextSpans.isBoundary(scalars, hi) { hi += 1 }
        // "Où" (where) folds to "ou" (or): it is renamed first, so "dans un contexte où l'épuisement …" lists no alternatives.
        func folded(_ a: Int, _ b: Int) -> [Unicode.Scalar] {
            Array(SenseCheck.fold(whereForOu(TextSpans.slice(scalars, a, b))).unicodeScalars)
        }
        let before = folded(lo, start), match = folded(start, end), after = folded(end, hi)
        return (before + match + after, before.count, before.count + match.count)
    }

    /// The text with the word "où" (where) written "where", which no rule reads as a connector of alternatives.
    static func whereForOu(_ text: String) -> String {
        guard text.contains("où") || text.contains("Où") || text.contains("OÙ") else { return text }
        return text.replacingOccurrences(of: "(?<![\\p{L}])(où|Où|OÙ)(?![\\p{L}])", with: "where", options: .regularExpression)
    }

    /// " word word " of a folded text: letters, digits, apostrophes and hyphens kept, the rest a single space.
    static func padded(_ s: some Sequence<Unicode.Scalar>) -> String {
        var out = " "
        for c in s { out.unicodeScalars.append(c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "'" || c == "-" ? c : " ") }
        out += " "
        while out.contains("  ") { out = out.replacingOccurrences(of: "  ", with: " ") }
        return out
    }

    /// True when the sentence holding `start..<end` says its items are welcome rather than required.
    static func hasDesirableWord(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        let s = padded(sentence(scalars, start: start, end: end).text)
        return desirableWords.contains { s.contains(" " + $0 + " ") }
    }

    /// True when `start..<end` is one item of a list of alternatives ("… en participation publique, en organisation
    /// communautaire ou en animation de groupes"): an "ou"/"or" (or "et/ou", "and/or") stands in the same list, and only
    /// list items separate them (no ":", "(", " et ", " and " in between).
    static func inAlternatives(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        let (text, ms, me) = sentence(scalars, start: start, end: end)
        let n = text.count
        // Positions of " ou " / " or " (and "et/ou", "and/or") as word connectors.
        func word(at i: Int) -> String {
            var k = i, w = String.UnicodeScalarView()
            while k < n && text[k].properties.isAlphabetic { w.append(text[k]); k += 1 }
            return String(w)
        }
        func isWordStart(_ i: Int) -> Bool { i == 0 || !text[i - 1].properties.isAlphabetic }
        var i = 0
        while i < n {
            guard isWordStart(i) else { i += 1; continue }
            let w = word(at: i)
            defer { i += max(1, w.unicodeScalars.count) }
            guard w == "ou" || w == "or" else { continue }
            if i >= ms && i < me { continue } // inside the match itself
            // The alternative after the connector.
            var k = i + w.unicodeScalars.count
            while k < n && !text[k].properties.isAlphabetic { k += 1 }
            let next = word(at: k)
            let nextTwo = next + " " + word(at: min(n, k + next.unicodeScalars.count + 1))
            if notAlternatives.contains(next) || notAlternatives.contains(nextTwo) { continue }
            // The list: from the connector back to ":", "(", " et "/" and " (not "et/ou"), or to the word that opens a list of
            // examples ("avec", "comme", "such as": `exampleOpeners`), forward to "," ")" or the end.
            func opensExamples(_ j: Int) -> Bool {
                guard isWordStart(j) else { return false }
                let v = word(at: j)
                if exampleOpeners.contains(v) { return true }
                let after = j + v.unicodeScalars.count + 1
                return after < n && exampleOpeners.contains(v + " " + word(at: after))
            }
            func opensList(_ j: Int) -> Bool {
                if text[j] == ":" || text[j] == "(" { return true }
                if isWordStart(j) {
                    let v = word(at: j)
                    if v == "et" || v == "and" { return !(j + v.unicodeScalars.count < n && text[j + v.unicodeScalars.count] == "/") }
                }
                return opensExamples(j)
            }
            var a = i - 1
            while a > 0 && !opensList(a) { a -= 1 }
            var b = k
            while b < n && text[b] != "," && text[b] != ")" && text[b] != ":" { b += 1 }
            // Tools given as examples of what is asked ("des outils comme Figma, Jira ou Airtable", "software such as SPSS or R") are
            // the asked thing, named: any of them will do, but the tools are asked.
            if ms >= a && me <= b && opensExamples(a) {
                let lead = padded(text[max(0, a - 40) ..< a])
                if toolNouns.contains(where: { lead.contains(" " + $0) || lead.contains("'" + $0) }) { continue }
            }
            if ms >= a && me <= b { return true }
        }
        return false
    }

    /// True when the span is only welcome: a nice-to-have section, a desirable word in its sentence, or one of alternatives.
    static func isOptional(_ scalars: [Unicode.Scalar], start: Int, end: Int, section: SectionKind) -> Bool {
        if section == .desirable { return true }
        return hasDesirableWord(scalars, start: start, end: end) || inAlternatives(scalars, start: start, end: end)
    }
}
