import Foundation
import Hummingbird
import NIOCore

/// Reading request bodies within the limits.
enum RequestBodies {
    /// The whole body, at most `limit` bytes (413 with a JSON error past it, before reading it all when the
    /// client announced its length).
    static func collect(_ request: Request, limit: Int, what: String) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.tooLarge(what, limit: limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(what, limit: limit)
        }
    }

    /// The media type of the request, lower-cased, without its parameters ("multipart/form-data").
    static func mediaType(_ request: Request) -> String {
        let value = request.headers[.contentType] ?? ""
        return value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    /// A parameter of the Content-Type header ("boundary").
    static func contentTypeParameter(_ request: Request, _ name: String) -> String? {
        let value = request.headers[.contentType] ?? ""
        for part in value.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var v = pair[1].trimmingCharacters(in: .whitespaces)
            if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
            return v
        }
        return nil
    }
}
