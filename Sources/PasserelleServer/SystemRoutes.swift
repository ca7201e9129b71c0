import Foundation
import Hummingbird
import Passerelle
import PasserelleApp

/// `GET /health`, `GET /model`, `GET /openapi.json` and the counsellors' page at `/`.
struct SystemRoutes: Sendable {
    var store: ModelStore

    struct Health: Codable, Sendable {
        var status: String
        var postings: Int
        var generation: Int
        var version: String
    }

    /// The model, as `passerelle info --format json` describes it (`ModelDescription`, same names), with
    /// the server's own `generation` and `read_only`.
    struct ModelInfo: Encodable, Sendable {
        var description: ModelDescription
        var generation: Int
        var readOnly: String?
        enum CodingKeys: String, CodingKey { case generation, readOnly = "read_only" }
        func encode(to encoder: Encoder) throws {
            try description.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(generation, forKey: .generation)
            try container.encodeIfPresent(readOnly, forKey: .readOnly)
        }
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in
            let s = store.snapshot
            return JSONResponse.make(Health(status: "ok", postings: s.model.postingCount, generation: s.generation, version: PasserelleVersion.current))
        }
        router.get("/model") { _, _ in
            let s = store.snapshot
            return JSONResponse.make(ModelInfo(description: ModelDescription(loaded: s.loaded), generation: s.generation,
                                               readOnly: store.readOnlyReason))
        }
        router.get("/openapi.json") { _, _ in
            JSONResponse.text(OpenAPIDocument.json, contentType: "application/json; charset=utf-8")
        }
        router.get("/") { request, _ in
            let language = Page.language(acceptLanguage: request.headers[.acceptLanguage])
            var response = JSONResponse.text(Page.html(language: language), contentType: "text/html; charset=utf-8")
            response.headers[.contentLanguage] = language.rawValue
            response.headers[.vary] = "Accept-Language"
            // The page loads nothing from elsewhere, and its script is inline.
            response.headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
            return response
        }
    }
}
