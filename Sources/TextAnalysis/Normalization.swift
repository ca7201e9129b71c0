import Foundation

// Character classes, case folding and accent folding on Unicode scalar values.
// Hot paths are table-free switch statements for ASCII and Latin-1/Latin Extended-A;
// anything else falls back to Unicode properties (rare in French/English text).

enum Chars {
    /// Letters, digits and combining marks (marks stay inside words; words are NFC-composed later).
    @inline(__always) static func isWord(_ c: UInt32) -> Bool {
        if c < 0x80 {
            return (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
        }
        if c >= 0xC0 && c <= 0x24F { return c != 0xD7 && c != 0xF7 }
        if c == 0xAA || c == 0xB5 || c == 0xBA { return true }
        if c < 0xC0 { return false }
        if c == 0x2BC { return false } // modifier letter apostrophe: an apostrophe here
        if c >= 0x300 && c <= 0x36F { return true }
        if c >= 0x2000 && c <= 0x2BFF { return c >= 0x2070 && c <= 0x218F && slowIsWord(c) } // punctuation, arrows, symbols
        return slowIsWord(c)
    }

    @inline(never) static func slowIsWord(_ c: UInt32) -> Bool {
        guard let s = Unicode.Scalar(c) else { return false }
        let p = s.properties
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark:
            return true
        default:
            return false
        }
    }

    @inline(__always) static func isLetter(_ c: UInt32) -> Bool {
        if c < 0x80 { return (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) }
        return isWord(c) && !(c >= 0x30 && c <= 0x39)
    }

    @inline(__always) static func isLowerLetter(_ c: UInt32) -> Bool {
        if c < 0x80 { return c >= 0x61 && c <= 0x7A }
        return (c >= 0xDF && c <= 0xFF && c != 0xF7)
    }

    @inline(__always) static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Apostrophe variants: ' ’ ʼ ‘ ` ′
    @inline(__always) static func isApostrophe(_ c: UInt32) -> Bool {
        c == 0x27 || c == 0x2019 || c == 0x2BC || c == 0x2018 || c == 0x60 || c == 0x2032
    }
    /// Hyphens usable inside compounds (dash-like characters – — are separators).
    @inline(__always) static func isHyphen(_ c: UInt32) -> Bool { c == 0x2D || c == 0x2010 || c == 0x2011 }
    /// Middle dots used in French inclusive writing: · ‧ ⋅ • (the last only between letters).
    @inline(__always) static func isMidDot(_ c: UInt32) -> Bool { c == 0xB7 || c == 0x2027 || c == 0x22C5 || c == 0x2022 || c == 0x387 }

