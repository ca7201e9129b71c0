import Foundation

/// One part of a `multipart/form-data` body (RFC 7578).
struct MultipartPart: Sendable {
    var name: String
    var filename: String?
    var contentType: String?
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A strict reader of `multipart/form-data` bodies: what a browser's form and `curl -F` send. Anything
/// that does not follow the format is a 400 naming what is wrong, never a guess.
enum Multipart {
    static let maxParts = 64
    static let maxHeaderBytes = 8 * 1024

    static func parse(_ data: Data, boundary: String) throws -> [MultipartPart] {
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else { throw APIError.badRequest("multipart body: the Content-Type has no valid boundary") }
        let delimiter = Data(("--" + boundary).utf8)
        let crlf = Data("\r\n".utf8), headerEnd = Data("\r\n\r\n".utf8)
        let nextDelimiter = crlf + delimiter
        guard var cursor = data.range(of: delimiter)?.upperBound else {
            throw APIError.badRequest("multipart body: no part starts with the boundary the Content-Type names")
        }
        var parts: [MultipartPart] = []
        while true {
            // After a delimiter: "--" closes the body, CRLF starts a part.
            if data[cursor...].starts(with: Data("--".utf8)) { return parts }
            guard data[cursor...].starts(with: crlf) else { throw APIError.badRequest("multipart body: a boundary is not followed by a line break") }
            cursor += 2
            guard parts.count < maxParts else { throw APIError.badRequest("multipart body: more than \(maxParts) parts") }
            guard let headersEnd = data.range(of: headerEnd, in: cursor ..< data.endIndex),
                  headersEnd.lowerBound - cursor <= maxHeaderBytes else {
                throw APIError.badRequest("multipart body: a part's headers do not end with an empty line")
            }
            let headerText = String(decoding: data[cursor ..< headersEnd.lowerBound], as: UTF8.self)
            guard let end = data.range(of: nextDelimiter, in: headersEnd.upperBound ..< data.endIndex) else {
                throw APIError.badRequest("multipart body: a part is not closed by the boundary")
            }
            var part = MultipartPart(name: "", filename: nil, contentType: nil, body: Data(data[headersEnd.upperBound ..< end.lowerBound]))
            for line in headerText.components(separatedBy: "\r\n") where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { throw APIError.badRequest("multipart body: a part has a malformed header line") }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "content-disposition":
                    let params = parameters(value)
                    part.name = params["name"] ?? ""
                    part.filename = params["filename"]
                case "content-type": part.contentType = value.lowercased()
                default: break
                }
            }
            guard !part.name.isEmpty else { throw APIError.badRequest("multipart body: a part has no Content-Disposition name") }
            parts.append(part)
            cursor = end.upperBound
        }
    }

    /// `form-data; name="file"; filename="cv.pdf"` → ["name": "file", "filename": "cv.pdf"].
    static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var scalars = Substring(value)
        // Split on ";" outside quotes.
        var pieces: [String] = [], current = "", quoted = false, escaped = false
        for ch in scalars {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" && quoted { escaped = true; continue }
            if ch == "\"" { quoted.toggle(); current.append(ch); continue }
            if ch == ";" && !quoted { pieces.append(current); current = ""; continue }
            current.append(ch)
        }
        pieces.append(current)
        scalars = ""
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var v = pair[1].trimmingCharacters(in: .whitespaces)
            if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
            result[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = v
        }
        return result
    }
}
