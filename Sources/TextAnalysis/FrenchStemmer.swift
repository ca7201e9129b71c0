// French Snowball stemmer, written from the published algorithm description
// (snowballstem.org, "French stemming algorithm"). Works on arrays of Unicode scalar values.
// Marker letters U, I, Y, H (upper case) are used exactly as in the algorithm's prelude;
// input is expected in lower case.

/// The French Snowball stemmer. `stem` expects a lower-case word (accents kept: the algorithm needs them).
public enum FrenchStemmer {
    public static func stem(_ word: String) -> String {
        var w = word.unicodeScalars.map { $0.value }
        stemInPlace(&w)
        var s = String.UnicodeScalarView()
        for c in w { if let u = Unicode.Scalar(c) { s.append(u) } }
        return String(s)
    }

    // Scalars used below.
    static let e_acute: UInt32 = 0xE9, e_grave: UInt32 = 0xE8, e_circ: UInt32 = 0xEA, e_diaer: UInt32 = 0xEB
    static let i_diaer: UInt32 = 0xEF, i_circ: UInt32 = 0xEE, c_ced: UInt32 = 0xE7
    static let U: UInt32 = 0x55, I: UInt32 = 0x49, Y: UInt32 = 0x59, H: UInt32 = 0x48

    @inline(__always) static func isV(_ c: UInt32) -> Bool {
        switch c {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: return true // a e i o u y
        case 0xE2, 0xE0, 0xEB, 0xE9, 0xEA, 0xE8, 0xEF, 0xEE, 0xF4, 0xFB, 0xF9: return true
        default: return false
        }
    }

    @inline(__always) static func ch(_ s: StaticString) -> [UInt32] {
        String(describing: s).unicodeScalars.map { $0.value }
    }

    static func list(_ words: [String]) -> [[UInt32]] {
        words.map { $0.unicodeScalars.map { $0.value } }.sorted { $0.count > $1.count }
    }

    /// Longest suffix of w[0..<end] found in `suffixes` (sorted longest first); returns its index in the list.
    @inline(__always) static func longest(_ w: [UInt32], _ end: Int, _ suffixes: [[UInt32]], from lower: Int = 0) -> [UInt32]? {
        for s in suffixes where s.count <= end - lower {
            var ok = true
            var j = end - s.count
            for c in s { if w[j] != c { ok = false; break }; j += 1 }
            if ok { return s }
        }
        return nil
    }

    @inline(__always) static func endsWith(_ w: [UInt32], _ s: [UInt32]) -> Bool {
        if s.count > w.count { return false }
        var j = w.count - s.count
        for c in s { if w[j] != c { return false }; j += 1 }
        return true
    }

    static func u(_ s: String) -> [UInt32] { s.unicodeScalars.map { $0.value } }