    /// Whitespace that does not break a phrase (spaces, tabs, single newlines, NBSP, narrow NBSP…).
    @inline(__always) static func isSpace(_ c: UInt32) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0xA0 || c == 0x202F || (c >= 0x2000 && c <= 0x200B) || c == 0x3000 || c == 0x0B || c == 0x0C
    }

    /// Simple lower-casing of one scalar (one-to-one mappings only; the rare multi-scalar cases keep the
    /// first scalar of the mapping).
    @inline(__always) static func lower(_ c: UInt32) -> UInt32 {
        if c < 0x80 { return (c >= 0x41 && c <= 0x5A) ? c + 32 : c }
        if c >= 0xC0 && c <= 0xDE && c != 0xD7 { return c + 32 }
        if c < 0x100 { return c }
        if c >= 0x100 && c <= 0x137 { return c | 1 }
        if c == 0x152 { return 0x153 }
        if c == 0x178 { return 0xFF }
        if c >= 0x139 && c <= 0x148 || c >= 0x179 && c <= 0x17E { return (c & 1) == 1 ? c + 1 : c }
        if c >= 0x14A && c <= 0x177 { return c | 1 }
        if c >= 0x300 && c <= 0x36F { return c }
        return slowLower(c)
    }

    @inline(never) static func slowLower(_ c: UInt32) -> UInt32 {
        guard let s = Unicode.Scalar(c) else { return c }
        if !s.properties.changesWhenLowercased { return c }
        return s.properties.lowercaseMapping.unicodeScalars.first?.value ?? c
    }

    /// Accent folding of one lower-case scalar: appends its base letters to `out`
    /// (œ → oe, æ → ae, ß → ss; combining marks dropped).
    @inline(__always) static func fold(_ c: UInt32, into out: inout [UInt32]) {
        if c < 0xC0 { out.append(c); return }
        if c < 0x180 {
            switch c {
            case 0xE0...0xE5, 0x101, 0x103, 0x105: out.append(0x61)
            case 0xE6: out.append(0x61); out.append(0x65)
            case 0xE7, 0x107, 0x109, 0x10B, 0x10D: out.append(0x63)
            case 0xE8...0xEB, 0x113, 0x115, 0x117, 0x119, 0x11B: out.append(0x65)
            case 0xEC...0xEF, 0x129, 0x12B, 0x12D, 0x12F, 0x131: out.append(0x69)
            case 0xF1, 0x144, 0x146, 0x148: out.append(0x6E)
            case 0xF2...0xF6, 0xF8, 0x14D, 0x14F, 0x151: out.append(0x6F)
            case 0x153: out.append(0x6F); out.append(0x65)
            case 0xF9...0xFC, 0x169, 0x16B, 0x16D, 0x16F, 0x171, 0x173: out.append(0x75)
            case 0xFD, 0xFF: out.append(0x79)
            case 0xDF: out.append(0x73); out.append(0x73)
            case 0x10F, 0x111: out.append(0x64)
            case 0x11D, 0x11F, 0x121, 0x123: out.append(0x67)
            case 0x125, 0x127: out.append(0x68)
            case 0x135: out.append(0x6A)
            case 0x137: out.append(0x6B)
            case 0x13A, 0x13C, 0x13E, 0x140, 0x142: out.append(0x6C)
            case 0x155, 0x157, 0x159: out.append(0x72)
            case 0x15B, 0x15D, 0x15F, 0x161: out.append(0x73)
            case 0x163, 0x165, 0x167: out.append(0x74)
            case 0x175: out.append(0x77)
            case 0x177: out.append(0x79)
            case 0x17A, 0x17C, 0x17E: out.append(0x7A)
            default: out.append(c)
            }
            return
        }
        if c >= 0x300 && c <= 0x36F { return }
        slowFold(c, into: &out)
    }

    @inline(never) static func slowFold(_ c: UInt32, into out: inout [UInt32]) {
        guard let s = Unicode.Scalar(c) else { return }
        let d = String(s).decomposedStringWithCanonicalMapping.unicodeScalars
        var any = false
        for x in d where x.properties.canonicalCombiningClass.rawValue == 0 {
            if x.value < 0x180 && x.value != c { fold(x.value, into: &out) } else { out.append(x.value) }
            any = true
        }
        if !any && s.properties.canonicalCombiningClass.rawValue == 0 { out.append(c) }
    }

    /// NFC composition of a scalar buffer (used only for words that contain combining marks).
    static func composeNFC(_ w: inout [UInt32]) {
        var sv = String.UnicodeScalarView()
        for c in w { if let u = Unicode.Scalar(c) { sv.append(u) } }
        let composed = String(sv).precomposedStringWithCanonicalMapping
        w.removeAll(keepingCapacity: true)
        for u in composed.unicodeScalars { w.append(lower(u.value)) }
    }

    static func string(_ w: [UInt32]) -> String {
        var ascii = true
        for c in w where c >= 0x80 { ascii = false; break }
        if ascii {
            return String(unsafeUninitializedCapacity: w.count) { buf in
                for (i, c) in w.enumerated() { buf[i] = UInt8(truncatingIfNeeded: c) }
                return w.count
            }
        }
        var sv = String.UnicodeScalarView()
        for c in w { if let u = Unicode.Scalar(c) { sv.append(u) } }
        return String(sv)
    }

    static func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map { $0.value } }

    /// Paragraphs of decoded text `t` (exactly `LanguageIdentifier.paragraphs(t)`) from the offsets of
    /// its newlines, ascending. A paragraph break is a maximal run of whitespace holding two or more
    /// newlines, so only the whitespace around newlines is looked at; paragraphs are trimmed.
    static func paragraphs(_ t: UnsafeBufferPointer<UInt32>, newlines: [Int]) -> [Range<Int>] {
        let n = t.count
        var segStart = 0
        while segStart < n && isSpace(t[segStart]) { segStart += 1 }
        if segStart >= n { return [] }
        var out = [Range<Int>]()
        var covered = 0   // newlines before this offset belong to runs already looked at
        for p in newlines where p >= segStart && p >= covered {
            var a = p
            while a > 0 && isSpace(t[a - 1]) { a -= 1 }
            var b = p + 1
            while b < n && isSpace(t[b]) { b += 1 }
            covered = b
            var count = 0
            for q in a..<b where t[q] == 0x0A { count += 1; if count >= 2 { break } }
            if count >= 2 {
                if b >= n { break }
                out.append(segStart..<a)
                segStart = b
            }
        }
        var e = n
        while e > segStart && isSpace(t[e - 1]) { e -= 1 }
        out.append(segStart..<e)
        return out
    }

    /// Decodes a String into scalar values (fast path over contiguous UTF-8).
    static func decode(_ text: String) -> [UInt32] {
        var none = [Range<Int>]()
        return decode(text, paragraphs: &none, findParagraphs: false)
    }

    /// Decodes a String into scalar values; with `findParagraphs`, also sets `paragraphs` to exactly
    /// what `LanguageIdentifier.paragraphs` finds (runs of text separated by blank gaps, trimmed, in
    /// scalar offsets) from the newline offsets collected in the same pass.
    /// 8 ASCII bytes at a time when possible (little-endian loads). `findParagraphs` is a constant at
    /// each call site: the newline tracking costs nothing in `decode(_:)`.
    @inline(__always)
    static func decode(_ text: String, paragraphs: inout [Range<Int>], findParagraphs: Bool) -> [UInt32] {
        var text = text
        return text.withUTF8 { utf8 -> [UInt32] in
            let n = utf8.count
            guard let src = utf8.baseAddress else { return [] }
            var newlines = [Int]()   // offsets of the newlines (when findParagraphs)
            let result = [UInt32](unsafeUninitializedCapacity: n) { out, count in
                let o = out.baseAddress!
                var i = 0
                var k = 0
                while i < n {
                    if i &+ 8 <= n {
                        var x = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self).littleEndian
                        let high = x & 0x8080_8080_8080_8080
                        // m ASCII bytes first (all 8, or those before the first non-ASCII one): all 8
                        // are widened (k + 8 <= i + 8 <= n: in bounds), only m are kept.
                        let m = high == 0 ? 8 : high.trailingZeroBitCount >> 3
                        if m > 0 {
                            if m < 8 {
                                // bytes past m: spaces (not newlines), rewritten later anyway
                                let keep: UInt64 = (1 << UInt64(m * 8)) &- 1
                                x = (x & keep) | (0x2020_2020_2020_2020 & ~keep)
                            }
                            let q = o + k
                            let wide = SIMD8<UInt32>(truncatingIfNeeded: unsafeBitCast(x, to: SIMD8<UInt8>.self))
                            UnsafeMutableRawPointer(q).storeBytes(of: wide, as: SIMD8<UInt32>.self)
                            if findParagraphs {
                                // any newline among the m bytes kept? (exact zero-byte test on x ^ 0x0A…)
                                let y = x ^ 0x0A0A_0A0A_0A0A_0A0A
                                if (y &- 0x0101_0101_0101_0101) & ~y & 0x8080_8080_8080_8080 != 0 {
                                    for j in 0..<m where q[j] == 0x0A { newlines.append(k + j) }
                                }
                            }
                            i += m
                            k += m
                            continue
                        }
                    }
                    let b0 = UInt32(src[i])
                    var c: UInt32
                    if b0 < 0x80 { c = b0; i += 1 }
                    else if b0 < 0xE0, i + 1 < n {
                        c = ((b0 & 0x1F) << 6) | (UInt32(src[i + 1]) & 0x3F); i += 2
                    } else if b0 < 0xF0, i + 2 < n {
                        c = ((b0 & 0x0F) << 12) | ((UInt32(src[i + 1]) & 0x3F) << 6) | (UInt32(src[i + 2]) & 0x3F)
                        i += 3
                    } else if i + 3 < n {
                        c = ((b0 & 0x07) << 18) | ((UInt32(src[i + 1]) & 0x3F) << 12) | ((UInt32(src[i + 2]) & 0x3F) << 6) | (UInt32(src[i + 3]) & 0x3F)
                        i += 4
                    } else {
                        // Cannot happen for a valid String; be safe.
                        c = 0xFFFD; i += 1
                    }
                    o[k] = c
                    if findParagraphs && c == 0x0A { newlines.append(k) }
                    k += 1
                }
                count = k
            }
            if findParagraphs {
                paragraphs = result.withUnsafeBufferPointer { Chars.paragraphs($0, newlines: newlines) }
            }
            return result
        }
    }
}
