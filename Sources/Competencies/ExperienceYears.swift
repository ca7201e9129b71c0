import Foundation
import Synchronization

/// Years of experience a posting asks for, and years a CV shows (issue 24: a 3-line junior CV was labelled a
/// "strong" fit for posts asking 3 and 5 years, above a 22-year facilitator's best match).
///
/// Posting: the smallest number of years stated next to "expérience"/"experience" ("3 à 5 ans d'expérience" → 3,
/// "minimum 5 ans", "at least 3 years of experience", "5+ years"); nil when none is stated.
/// CV: the larger of what it says ("15 ans d'expérience", "22 years of experience") and the span its dated work
/// lines cover (year ranges "2009–2024", "2019 - aujourd'hui", "2018 → 2026", merged; lines naming a diploma or a
/// school left out). An open range ("depuis 2019", "2019–présent") ends at `presentYear`, a constant, so that the same text always
/// gives the same answer (no clock). nil when the CV states nothing and dates nothing.
///
/// Complexity: O(n) in the text's length (a few regular-expression passes).
public enum ExperienceYears {
    /// The year an open range ends at ("2019–aujourd'hui"): fixed, so the reading never depends on the clock.
    public static let presentYear = 2026

    static let numberWords: [String: Int] = [
        "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    ]

    /// Case and accents folded, ’ → ', no-break space → space, en and em dashes → -.
    /// - Complexity: O(text length): one pass over the scalars after `folding` (four `replacingOccurrences`
    ///   over the whole text were a tenth of a rank's time, issue 25d).
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        func replacement(_ s: Unicode.Scalar) -> Unicode.Scalar? {
            switch s.value {
            case 0x2019: return "'"
            case 0x00A0: return " "
            case 0x2013, 0x2014: return "-"
            default: return nil
            }
        }
        guard folded.unicodeScalars.contains(where: { replacement($0) != nil }) else { return folded }
        var out = String.UnicodeScalarView()
        for s in folded.unicodeScalars { out.append(replacement(s) ?? s) }
        return String(out)
    }