    // Suffix groups of step 1 (standard suffix removal).
    static let g1 = Set(["ance", "iqUe", "isme", "able", "iste", "eux", "ances", "iqUes", "ismes", "ables", "istes"].map(u))
    static let gAtrice = Set(["atrice", "ateur", "ation", "atrices", "ateurs", "ations"].map(u))
    static let gLogie = Set(["logie", "logies"].map(u))
    static let gUsion = Set(["usion", "ution", "usions", "utions"].map(u))
    static let gEnce = Set(["ence", "ences"].map(u))
    static let gEment = Set(["ement", "ements"].map(u))
    static let gIte = Set(["ité", "ités"].map(u))
    static let gIf = Set(["if", "ive", "ifs", "ives"].map(u))
    static let gEuse = Set(["euse", "euses"].map(u))
    static let gIssement = Set(["issement", "issements"].map(u))
    static let gMent = Set(["ment", "ments"].map(u))
    static let step1All: [[UInt32]] = list(
        ["ance", "iqUe", "isme", "able", "iste", "eux", "ances", "iqUes", "ismes", "ables", "istes",
         "atrice", "ateur", "ation", "atrices", "ateurs", "ations", "logie", "logies",
         "usion", "ution", "usions", "utions", "ence", "ences", "ement", "ements", "ité", "ités",
         "if", "ive", "ifs", "ives", "eaux", "aux", "oux", "euse", "euses", "issement", "issements",
         "amment", "emment", "ment", "ments"])
    static let afterEment = list(["iv", "eus", "abl", "iqU", "ièr", "Ièr"])
    static let afterIte = list(["abil", "ic", "iv"])
    static let iVerb = list(["îmes", "ît", "îtes", "i", "ie", "ies", "ir", "ira", "irai", "iraIent", "irais", "irait",
                             "iras", "irent", "irez", "iriez", "irions", "irons", "iront", "is", "issaIent", "issais",
                             "issait", "issant", "issante", "issantes", "issants", "isse", "issent", "isses", "issez",
                             "issiez", "issions", "issons", "it"])
    static let verbDelete = Set(["é", "ée", "ées", "és", "èrent", "er", "era", "erai", "eraIent", "erais", "erait",
                                 "eras", "erez", "eriez", "erions", "erons", "eront", "ez", "iez"].map(u))
    static let verbA = Set(["âmes", "ât", "âtes", "a", "ai", "aIent", "ait", "ant", "ante", "antes", "ants", "as",
                            "asse", "assent", "asses", "assiez", "assions"].map(u))
    static let verbAis = Set(["ais", "aise", "aises"].map(u))
    static let verbAll = list(["ions", "é", "ée", "ées", "és", "èrent", "er", "era", "erai", "eraIent", "erais", "erait",
                               "eras", "erez", "eriez", "erions", "erons", "eront", "ez", "iez",
                               "âmes", "ât", "âtes", "a", "ai", "aIent", "ait", "ant", "ante", "antes", "ants", "as",
                               "asse", "assent", "asses", "assiez", "assions", "ais", "aise", "aises", "eais"])
    static let residual = list(["ion", "ier", "ière", "Ier", "Ière", "e"])
    static let doubles = list(["enn", "onn", "ett", "ell", "eill"])
    static let aisExceptions = list(["al", "auv", "épl"])

    /// Stems `w` (lower-case scalar values) in place.
    public static func stemInPlace(_ w: inout [UInt32]) {
        // Elisions: c d j l m n s t or qu followed by an apostrophe.
        if w.count >= 3 {
            let apos: (UInt32) -> Bool = { $0 == 0x27 || $0 == 0x2019 }
            if apos(w[1]) && [0x63, 0x64, 0x6A, 0x6C, 0x6D, 0x6E, 0x73, 0x74].contains(w[0]) {
                w.removeFirst(2)
            } else if w.count >= 4 && w[0] == 0x71 && w[1] == 0x75 && apos(w[2]) {
                w.removeFirst(3)
            }
        }
        // Prelude.
        var i = 0
        while i < w.count {
            let c = w[i]
            var changed = false
            if isV(c) && i + 1 < w.count {
                let n = w[i + 1]
                if n == 0x75 && i + 2 < w.count && isV(w[i + 2]) { w[i + 1] = U; changed = true }
                else if n == 0x69 && i + 2 < w.count && isV(w[i + 2]) { w[i + 1] = I; changed = true }
                else if n == 0x79 { w[i + 1] = Y; changed = true }
            }
            if !changed {
                if c == e_diaer { w[i] = H; w.insert(0x65, at: i + 1); changed = true }
                else if c == i_diaer { w[i] = H; w.insert(0x69, at: i + 1); changed = true }
                else if c == 0x79 && i + 1 < w.count && isV(w[i + 1]) { w[i] = Y; changed = true }
                else if c == 0x71 && i + 1 < w.count && w[i + 1] == 0x75 { w[i + 1] = U; changed = true }
            }
            if !changed { i += 1 }
        }
        // Regions.
        let n = w.count
        var pV = n, p1 = n, p2 = n
        if n >= 3 && isV(w[0]) && isV(w[1]) {
            pV = 3
        } else if n >= 3 && ((w[0] == 0x70 && w[1] == 0x61 && w[2] == 0x72) || (w[0] == 0x63 && w[1] == 0x6F && w[2] == 0x6C)
                            || (w[0] == 0x74 && w[1] == 0x61 && w[2] == 0x70)) {
            pV = 3
        } else if n >= 3 && w[0] == 0x6E && w[1] == 0x69 && isV(w[2]) {
            pV = 3
        } else {
            var j = 1
            while j < n && !isV(w[j]) { j += 1 }
            if j < n { pV = j + 1 }
        }
        do {
            var j = 0
            while j < n && !isV(w[j]) { j += 1 }
            while j < n && isV(w[j]) { j += 1 }
            if j < n {
                p1 = j + 1
                j += 1
                while j < n && !isV(w[j]) { j += 1 }
                while j < n && isV(w[j]) { j += 1 }
                if j < n { p2 = j + 1 }
            }
        }
        // Steps.
        var done = false
        let before = w
        if standardSuffix(&w, pV, p1, p2) || iVerbSuffix(&w, pV) || verbSuffix(&w, pV, p2) {
            done = true
            if let last = w.last {
                if last == Y { w[w.count - 1] = 0x69 } else if last == c_ced { w[w.count - 1] = 0x63 }
            }
        }
        _ = before
        if !done { residualSuffix(&w, pV, p2) }
        // un_double
        if longest(w, w.count, doubles) != nil { w.removeLast() }
        // un_accent
        var k = w.count - 1
        while k >= 0 && !isV(w[k]) { k -= 1 }
        if k >= 0 && k < w.count - 1 && (w[k] == e_acute || w[k] == e_grave) { w[k] = 0x65 }
        // Postlude.
        var out = [UInt32]()
        out.reserveCapacity(w.count)
        var m = 0
        while m < w.count {
            let c = w[m]
            switch c {
            case I: out.append(0x69)
            case U: out.append(0x75)
            case Y: out.append(0x79)
            case H:
                if m + 1 < w.count && w[m + 1] == 0x65 { out.append(e_diaer); m += 1 }
                else if m + 1 < w.count && w[m + 1] == 0x69 { out.append(i_diaer); m += 1 }
            default: out.append(c)
            }
            m += 1
        }
        w = out
    }

