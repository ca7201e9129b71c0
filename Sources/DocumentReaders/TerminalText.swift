/// Text from documents (titles, ids, labels) made safe to print: the one sanitizer of every table, Markdown
/// and CSV output.
///
/// Titles and ids come from files anyone can write. Printed raw, `ESC [2J` clears the user's screen, an OSC
/// sequence (`ESC ]0;…BEL`) retitles the window, a NUL or a line break cuts a table row in two, and bidi
/// overrides reorder what is shown. Every such character is made visible instead: C0 controls as their
/// Unicode control pictures (ESC → "␛", NUL → "␀"), DEL as "␡", C1 controls and bidi overrides as U+FFFD;
/// line breaks and tabs become one space, so a cell stays on its row.
public enum TerminalText {
    /// For a terminal table or a Markdown cell: one line, no control character.
    ///
    /// - Complexity: O(n) in the scalars of `s`; returns `s` itself when nothing needs replacing.
    public static func sanitized(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsReplacing) else { return s }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar? = nil
        for u in s.unicodeScalars {
            defer { previous = u }
            if isLineBreakOrTab(u) {
                if u == "\n" && previous == "\r" { continue }   // CR LF: one space
                out.append(" ")
            } else {
                out.append(visible(u))
            }
        }
        return String(out)
    }

    /// For a CSV cell: the same, but tab, CR and LF are kept (CSV quoting holds them).
    public static func csvCell(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { needsReplacing($0) && $0 != "\t" && $0 != "\n" && $0 != "\r" }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(u == "\t" || u == "\n" || u == "\r" ? u : visible(u)) }
        return String(out)
    }

    /// For a message on stderr (errors, warnings, notices): the same, but line feeds and tabs are kept
    /// (a message may span lines); a carriage return, which would overwrite the line, becomes a space.
    /// File names, ids and text quoted in a message come from files anyone can write.
    public static func message(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { needsReplacing($0) && $0 != "\t" && $0 != "\n" }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(u == "\t" || u == "\n" ? u : u == "\r" ? " " : visible(u)) }
        return String(out)
    }

    static func isLineBreakOrTab(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static func isBidiControl(_ v: UInt32) -> Bool { (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) }

    static func needsReplacing(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || isBidiControl(v)
    }

    /// A control character's visible stand-in (other characters unchanged).
    static func visible(_ u: Unicode.Scalar) -> Unicode.Scalar {
        let v = u.value
        if v < 0x20 { return Unicode.Scalar(0x2400 + v)! }
        if v == 0x7F { return "\u{2421}" }
        if (0x80...0x9F).contains(v) || isBidiControl(v) || v == 0x2028 || v == 0x2029 { return "\u{FFFD}" }
        return u
    }
}
