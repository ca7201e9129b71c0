// English "Porter2" Snowball stemmer, written from the published algorithm description
// (snowballstem.org, "The English (Porter2) stemming algorithm"). Works on ASCII byte arrays;
// a word with non-ASCII letters is returned unchanged.

/// The English Porter2 Snowball stemmer. `stem` expects a lower-case word.
public enum EnglishStemmer {
    public static func stem(_ word: String) -> String {
        var w = [UInt8]()
        for s in word.unicodeScalars {
            if s.value >= 0x80 { return word }
            w.append(UInt8(s.value))
        }
        stemInPlace(&w)
        return String(decoding: w, as: UTF8.self)
    }

    static let Y: UInt8 = 0x59

    @inline(__always) static func isV(_ c: UInt8) -> Bool {
        switch c { case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: return true; default: return false }
    }
    @inline(__always) static func isVWXY(_ c: UInt8) -> Bool { isV(c) || c == 0x77 || c == 0x78 || c == Y }

    static func b(_ s: String) -> [UInt8] { Array(s.utf8) }
    static func list(_ words: [String]) -> [[UInt8]] { words.map(b).sorted { $0.count > $1.count } }

    @inline(__always) static func longest(_ w: [UInt8], _ suffixes: [[UInt8]]) -> [UInt8]? {
        let end = w.count
        for s in suffixes where s.count <= end {
            var ok = true
            var j = end - s.count
            for c in s { if w[j] != c { ok = false; break }; j += 1 }
            if ok { return s }
        }
        return nil
    }
    @inline(__always) static func endsWith(_ w: [UInt8], _ s: [UInt8]) -> Bool {
        if s.count > w.count { return false }
        var j = w.count - s.count
        for c in s { if w[j] != c { return false }; j += 1 }
        return true
    }
    @inline(__always) static func replace(_ w: inout [UInt8], from s: Int, with r: [UInt8]) {
        w.removeSubrange(s...); w.append(contentsOf: r)
    }