    @inline(__always) static func replace(_ w: inout [UInt32], from s: Int, with r: [UInt32]) {
        w.removeSubrange(s...)
        w.append(contentsOf: r)
    }

    static let strIqU = u("iqU"), strLog = u("log"), strU = u("u"), strEnt = u("ent"), strEux = u("eux")
    static let strAbl = u("abl"), strI = u("i"), strEau = u("eau"), strAl = u("al"), strOu = u("ou"), strAnt = u("ant")
    static let strIc = u("ic"), strAt = u("at"), strIv = u("iv")

    /// Step 1. Returns true when it "succeeds" in the Snowball sense.
    static func standardSuffix(_ w: inout [UInt32], _ pV: Int, _ p1: Int, _ p2: Int) -> Bool {
        guard let suf = longest(w, w.count, step1All) else { return false }
        let s = w.count - suf.count
        if g1.contains(suf) {
            guard s >= p2 else { return false }
            w.removeSubrange(s...)
            return true
        }
        if gAtrice.contains(suf) {
            guard s >= p2 else { return false }
            w.removeSubrange(s...)
            if endsWith(w, strIc) {
                let t = w.count - 2
                if t >= p2 { w.removeSubrange(t...) } else { replace(&w, from: t, with: strIqU) }
            }
            return true
        }
        if gLogie.contains(suf) { guard s >= p2 else { return false }; replace(&w, from: s, with: strLog); return true }
        if gUsion.contains(suf) { guard s >= p2 else { return false }; replace(&w, from: s, with: strU); return true }
        if gEnce.contains(suf) { guard s >= p2 else { return false }; replace(&w, from: s, with: strEnt); return true }
        if gEment.contains(suf) {
            guard s >= pV else { return false }
            w.removeSubrange(s...)
            if let a = longest(w, w.count, afterEment) {
                let t = w.count - a.count
                if a == strIv {
                    if t >= p2 {
                        w.removeSubrange(t...)
                        if endsWith(w, strAt) && w.count - 2 >= p2 { w.removeSubrange((w.count - 2)...) }
                    }
                } else if a == u("eus") {
                    if t >= p2 { w.removeSubrange(t...) } else if t >= p1 { replace(&w, from: t, with: strEux) }
                } else if a == strAbl || a == strIqU {
                    if t >= p2 { w.removeSubrange(t...) }
                } else { // ièr, Ièr
                    if t >= pV { replace(&w, from: t, with: strI) }
                }
            }
            return true
        }
        if gIte.contains(suf) {
            guard s >= p2 else { return false }
            w.removeSubrange(s...)
            if let a = longest(w, w.count, afterIte) {
                let t = w.count - a.count
                if a == u("abil") {
                    if t >= p2 { w.removeSubrange(t...) } else { replace(&w, from: t, with: strAbl) }
                } else if a == strIc {
                    if t >= p2 { w.removeSubrange(t...) } else { replace(&w, from: t, with: strIqU) }
                } else if t >= p2 { w.removeSubrange(t...) }
            }
            return true
        }
        if gIf.contains(suf) {
            guard s >= p2 else { return false }
            w.removeSubrange(s...)
            if endsWith(w, strAt) && w.count - 2 >= p2 {
                w.removeSubrange((w.count - 2)...)
                if endsWith(w, strIc) {
                    let t = w.count - 2
                    if t >= p2 { w.removeSubrange(t...) } else { replace(&w, from: t, with: strIqU) }
                }
            }
            return true
        }
        if suf == u("eaux") { replace(&w, from: s, with: strEau); return true }
        if suf == u("aux") { guard s >= p1 else { return false }; replace(&w, from: s, with: strAl); return true }
        if suf == u("oux") {
            guard s >= 1 else { return false }
            switch w[s - 1] { case 0x62, 0x68, 0x6A, 0x6C, 0x6E, 0x70: break; default: return false }
            replace(&w, from: s, with: strOu); return true
        }
        if gEuse.contains(suf) {
            if s >= p2 { w.removeSubrange(s...); return true }
            if s >= p1 { replace(&w, from: s, with: strEux); return true }
            return false
        }
        if gIssement.contains(suf) {
            guard s >= p1, s >= 1, !isV(w[s - 1]) else { return false }
            w.removeSubrange(s...)
            return true
        }
        if suf == u("amment") { if s >= pV { replace(&w, from: s, with: strAnt) }; return false }
        if suf == u("emment") { if s >= pV { replace(&w, from: s, with: strEnt) }; return false }
        if gMent.contains(suf) {
            if s >= 1 && isV(w[s - 1]) && s - 1 >= pV { w.removeSubrange(s...) }
            return false
        }
        return false
    }

