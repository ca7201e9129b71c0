import Foundation
import PasserelleCore

/// The visible text of an HTML page, by a small tolerant tag scanner (HTML is not XML: unclosed `<p>`,
/// bare `&`, `<` in text and attributes with `>` inside quotes all occur in real pages).
///
/// - Dropped with their content: script, style, nav, header, footer, noscript, svg, form, template,
///   iframe, and comments.
/// - Block elements (p, div, li, br, h1–h6, tr, section, article, ul, ol, table, blockquote…) end a line;
///   other whitespace runs become one space.
/// - Entities: the named ones in `HTMLEntities.named` and numeric `&#233;` / `&#xE9;` (0x80–0x9F as
///   Windows-1252, invalid code points as U+FFFD), as browsers do.
/// - Encoding: `<meta charset>` (or `http-equiv` content) saying windows-1252 / iso-8859-1 / latin1 is
///   respected; otherwise UTF-8, with the Windows-1252 fallback reported as for text files.
enum HTMLText {
    static let droppedElements: Set<String> = ["script", "style", "nav", "header", "footer", "noscript", "svg", "form",
                                                "template", "iframe"]
    /// Elements whose content is raw text: no tags inside, scanned to their closing tag.
    static let rawTextElements: Set<String> = ["script", "style"]
    static let blockElements: Set<String> = ["p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
                                             "article", "ul", "ol", "table", "blockquote", "main", "aside", "dl", "dt", "dd",
                                             "hr", "pre", "figure", "figcaption", "address", "body", "caption", "details",
                                             "summary", "fieldset", "thead", "tbody", "tfoot"]
    /// Cells are separated by a tab so that table rows stay readable.
    static let cellElements: Set<String> = ["td", "th"]

