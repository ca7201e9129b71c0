// Word scanner over Unicode scalar values with offsets into the original text.
//
// A word is a run of letters/digits (combining marks included, NFC-composed afterwards), lower-cased,
// extended over in-word joiners:
//   - elision: l’ d’ qu’ n’ s’ j’ c’ m’ t’ jusqu’ lorsqu’ puisqu’ quoiqu’ presqu’ (any apostrophe
//     variant ' ’ ʼ ‘ ` ′) are dropped: "l’innovation" → "innovation" (offsets start after the apostrophe);
//     English possessive "’s" is dropped; any other apostrophe separates words.
//   - inclusive markup (see Inclusive) is stripped: "chargé·e·s" → "chargés".
//   - hyphenated compounds: a bound prefix is merged ("co-construction" → "coconstruction"); otherwise
//     the parts become separate words flagged `hyphenJoined` (the analyzer adds a compound term).
// Anything else separates words; punctuation other than whitespace sets `breakBefore` (no phrase
// spans it), as does a blank line.

struct WordScanner {
    let t: UnsafeBufferPointer<UInt32>
    var i: Int
    let limit: Int

    /// The current word (lower case) in a manually managed buffer: `buf[0..<len]`.
    var buf: UnsafeMutablePointer<UInt32>
    var len = 0
    var capacity: Int
    var start = 0
    var end = 0
    var breakBefore = false
    var hyphenJoined = false
    var slashJoined = false
    var pendingHyphen = false
    var pendingSlash = false
    var needsNFC = false
    /// FNV-1a state over the word's scalars (`WordScanner.fnv(wordBuffer)`), kept up to date as the
    /// word is built so that the term cache does not hash it again.
    var fnv: UInt64 = WordScanner.fnvOffset
    static let fnvOffset: UInt64 = 0xcbf29ce484222325
    @inline(__always) static func fnvStep(_ h: UInt64, _ c: UInt32) -> UInt64 { (h ^ UInt64(c)) &* 0x100000001b3 }
    static func fnv(_ w: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var h = fnvOffset
        for c in w { h = fnvStep(h, c) }
        return h
    }
    var plural = false
    /// The last run read by `readSeg`: packed (PackedWordSet.key, lower case; 0 if not packable) and
    /// its last scalar (lower case).
    var segKey: UInt64 = 0
    var segLast: UInt32 = 0

    init(_ t: UnsafeBufferPointer<UInt32>, range: Range<Int>) {
        self.t = t
        self.i = range.lowerBound
        self.limit = range.upperBound
        // A word is at most its range plus a plural "s": sized once, `appendSegment` never grows it.
        capacity = max(64, range.count + 8)
        buf = .allocate(capacity: capacity)
    }

    /// Must be called once when done.
    func deallocate() { buf.deallocate() }