    static func iVerbSuffix(_ w: inout [UInt32], _ pV: Int) -> Bool {
        guard let suf = longest(w, w.count, iVerb, from: pV) else { return false }
        let s = w.count - suf.count
        guard s - 1 >= pV else { return false }
        let p = w[s - 1]
        guard p != H, !isV(p) else { return false }
        w.removeSubrange(s...)
        return true
    }

    static func verbSuffix(_ w: inout [UInt32], _ pV: Int, _ p2: Int) -> Bool {
        guard let suf = longest(w, w.count, verbAll, from: pV) else { return false }
        let s = w.count - suf.count
        if suf == u("ions") {
            guard s >= p2 else { return false }
            w.removeSubrange(s...); return true
        }
        if verbDelete.contains(suf) || suf == u("eais") { w.removeSubrange(s...); return true }
        if verbA.contains(suf) {
            var t = s
            if t - 1 >= pV && w[t - 1] == 0x65 { t -= 1 }
            w.removeSubrange(t...); return true
        }
        if verbAis.contains(suf) {
            // not among('al' (next atlimit), 'auv', 'épl')
            if let x = longest(w, s, aisExceptions) {
                if x == strAl { if s - 2 == 1 { return false } }
                else { return false }
            }
            w.removeSubrange(s...); return true
        }
        return false
    }

    static func residualSuffix(_ w: inout [UInt32], _ pV: Int, _ p2: Int) {
        if let last = w.last, last == 0x73, w.count >= 2 {
            let p = w[w.count - 2]
            let hi = w.count >= 3 && w[w.count - 3] == H && p == 0x69
            let keep: Bool
            switch p { case 0x61, 0x69, 0x6F, 0x75, 0xE8, 0x73: keep = true; default: keep = false }
            if hi || !keep { w.removeLast() }
        }
        guard let suf = longest(w, w.count, residual, from: pV) else { return }
        let s = w.count - suf.count
        if suf == u("ion") {
            if s >= p2 && s - 1 >= pV && (w[s - 1] == 0x73 || w[s - 1] == 0x74) { w.removeSubrange(s...) }
        } else if suf == u("e") {
            w.removeSubrange(s...)
        } else {
            replace(&w, from: s, with: strI)
        }
    }
}