    /// One page → one document: id from the file name, title from `<title>` or the first `<h1>`.
    static func document(data: Data, path: String) throws -> (Document, [ReaderWarning]) {
        let (html, warnings) = try decode(data, path: path)
        let page = extract(html)
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard page.text.contains(where: { $0.isLetter || $0.isNumber }) else { throw ReaderError.empty(path: path) }
        let firstLine = page.text.split(separator: "\n").first.map(String.init) ?? stem
        let title = [page.title, page.firstHeading].compactMap { $0 }.first { !$0.isEmpty } ?? String(firstLine.prefix(160))
        let lang = page.lang.map { String($0.prefix(while: { $0 != "-" && $0 != "_" })).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        return (Document(id: stem, title: title, text: page.text, lang: lang, metadata: [:]), warnings)
    }

    /// Bytes → markup, honouring a declared Latin charset.
    static func decode(_ data: Data, path: String) throws -> (String, [ReaderWarning]) {
        let declared = declaredCharset(data.prefix(4096))
        guard let charset = declared, ["windows-1252", "iso-8859-1", "latin1", "iso-8859-15", "cp1252", "us-ascii"].contains(charset) else {
            return try DocumentReader(maxFileSize: Int.max).decodedText(data, path: path)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard bytes.contains(where: { !isASCIIWhitespace($0) }) else { throw ReaderError.empty(path: path) }
        guard !looksBinary(bytes) else { throw ReaderError.binary(path: path) }
        // Bytes that are valid UTF-8 with non-ASCII characters are almost never Windows-1252: the declaration is wrong.
        if bytes.contains(where: { $0 >= 0x80 }), let text = String(validatingUTF8Bytes: bytes) {
            return (text, [ReaderWarning(path: path, line: nil, message: "declares charset \(charset) but is valid UTF-8; read as UTF-8")])
        }
        return (windows1252String(bytes), [])
    }

    /// The charset named by a `<meta>` tag near the start, lowercased.
    static func declaredCharset(_ head: Data) -> String? {
        let lower = String(decoding: head.map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self).lowercased()
        var search = lower.startIndex
        while let meta = lower.range(of: "<meta", range: search..<lower.endIndex) {
            let end = lower[meta.upperBound...].firstIndex(of: ">") ?? lower.endIndex
            let tag = lower[meta.upperBound..<end]
            if let c = tag.range(of: "charset") {
                var i = c.upperBound
                while i < tag.endIndex, tag[i] == " " { i = tag.index(after: i) }
                if i < tag.endIndex, tag[i] == "=" {
                    i = tag.index(after: i)
                    while i < tag.endIndex, tag[i] == " " || tag[i] == "\"" || tag[i] == "'" { i = tag.index(after: i) }
                    let name = tag[i...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                    if !name.isEmpty { return String(name) }
                }
            }
            search = end
        }
        return nil
    }

    struct Page {
        var text: String
        var title: String?
        var firstHeading: String?
        var lang: String?
    }

    /// Markup → visible text, title, first `<h1>` and the `lang` of `<html>`.
    static func extract(_ html: String) -> Page {
        let s = Array(html.unicodeScalars)
        var out = TextBuilder()
        var title: TextBuilder? = nil, heading: TextBuilder? = nil
        var titleText: String? = nil, headingText: String? = nil
        var lang: String? = nil
        var dropped = [String: Int]()
        var droppedDepth = 0
        var i = 0
        var textStart = 0

        func flushText(upTo end: Int) {
            guard textStart < end else { return }
            let decoded = HTMLEntities.decode(s[textStart..<end])
            if title != nil {
                title!.append(decoded)   // the title is not part of the page's text
            } else if droppedDepth == 0 {
                out.append(decoded)
                heading?.append(decoded)
            }
        }

        while i < s.count {
            guard s[i] == "<" else { i += 1; continue }
            if i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {   // a comment
                flushText(upTo: i)
                i = find(s, "-->", from: i + 4).map { $0 + 3 } ?? s.count
                textStart = i
                continue
            }
            if i + 1 < s.count, s[i + 1] == "!" || s[i + 1] == "?" {   // doctype, CDATA, processing instruction
                flushText(upTo: i)
                i = (s[(i + 1)...].firstIndex(of: ">") ?? s.count - 1) + 1
                textStart = i
                continue
            }
            let closing = i + 1 < s.count && s[i + 1] == "/"
            var j = i + (closing ? 2 : 1)
            guard j < s.count, isASCIILetter(s[j]) else { i += 1; continue }   // a bare "<" in text
            flushText(upTo: i)
            let nameStart = j
            while j < s.count, isASCIILetter(s[j]) || ("0"..."9").contains(s[j]) || s[j] == "-" || s[j] == ":" { j += 1 }
            let name = String(String.UnicodeScalarView(s[nameStart..<j])).lowercased()
            // Attributes, up to the ">" outside quotes.
            let attributesStart = j
            var quote: Unicode.Scalar? = nil
            while j < s.count {
                let c = s[j]
                if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == ">" { break }
                j += 1
            }
            let selfClosing = j > attributesStart && s[j - 1] == "/"
            if !closing && name == "html" && lang == nil {
                lang = attribute("lang", in: String(String.UnicodeScalarView(s[attributesStart..<j])))
            }
            i = min(j + 1, s.count)
            textStart = i

            if !closing && rawTextElements.contains(name) && !selfClosing {
                i = endOfRawText(s, name: name, from: i)
                textStart = i
                continue
            }
            if name == "title" {
                if !closing && titleText == nil && title == nil { title = TextBuilder() }
                if closing, let t = title { titleText = t.singleLine; title = nil }
                continue
            }
            if droppedElements.contains(name) && !selfClosing {
                if closing {
                    if let n = dropped[name], n > 0 { dropped[name] = n - 1; droppedDepth -= 1 }
                } else {
                    dropped[name, default: 0] += 1; droppedDepth += 1
                }
                continue
            }
            if name == "body" && closing { dropped.removeAll(); droppedDepth = 0 }
            if name == "h1" && droppedDepth == 0 {
                if !closing && headingText == nil && heading == nil { heading = TextBuilder() }
                if closing, let h = heading { headingText = h.singleLine; heading = nil }
            }
            if blockElements.contains(name) { out.breakLine(); heading?.space() }
            else if cellElements.contains(name) { if !closing { out.cell() } }
        }
        flushText(upTo: s.count)
        if titleText == nil, let t = title { titleText = t.singleLine }
        if headingText == nil, let h = heading { headingText = h.singleLine }
        return Page(text: out.result, title: titleText.flatMap { $0.isEmpty ? nil : $0 },
                    firstHeading: headingText.flatMap { $0.isEmpty ? nil : $0 }, lang: lang)
    }

    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    /// Where the raw text of a `<script>`/`<style>` opened before `from` ends: after its closing tag, or the end.
    static func endOfRawText(_ s: [Unicode.Scalar], name: String, from: Int) -> Int {
        let n = name.unicodeScalars.count
        var k = from
        while let lt = find(s, "</", from: k) {
            let end = lt + 2 + n
            if end <= s.count, String(String.UnicodeScalarView(s[(lt + 2)..<end])).lowercased() == name {
                return (s[end...].firstIndex(of: ">") ?? s.count - 1) + 1
            }
            k = lt + 2
        }
        return s.count
    }

    /// The first index of `pattern` in `s` at or after `from`.
    static func find(_ s: [Unicode.Scalar], _ pattern: String, from: Int) -> Int? {
        let p = Array(pattern.unicodeScalars)
        guard from >= 0, p.count > 0, s.count >= p.count else { return nil }
        var k = from
        while k + p.count <= s.count {
            if s[k] == p[0] && s[k..<(k + p.count)].elementsEqual(p) { return k }
            k += 1
        }
        return nil
    }

    /// An attribute's value in a tag's attribute text (quoted or bare).
    static func attribute(_ name: String, in attributes: String) -> String? {
        let lower = attributes.lowercased()
        guard let r = lower.range(of: name + "=") else { return nil }
        var rest = attributes[r.upperBound...]
        if let q = rest.first, q == "\"" || q == "'" {
            rest = rest.dropFirst()
            return String(rest.prefix { $0 != q })
        }
        return String(rest.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" })
    }
}

/// Visible text with HTML whitespace rules: runs of spaces, tabs and newlines become one space; block
/// elements end lines; empty lines are dropped. U+00A0 (`&nbsp;`) is kept as is.
struct TextBuilder {
    private var lines = [String]()
    private var line = String.UnicodeScalarView()
    private var pendingSpace = false

    mutating func append(_ text: String) {
        for c in text.unicodeScalars {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                pendingSpace = true
            } else {
                if pendingSpace && !line.isEmpty && line.last != "\t" { line.append(" ") }
                pendingSpace = false
                line.append(c)
            }
        }
    }

    mutating func space() { pendingSpace = true }

    mutating func breakLine() {
        let text = String(line).trimmingCharacters(in: .whitespaces)
        if !text.isEmpty { lines.append(text) }
        line = String.UnicodeScalarView()
        pendingSpace = false
    }

    /// A table cell starts: a tab after the previous cell's text.
    mutating func cell() {
        if !line.isEmpty && line.last != "\t" { line.append("\t") }
        pendingSpace = false
    }

    var result: String {
        var copy = self
        copy.breakLine()
        return copy.lines.joined(separator: "\n")
    }

    var singleLine: String { result.replacingOccurrences(of: "\n", with: " ") }
}