    static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky", "idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli",
        "only": "onli", "singly": "singl", "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
        "cosmos": "cosmos", "bias": "bias", "andes": "andes",
    ]
    static let exceptionBytes: [[UInt8]: [UInt8]] = {
        var d = [[UInt8]: [UInt8]]()
        for (k, v) in exceptions { d[Array(k.utf8)] = Array(v.utf8) }
        return d
    }()
    static let regionPrefixes = list(["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter"])
    static let step1a = list(["sses", "ied", "ies", "s", "us", "ss"])
    static let step1b = list(["eed", "eedly", "ed", "edly", "ing", "ingly"])
    static let step2: [([UInt8], [UInt8]?)] = [
        ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("entli", "ent"),
        ("izer", "ize"), ("ization", "ize"), ("ational", "ate"), ("ation", "ate"), ("ator", "ate"),
        ("alism", "al"), ("aliti", "al"), ("alli", "al"), ("fulness", "ful"), ("ousli", "ous"), ("ousness", "ous"),
        ("iveness", "ive"), ("iviti", "ive"), ("biliti", "ble"), ("bli", "ble"), ("ogist", "og"), ("ogi", "og"),
        ("fulli", "ful"), ("lessli", "less"), ("li", nil),
    ].map { (b($0.0), $0.1.map(b)) }.sorted { $0.0.count > $1.0.count }
    static let step3: [([UInt8], [UInt8]?)] = [
        ("tional", "tion"), ("ational", "ate"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ical", "ic"),
        ("ful", ""), ("ness", ""), ("ative", nil),
    ].map { (b($0.0), $0.1.map(b)) }.sorted { $0.0.count > $1.0.count }
    static let step4 = list(["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
                             "ate", "iti", "ous", "ive", "ize", "ion"])

    public static func stemInPlace(_ w: inout [UInt8]) {
        if let e = exceptionBytes[w] { w = e; return }
        if w.count < 3 { return }
        // Prelude.
        if w.first == 0x27 { w.removeFirst() }
        var yFound = false
        if w.first == 0x79 { w[0] = Y; yFound = true }
        if w.count >= 2 {
            for i in 1..<w.count where w[i] == 0x79 && isV(w[i - 1]) { w[i] = Y; yFound = true }
        }
        let n0 = w.count
        // Regions.
        var p1 = n0, p2 = n0
        var start = -1
        for p in regionPrefixes where p.count <= n0 && Array(w[0..<p.count]) == p { start = p.count; break }
        if start < 0 {
            var j = 0
            while j < n0 && !isV(w[j]) { j += 1 }
            while j < n0 && isV(w[j]) { j += 1 }
            if j < n0 { start = j + 1 }
        }
        if start >= 0 {
            p1 = start
            var j = start
            while j < n0 && !isV(w[j]) { j += 1 }
            while j < n0 && isV(w[j]) { j += 1 }
            if j < n0 { p2 = j + 1 }
        }
        // Step 1a.
        if endsWith(w, [0x27, 0x73, 0x27]) { w.removeLast(3) }
        else if endsWith(w, [0x27, 0x73]) { w.removeLast(2) }
        else if endsWith(w, [0x27]) { w.removeLast(1) }
        if let suf = longest(w, step1a) {
            let s = w.count - suf.count
            switch suf {
            case b("sses"): w.removeLast(2)
            case b("ied"), b("ies"):
                if s >= 2 { replace(&w, from: s, with: [0x69]) } else { replace(&w, from: s, with: [0x69, 0x65]) }
            case b("s"):
                // skip the letter just before, then find a vowel further left
                if s >= 2 {
                    var j = s - 2
                    var found = false
                    while j >= 0 { if isV(w[j]) { found = true; break }; j -= 1 }
                    if found { w.removeLast() }
                }
            default: break
            }
        }
        // Step 1b.
        step1b(&w, p1)
        // Step 1c.
        if w.count >= 3, let last = w.last, last == 0x79 || last == Y, !isV(w[w.count - 2]) {
            w[w.count - 1] = 0x69
        }
        // Step 2.
        if let (suf, rep) = step2.first(where: { endsWith(w, $0.0) }) {
            let s = w.count - suf.count
            if s >= p1 {
                if suf == b("ogi") {
                    if s >= 1 && w[s - 1] == 0x6C { replace(&w, from: s, with: rep!) }
                } else if let r = rep {
                    replace(&w, from: s, with: r)
                } else if s >= 1 {
                    switch w[s - 1] {
                    case 0x63, 0x64, 0x65, 0x67, 0x68, 0x6B, 0x6D, 0x6E, 0x72, 0x74: w.removeSubrange(s...)
                    default: break
                    }
                }
            }
        }
        // Step 3.
        if let (suf, rep) = step3.first(where: { endsWith(w, $0.0) }) {
            let s = w.count - suf.count
            if s >= p1 {
                if let r = rep { replace(&w, from: s, with: r) } else if s >= p2 { w.removeSubrange(s...) }
            }
        }
        // Step 4.
        if let suf = longest(w, step4) {
            let s = w.count - suf.count
            if s >= p2 {
                if suf == b("ion") {
                    if s >= 1 && (w[s - 1] == 0x73 || w[s - 1] == 0x74) { w.removeSubrange(s...) }
                } else {
                    w.removeSubrange(s...)
                }
            }
        }
        // Step 5.
        if let last = w.last {
            let s = w.count - 1
            if last == 0x65 {
                if s >= p2 || (s >= p1 && !shortV(w, s)) { w.removeLast() }
            } else if last == 0x6C {
                if s >= p2 && s >= 1 && w[s - 1] == 0x6C { w.removeLast() }
            }
        }
        // Postlude.
        if yFound { for i in 0..<w.count where w[i] == Y { w[i] = 0x79 } }
    }

    /// Short syllable ending at `end` (exclusive).
    static func shortV(_ w: [UInt8], _ end: Int) -> Bool {
        if end >= 3 && !isVWXY(w[end - 1]) && isV(w[end - 2]) && !isV(w[end - 3]) { return true }
        if end == 2 && !isV(w[1]) && isV(w[0]) { return true }
        if end >= 4 && w[end - 4] == 0x70 && w[end - 3] == 0x61 && w[end - 2] == 0x73 && w[end - 1] == 0x74 { return true }
        return false
    }

    static let ingExceptions = list(["inn", "out", "cann", "herr", "earr", "even"])

    static func step1b(_ w: inout [UInt8], _ p1: Int) {
        guard let suf = longest(w, step1b) else { return }
        let s = w.count - suf.count
        if suf == b("eed") || suf == b("eedly") {
            let stem = Array(w[0..<s])
            if stem == b("proc") || stem == b("exc") || stem == b("succ") { return }
            if s >= p1 { replace(&w, from: s, with: [0x65, 0x65]) }
            return
        }
        if suf == b("ing") {
            // dying -> die etc.
            if s == 2 && w[1] == 0x79 && !isV(w[0]) { replace(&w, from: 1, with: [0x69, 0x65]); return }
            let stem = Array(w[0..<s])
            if ingExceptions.contains(stem) { return }
        }
        // ed, edly, ing, ingly: need a vowel in the preceding part
        var found = false
        var j = s - 1
        while j >= 0 { if isV(w[j]) { found = true; break }; j -= 1 }
        guard found else { return }
        w.removeSubrange(s...)
        let n = w.count
        if endsWith(w, b("at")) || endsWith(w, b("bl")) || endsWith(w, b("iz")) { w.append(0x65); return }
        if n >= 2 && w[n - 1] == w[n - 2] {
            switch w[n - 1] {
            case 0x62, 0x64, 0x66, 0x67, 0x6D, 0x6E, 0x70, 0x72, 0x74:
                if n == 3, w[0] == 0x61 || w[0] == 0x65 || w[0] == 0x6F { return }
                w.removeLast(); return
            default: break
            }
        }
        if n == p1 && shortV(w, n) { w.append(0x65) }
    }
}
