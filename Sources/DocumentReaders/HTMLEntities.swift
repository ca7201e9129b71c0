/// HTML character references → characters.
///
/// Named references: the Latin-1 set and the typographic ones found in French and English pages (not the
/// whole HTML5 list of 2,231). Numeric references in decimal and hexadecimal; 0x80–0x9F mean their
/// Windows-1252 characters, and 0, surrogates and values past U+10FFFF become U+FFFD, as in browsers.
/// An unknown name or a reference without its ";" is left as written (except the legacy Latin-1 names).
enum HTMLEntities {
    static let named: [String: Unicode.Scalar] = {
        var table: [String: UInt32] = [
            "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27,
            "nbsp": 0xA0, "iexcl": 0xA1, "cent": 0xA2, "pound": 0xA3, "curren": 0xA4, "yen": 0xA5, "brvbar": 0xA6,
            "sect": 0xA7, "uml": 0xA8, "copy": 0xA9, "ordf": 0xAA, "laquo": 0xAB, "not": 0xAC, "shy": 0xAD, "reg": 0xAE,
            "macr": 0xAF, "deg": 0xB0, "plusmn": 0xB1, "sup2": 0xB2, "sup3": 0xB3, "acute": 0xB4, "micro": 0xB5,
            "para": 0xB6, "middot": 0xB7, "cedil": 0xB8, "sup1": 0xB9, "ordm": 0xBA, "raquo": 0xBB, "frac14": 0xBC,
            "frac12": 0xBD, "frac34": 0xBE, "iquest": 0xBF, "times": 0xD7, "divide": 0xF7,
            "euro": 0x20AC, "ndash": 0x2013, "mdash": 0x2014, "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A,
            "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "hellip": 0x2026, "bull": 0x2022, "dagger": 0x2020,
            "Dagger": 0x2021, "permil": 0x2030, "lsaquo": 0x2039, "rsaquo": 0x203A, "trade": 0x2122, "oelig": 0x153,
            "OElig": 0x152, "scaron": 0x161, "Scaron": 0x160, "Yuml": 0x178, "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC,
            "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E, "rlm": 0x200F,
            "larr": 0x2190, "rarr": 0x2192, "uarr": 0x2191, "darr": 0x2193, "harr": 0x2194, "check": 0x2713,
            "prime": 0x2032, "Prime": 0x2033, "minus": 0x2212, "le": 0x2264, "ge": 0x2265, "ne": 0x2260, "infin": 0x221E,
            "NewLine": 0x0A, "Tab": 0x09, "colon": 0x3A, "comma": 0x2C, "period": 0x2E, "excl": 0x21, "quest": 0x3F,
            "num": 0x23, "percnt": 0x25, "lpar": 0x28, "rpar": 0x29, "sol": 0x2F, "bsol": 0x5C, "commat": 0x40,
            "lowbar": 0x5F, "hyphen": 0x2010, "dash": 0x2010, "numsp": 0x2007, "puncsp": 0x2008, "nnbsp": 0x202F,
        ]
        // The Latin-1 letters: &Agrave; … &yuml; (U+00C0–U+00FF but × and ÷).
        let letters = ["Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc",
                       "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde",
                       "Ouml", "", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
                       "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc",
                       "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde",
                       "ouml", "", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml"]
        for (offset, name) in letters.enumerated() where !name.isEmpty { table[name] = 0xC0 + UInt32(offset) }
        return table.mapValues { Unicode.Scalar($0)! }
    }()

    /// Names that browsers also accept without the ";" (the common Latin-1 ones; a subset of HTML's legacy list).
    static let legacyWithoutSemicolon: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg", "eacute", "egrave",
                                                      "agrave", "ccedil", "ecirc", "laquo", "raquo", "deg"]

    /// Decodes every reference in a run of text.
    static func decode<S: Collection>(_ text: S) -> String where S.Element == Unicode.Scalar, S.Index == Int {
        var out = String.UnicodeScalarView()
        var i = text.startIndex
        let end = text.endIndex
        while i < end {
            let c = text[i]
            guard c == "&" else { out.append(c); i += 1; continue }
            var j = i + 1
            if j < end, text[j] == "#" {
                j += 1
                let hex = j < end && (text[j] == "x" || text[j] == "X")
                if hex { j += 1 }
                let digitsStart = j
                var value: UInt32 = 0
                var overflow = false
                while j < end, let d = digit(text[j], hex: hex) {
                    let (m, o1) = value.multipliedReportingOverflow(by: hex ? 16 : 10)
                    let (a, o2) = m.addingReportingOverflow(d)
                    if o1 || o2 || a > 0x10FFFF { overflow = true }
                    value = overflow ? 0x110000 : a
                    j += 1
                }
                guard j > digitsStart else { out.append(c); i += 1; continue }   // "&#" with no digits: literal
                if j < end, text[j] == ";" { j += 1 }
                out.append(numericScalar(overflow ? 0x110000 : value))
                i = j
                continue
            }
            let nameStart = j
            while j < end, j - nameStart < 32, isAlphanumeric(text[j]) { j += 1 }
            let name = String(String.UnicodeScalarView(text[nameStart..<j]))
            if j < end, text[j] == ";", let scalar = named[name] {
                out.append(scalar); i = j + 1
            } else if legacyWithoutSemicolon.contains(name), let scalar = named[name] {
                out.append(scalar); i = j
            } else {
                out.append(c); i += 1
            }
        }
        return String(out)
    }

    static func decode(_ text: String) -> String { decode(Array(text.unicodeScalars)) }

    private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    private static func digit(_ c: Unicode.Scalar, hex: Bool) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 0x30
        case "a"..."f" where hex: return c.value - 0x61 + 10
        case "A"..."F" where hex: return c.value - 0x41 + 10
        default: return nil
        }
    }

    /// A numeric reference's character, with the HTML standard's replacements.
    static func numericScalar(_ value: UInt32) -> Unicode.Scalar {
        if value >= 0x80 && value <= 0x9F { return windows1252Scalar(UInt8(value)) }
        if value == 0 { return "\u{FFFD}" }
        return Unicode.Scalar(value) ?? "\u{FFFD}"   // nil for surrogates and past U+10FFFF
    }
}