    var word: [UInt32] {
        get { Array(UnsafeBufferPointer(start: buf, count: len)) }
        set { len = 0; fnv = WordScanner.fnvOffset; for c in newValue { push(c) } }
    }
    var wordBuffer: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: buf, count: len) }

    @inline(__always) mutating func reserve(_ n: Int) {
        if n <= capacity { return }
        let cap = max(n, capacity * 2)
        let nb = UnsafeMutablePointer<UInt32>.allocate(capacity: cap)
        nb.update(from: buf, count: len)
        buf.deallocate()
        buf = nb
        capacity = cap
    }

    @inline(__always) mutating func push(_ c: UInt32) {
        if len == capacity { reserve(len + 1) }
        buf[len] = c
        len += 1
        fnv = WordScanner.fnvStep(fnv, c)
    }

    /// Copies the run of word characters at `p[from...]` (lower-cased) to `b[l0...]`: its end, the new
    /// length and whether it holds combining marks (NFC needed). The hot loop of the analyzer: a pure
    /// function over locals; ASCII and Latin-1/Latin Extended-A letters inline.
    /// The caller guarantees room: `b` holds at least `l0 + (lim - from)` scalars.
    @inline(__always)
    static func copyRun(_ p: UnsafePointer<UInt32>, _ from: Int, _ lim: Int, _ b: UnsafeMutablePointer<UInt32>,
                        _ l0: Int, _ h0: UInt64) -> (end: Int, len: Int, nfc: Bool, fnv: UInt64) {
        var l = l0
        var j = from
        var nfc = false
        var h = h0
        while j < lim {
            let c = p[j]
            if c < 0x80 {
                let lc = c | 0x20
                if lc &- 0x61 < 26 { b[l] = lc; h = fnvStep(h, lc); l &+= 1; j &+= 1; continue }
                if c &- 0x30 < 10 { b[l] = c; h = fnvStep(h, c); l &+= 1; j &+= 1; continue }
                break
            }
            if c &- 0xC0 < 0x40 {
                // Latin-1 letters (× ÷ excepted); lower case: + 0x20 for À…Þ
                if c == 0xD7 || c == 0xF7 { break }
                let v = c < 0xDF ? c + 32 : c
                b[l] = v
                h = fnvStep(h, v)
                l &+= 1; j &+= 1; continue
            }
            if !Chars.isWord(c) { break }
            if c >= 0x300 && c <= 0x36F { nfc = true } else if c > 0x36F && c >= 0x1AB0 && !(c >= 0xC0 && c <= 0x24F) {
                // other combining blocks: compose too
                if (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) { nfc = true }
            }
            let v = Chars.lower(c)
            b[l] = v
            h = fnvStep(h, v)
            l += 1
            j += 1
        }
        return (j, l, nfc, h)
    }

    /// Appends the run of word characters at `i` (lower-cased) to the word.
    @inline(__always) mutating func appendSegment() {
        guard i < limit else { end = i; return }
        reserve(len + (limit - i) + 1)
        let r = WordScanner.copyRun(t.baseAddress!, i, limit, buf, len, fnv)
        len = r.len
        fnv = r.fnv
        i = r.end
        end = r.end
        if r.nfc { needsNFC = true }
    }

    /// The run of word characters starting at `from`: its end, packed lower-case form
    /// (PackedWordSet.key; 0 if not packable) and last lower-case scalar (0 if empty).
    @inline(__always) func run(_ from: Int) -> (end: Int, key: UInt64, last: UInt32) {
        var j = from
        var k: UInt64 = 0
        var packable = true
        var last: UInt32 = 0
        while j < limit {
            let c = t[j]
            if !Chars.isWord(c) { break }
            let l = Chars.lower(c)
            if l >= 0x100 { packable = false }
            k = (k << 8) | UInt64(l & 0xFF)
            last = l
            j += 1
        }
        let n = j - from
        return (j, packable && n >= 1 && n <= 8 ? k : 0, last)
    }

    /// Reads the run of word characters starting at `from` into `segKey`/`segLast`; returns its end.
    @inline(__always) mutating func readSeg(_ from: Int) -> Int {
        let r = run(from)
        segKey = r.key
        segLast = r.last
        return r.end
    }

    @inline(__always) func isWordAt(_ j: Int) -> Bool { j < limit && Chars.isWord(t[j]) }

    @inline(__always) mutating func markPlural() {
        if segLast == 0x73 || segLast == 0x78 { plural = true }
    }

    /// Advances to the next word; false at the end.
    mutating func next() -> Bool {
        len = 0
        hyphenJoined = pendingHyphen
        slashJoined = pendingSlash
        pendingHyphen = false
        pendingSlash = false
        breakBefore = false
        needsNFC = false
        plural = false
        var newlines = 0
        let p = t.baseAddress
        var j = i
        while j < limit, p![j] == 0x20 { j &+= 1 }   // the usual separator: one space
        i = j
        while i < limit {
            let c = t[i]
            if c < 0x80 {
                if (c | 0x20) &- 0x61 < 26 || c &- 0x30 < 10 { break }
            } else if Chars.isWord(c) { break }
            if c == 0x0A {
                newlines += 1
                if newlines >= 2 { breakBefore = true }
            } else if !Chars.isSpace(c) {
                breakBefore = true
            }
            i += 1
        }
        if i >= limit { return false }
        if breakBefore { hyphenJoined = false; slashJoined = false }
        start = i
        do {
            // first segment: len == 0 and the buffer holds the whole range (see init)
            let r = WordScanner.copyRun(t.baseAddress!, i, limit, buf, 0, WordScanner.fnvOffset)
            len = r.len
            fnv = r.fnv
            i = r.end
            end = r.end
            if r.nfc { needsNFC = true }
        }
        var segments = 1
        while i < limit {
            let c = t[i]
            if c == 0x20 || c == 0x2C || c == 0x0A { break } // common separators, fast exit
            if Chars.isApostrophe(c) && isWordAt(i + 1) {
                if segments == 1 && Inclusive.isElision(wordBuffer) {
                    len = 0
                    fnv = WordScanner.fnvOffset
                    i += 1
                    start = i
                    appendSegment()
                    continue
                }
                let c1 = t[i + 1]
                if (c1 == 0x73 || c1 == 0x53) && !isWordAt(i + 2) { i += 2 } // possessive 's
                break
            }
            if Chars.isHyphen(c) && isWordAt(i + 1) {
                let e = readSeg(i + 1)
                if Inclusive.hyphenSuffixKeys.contains(segKey) && !(e < limit && Chars.isHyphen(t[e]) && isWordAt(e + 1) && !isInclusiveAfter(e)) {
                    markPlural(); i = e; end = e; segments += 1; continue
                }
                if Inclusive.boundPrefixKeys.contains(PackedWordSet.key(wordBuffer)) {
                    i += 1; appendSegment(); segments += 1; continue
                }
                pendingHyphen = true
                i += 1
                break
            }
            if Chars.isMidDot(c) && i + 1 < limit && Chars.isLetter(t[i + 1]) {
                let e = readSeg(i + 1)
                markPlural(); i = e; end = e; segments += 1; continue
            }
            if c == 0x2E && i + 1 < limit && Chars.isLowerLetter(t[i + 1]) {
                let e = readSeg(i + 1)
                if Inclusive.dotSuffixKeys.contains(segKey) && !(e < limit && t[e] == 0x2E && isWordAt(e + 1) && !isInclusiveAfter(e)) {
                    markPlural(); i = e; end = e; segments += 1; continue
                }
                break
            }
            if c == 0x2F && isWordAt(i + 1) {
                let e = readSeg(i + 1)
                if Inclusive.slashSuffixKeys.contains(segKey) && !isWordAt(e) {
                    markPlural(); i = e; end = e; segments += 1; continue
                }
                pendingSlash = true
                i += 1
                break
            }
            if c == 0x28 && isWordAt(i + 1) {
                let e = readSeg(i + 1)
                if e < limit && t[e] == 0x29 && Inclusive.parenSuffixKeys.contains(segKey) {
                    markPlural()
                    i = e + 1; end = i; segments += 1
                    if isWordAt(i) {
                        // "agent(e)s": letters right after the parenthesis continue the word
                        let e2 = readSeg(i)
                        if segLast == 0x73 || segLast == 0x78 { plural = true }
                        i = e2; end = e2
                    }
                    continue
                }
                break
            }
            break
        }
        if plural && len > 0 && buf[len - 1] != 0x73 && buf[len - 1] != 0x78 { push(0x73) }
        if needsNFC { var w = word; Chars.composeNFC(&w); word = w }
        return true
    }

    /// Whether the joiner at `j` (same kind as the one just read) continues inclusive markup,
    /// e.g. "candidat.e.s", "agent-e-s". Used to avoid treating "vice-versa"-like words as markup.
    func isInclusiveAfter(_ j: Int) -> Bool {
        Inclusive.dotSuffixKeys.contains(run(j + 1).key)
    }
}