    /// Every match of `pattern` in `text`, each as its groups (the whole match first; "" for a group that took no part).
    /// With `keywords`, the pattern runs only on windows of `reach` UTF-16 units either side of their occurrences (merged
    /// where they meet), which finds the same matches as a pass over the whole text when every match of the pattern holds
    /// one of the keywords and is at most `reach` units long, and its word boundaries (`\b`) stand inside a match (issue
    /// 25e: the pass over a whole posting was a fifth of a matched posting's profile; most of a text is far from any
    /// "expérience").
    static func matches(_ pattern: String, in text: String, near keywords: [String]? = nil, reach: Int = 0) -> [[String]] {
        guard let re = compiled(pattern) else { return [] }
        let ns = text as NSString
        let ranges = keywords.map { windows(of: $0, in: text, reach: reach) } ?? [NSRange(location: 0, length: ns.length)]
        return ranges.flatMap { range in
            re.matches(in: text, range: range).map { m in
                (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
            }
        }
    }

    /// The UTF-16 ranges `reach` units either side of each occurrence of `keywords` in `text`, merged where they overlap
    /// or touch, in text order. - Complexity: O(n · keywords).
    static func windows(of keywords: [String], in text: String, reach: Int) -> [NSRange] {
        let u = Array(text.utf16)
        var spans: [(Int, Int)] = []
        for keyword in keywords {
            let k = Array(keyword.utf16)
            guard let first = k.first, k.count <= u.count else { continue }
            for i in 0...(u.count - k.count) where u[i] == first && u[i ..< i + k.count].elementsEqual(k) {
                spans.append((max(0, i - reach), min(u.count, i + k.count + reach)))
            }
        }
        spans.sort { $0.0 < $1.0 }
        var merged: [(Int, Int)] = []
        for s in spans {
            if let last = merged.last, s.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, s.1) } else { merged.append(s) }
        }
        return merged.map { NSRange(location: $0.0, length: $0.1 - $0.0) }
    }

    /// `pattern` compiled once per process (a compilation per call was a few percent of a profile); nil when invalid.
    static func compiled(_ pattern: String) -> NSRegularExpression? {
        if let re = compiledPatterns.withLock({ $0[pattern] }) { return re }
        guard let re = try? NSRegularExpression(pattern: pattern) else { return nil }
        compiledPatterns.withLock { $0[pattern] = re }
        return re
    }
    private static let compiledPatterns = Mutex<[String: NSRegularExpression]>([:])

    static func number(_ s: String) -> Int? { Int(s) ?? numberWords[s] }

    static let num = "([0-9]{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|one|two|three|four|five|seven|eight|nine|ten)"

    /// "N (à|-|to M)? (+)? ans|années|years … expérience" or "expérience … N ans".
    static let statedYearsPattern = "\(num)(?: ?(?:a|-|to|ou|or) ?[0-9]{1,2})? ?\\+? ?(?:ans|annees|an|years?|yrs)\\b[^.;\\n]{0,40}?(?:experience|d'exp)"
        + "|(?:experience|expérience)[^.;\\n]{0,30}?(?:minimum|au moins|at least|d'au moins|de|of)? ?\(num) ?\\+? ?(?:ans|annees|years?)"
    /// Every match of `statedYearsPattern` holds one of these, and is at most 71 characters long (each part is bounded),
    /// so at most 142 UTF-16 units: the pattern runs only near them (`matches(_:in:near:reach:)`). Keep them in step with
    /// the pattern (ExperienceYearsWindowTests compares the windowed pass with a whole one).
    static let statedYearsKeywords = ["experience", "d'exp", "expérience"]
    static let statedYearsReach = 160

    /// Years stated with "experience" nearby: every (first number) of "N (à|-|to M)? (+)? ans|années|years … expérience".
    static func statedYears(_ folded: String) -> [Int] {
        var out: [Int] = []
        for m in matches(statedYearsPattern, in: folded, near: statedYearsKeywords, reach: statedYearsReach) {
            if let n = number(m[1]) ?? number(m[2]) { out.append(n) }
        }
        return out
    }

    /// Years of experience a posting asks for (the smallest stated), nil when it states none.
    public static func required(posting text: String) -> Int? {
        required(folded: fold(text))
    }

    /// `required(posting:)` of a text already folded (`fold`): a matched posting's profile folds once for this and
    /// `Eligibility.condition(folded:)`.
    public static func required(folded: String) -> Int? {
        statedYears(folded).filter { $0 > 0 && $0 <= 30 }.min()
    }

    /// Words (folded) of a line about studies, not work: its dates do not count as experience.
    static let studyWords = ["baccalaur", "licence", "master", "maitrise en", "diplome", "dec ", "d.e.c", "bachelor", "degree",
                             "doctorat", "phd", "ph. d", "ph.d", "m.a.", "mba", "certificat", "certificate", "etudes", "studies",
                             "lycee", "bts", "dut", "formation initiale"]
    /// Work places and job titles (folded) that hold a study word: "bureau d'études" is a consultancy, "chargée d'études"
    /// a post. They are taken out of a line before `studyWords` are looked for, so a job there counts its years.
    static let workPlacesWithStudyWords = "(?:bureaux?|cabinets?|societes?|charge(?:e|es|s)?|ingenieur(?:e|es|s)?|directeur|directrice|responsable|assistant(?:e)?) d(?:'|e |es )etudes"

    /// Whether a folded line is about studies (its dates are no work), once work places named after studies are set aside.
    static func isStudyLine(_ folded: String) -> Bool {
        let line = folded.replacingOccurrences(of: workPlacesWithStudyWords, with: " ", options: .regularExpression)
        return studyWords.contains(where: { line.contains($0) })
    }

    /// Years of experience a CV shows, nil when it states none and dates no work.
    public static func shown(cv text: String) -> Int? {
        let folded = fold(text)
        let stated = statedYears(folded).filter { $0 <= 50 }.max()
        // Year ranges on work lines, merged.
        var spans: [(Int, Int)] = []
        for line in folded.split(separator: "\n") {
            let l = String(line)
            if isStudyLine(l) { continue }
            // Separators: a dash, "à", "au", "to", a slash, or an arrow ("2018 → 2026", "2019 -> now": issue 24g, a museum
            // mediator's ten dated years read as none, so "weak" on every post asking two).
            let range = "((?:19|20)[0-9]{2}) ?(?:->|-|a|au|to|/|\u{2192}|\u{27F6}) ?((?:19|20)[0-9]{2}|aujourd'hui|present|maintenant|now|current|ce jour|auj)"
            for m in matches(range, in: l) {
                guard let a = Int(m[1]) else { continue }
                let b = Int(m[2]) ?? presentYear
                if a <= b && b - a <= 50 { spans.append((a, b)) }
            }
            for m in matches("(?:depuis|since) ((?:19|20)[0-9]{2})", in: l) {
                if let a = Int(m[1]), a <= presentYear { spans.append((a, presentYear)) }
            }
        }
        var covered = 0
        if !spans.isEmpty {
            spans.sort { $0.0 < $1.0 }
            var (s, e) = spans[0]
            for (a, b) in spans.dropFirst() {
                if a <= e { e = max(e, b) } else { covered += e - s; (s, e) = (a, b) }
            }
            covered += e - s
        }
        if stated == nil && spans.isEmpty { return nil }
        return max(stated ?? 0, covered)
    }
}
