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

    /// The model, as `passerelle info --format json` describes it (same names), with the server's own
    /// `generation` and `read_only`.
    struct ModelInfo: Codable, Sendable {
        var path: String
        var postings: Int
        var vocabulary: Int
        var dimensions: Int
        var dimensionsRequested: Int
        var explainedVariance: Double
        var analyzer: String
        var conceptFeatures: String?
        var crossLanguage: String?
        var storesPostingText: Bool
        var postingsAdded: Int
        var unseenTermRatio: Double
        var refitAdvised: Bool
        var generation: Int
        var readOnly: String?
        enum CodingKeys: String, CodingKey {
            case path, postings, vocabulary, dimensions, analyzer, generation
            case dimensionsRequested = "dimensions_requested", explainedVariance = "explained_variance"
            case conceptFeatures = "concept_features", crossLanguage = "cross_language", storesPostingText = "stores_posting_text"
            case postingsAdded = "postings_added", unseenTermRatio = "unseen_term_ratio", refitAdvised = "refit_advised"
            case readOnly = "read_only"
        }
    }

    /// Share of unseen terms among added postings above which a refit is advised (as `passerelle info`).
    static let refitThreshold = 0.2

    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in
            let s = store.snapshot
            return JSONResponse.make(Health(status: "ok", postings: s.model.postingCount, generation: s.generation, version: PasserelleVersion.current))
        }
        router.get("/model") { _, _ in
            let s = store.snapshot, m = s.model
            return JSONResponse.make(ModelInfo(
                path: s.path, postings: m.postingCount, vocabulary: m.vectorizer.vocabularySize, dimensions: m.dimensions,
                dimensionsRequested: m.settings.dimensions, explainedVariance: Double(m.explainedVarianceRatio.reduce(0, +)),
                analyzer: m.settings.analyzer, conceptFeatures: m.settings.conceptFeatures, crossLanguage: m.settings.crossLanguage,
                storesPostingText: m.postings.storesText, postingsAdded: m.foldIn.postingsAdded, unseenTermRatio: m.foldIn.unseenRatio,
                refitAdvised: m.foldIn.postingsAdded > 0 && m.foldIn.unseenRatio > Self.refitThreshold,
                generation: s.generation, readOnly: store.readOnlyReason))
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
