import Foundation
import HTTPTypes
import Hummingbird
import Passerelle
import PasserelleApp

/// `GET /health`, `GET /model`, `GET /openapi.json` and the counsellors' page at `/`.
struct SystemRoutes: Sendable {
    var store: ModelStore
    var pool: WorkPool
    var metrics: ServerMetrics
    var address: ServedAddress
    /// The server has API keys: the page shows its key field from the start.
    var needsAPIKey = false

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

    func register(on router: Router<ServerContext>) {
        router.get("/health") { _, _ in
            let s = store.snapshot
            return JSONResponse.make(Health(status: "ok", postings: s.model.postingCount, generation: s.generation, version: PasserelleVersion.current))
        }
        for path in APIPath.both("/model") {
            router.get(RouterPath(path)) { _, _ in
                let s = store.snapshot
                return JSONResponse.make(ModelInfo(description: ModelDescription(loaded: s.loaded), generation: s.generation,
                                                   readOnly: store.readOnlyReason))
            }
        }
        router.get("/metrics") { _, _ in
            JSONResponse.text(metrics.text(store: store, pool: pool), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/openapi.json") { _, _ in
            JSONResponse.text(OpenAPIDocument.served(serverURL: address.url), contentType: "application/json; charset=utf-8")
        }
        router.get("/") { request, _ in
            let language = Page.language(acceptLanguage: request.headers[.acceptLanguage])
            var response = JSONResponse.text(Page.html(language: language, keys: store.snapshot.service.filterKeys, needsAPIKey: needsAPIKey), contentType: "text/html; charset=utf-8")
            response.headers[.contentLanguage] = language.rawValue
            response.headers[.vary] = "Accept-Language"
            // The page loads nothing from elsewhere, and its script is inline.
            response.headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
            return response
        }
    }
}
