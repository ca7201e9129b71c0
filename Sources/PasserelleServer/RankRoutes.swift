import Foundation
import HTTPTypes
import Hummingbird
import TextAnalysis
import Passerelle
import PasserelleApp
import DocumentReaders
import PasserelleCore

/// `POST /rank` and `GET /postings/{id}/similar`: the CLI's `rank` and `similar` through the one query path
/// (`MatchService`) and the one set of renderers (`ReportRenderer`), so the JSON (and every other format)
/// is byte for byte what `passerelle rank --format json` prints.
struct RankRoutes: Sendable {
    var store: ModelStore
    var limits: ServerLimits

    var pool: WorkPool

    /// The fields of the JSON body of `POST /rank`.
    static let rankFields = ["text", "top", "where", "ignore_language_fit", "format", "terms"]

    func register(on router: Router<ServerContext>) {
        for path in APIPath.both("/rank") { router.post(RouterPath(path)) { request, context in try await rank(request, context) } }
        for path in APIPath.both("/postings/:id/similar") { router.get(RouterPath(path)) { request, context in try await similar(request, context) } }
    }

    func rank(_ request: Request, _ context: ServerContext) async throws -> Response {
        var parameters = try ReportParameters(query: request.uri.queryParameters)
        let type = RequestBodies.mediaType(request)
        // A multipart body carries the file and a few fields: the upload limit plus room for those.
        let limit = type == "application/json" ? limits.maxJSONBytes : limits.maxUploadBytes + 64 * 1024
        let data = try await RequestBodies.collect(request, limit: limit, what: type == "application/json" ? "the JSON body" : "the CV")
        let upload: (data: Data, name: String, file: String?)
        switch type {
        case "application/json":
            // Each field checked on its own: a missing text, a text that is a number and a top that is a
            // string each get their own message (422), and unknown fields are refused.
            var v = BodyValidator(try BodyValidator.object(data, example: "{\"text\": \"…\", \"top\": 10}"))
            v.refuseUnknown(allowed: Self.rankFields)
            let text = v.string("text", required: true)
            let top = v.integer("top", in: QueryOptions.topRange)
            let wheres = v.strings("where")
            let ignore = v.boolean("ignore_language_fit")
            let format = v.string("format", allowed: ReportFormat.allCases.map(\.rawValue))
            let terms = v.boolean("terms")
            try v.check()
            if let top { parameters.top = top }
            if let wheres { parameters.filterExpressions = wheres }
            if let ignore { parameters.ignoreLanguageFit = ignore }
            if let format { parameters.format = try ReportParameters.format(format) }
            if let terms { parameters.terms = terms }
            guard let text else { throw APIError.invalid([FieldError("/text", "is required")]) }
            upload = (Data(text.utf8), "cv.txt", nil)
        case "multipart/form-data":
            guard let boundary = RequestBodies.contentTypeParameter(request, "boundary") else { throw APIError.badRequest("multipart body without a boundary") }
            let parts = try Multipart.parse(data, boundary: boundary)
            var wheres: [String] = []
            var found: (Data, String, String?)? = nil
            for part in parts {
                switch part.name {
                case "file" where part.filename != nil:
                    let name = try Uploads.displayName(filename: part.filename, mediaType: part.contentType)
                    found = (part.body, name, name)
                case "text":
                    if found == nil, part.text.contains(where: { !$0.isWhitespace }) { found = (part.body, "cv.txt", nil) }
                case "top": parameters.top = try QueryParameters.integer(part.text, name: "top", in: QueryOptions.topRange, default: parameters.top)
                case "where": if !part.text.trimmingCharacters(in: .whitespaces).isEmpty { wheres.append(part.text) }
                case "ignore_language_fit": parameters.ignoreLanguageFit = try QueryParameters.flag(part.text, name: "ignore_language_fit") ?? true
                case "format": parameters.format = try ReportParameters.format(part.text)
                case "terms": parameters.terms = try QueryParameters.flag(part.text, name: "terms") ?? true
                default: break
                }
            }
            if !wheres.isEmpty { parameters.filterExpressions += wheres }
            guard let found else { throw APIError.badRequest("the form has no CV: send a `file` part (.txt, .md, .html, .docx, .pdf) or a `text` part",
                                                        fr: "le formulaire ne contient pas de CV : envoyez une partie `file` (.txt, .md, .html, .docx, .pdf) ou une partie `text`") }
            upload = found
        default:
            let name = try Uploads.displayName(filename: request.uri.queryParameters.get("filename"), mediaType: type.isEmpty ? nil : type)
            upload = (data, name, name)
        }
        let format = parameters.format
        let withTerms = parameters.terms
        let maxBytes = limits.maxUploadBytes
        let snapshot = store.snapshot
        let options = try parameters.queryOptions(checkedBy: snapshot.service)
        let text = try await pool.run(within: limits.requestSeconds, channel: context.channel) {
            let document = try Uploads.document(upload.data, name: upload.name, maxBytes: maxBytes)
            let query = try snapshot.service.rank(cv: document, file: upload.file, options: options)
            var report = try snapshot.service.report(command: "rank", queries: [query])
            if !withTerms { report.dropTerms() }
            return try ReportRenderer.page(report, format: format, style: .plain, width: 100)
        }
        return JSONResponse.text(text, contentType: ReportParameters.mediaType(format))
    }

    func similar(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try PathParameters.postingID(context)
        let parameters = try ReportParameters(query: request.uri.queryParameters)
        let format = parameters.format
        let snapshot = store.snapshot
        let options = try parameters.queryOptions(checkedBy: snapshot.service)
        guard snapshot.model.postingIndex(id: id) != nil else { throw APIError.notFound(snapshot.model.unknownPosting(id).userMessage, fr: snapshot.model.unknownPosting(id).frenchMessage) }
        let withTerms = parameters.terms
        let text = try await pool.run(within: limits.requestSeconds, channel: context.channel) {
            let query = try snapshot.service.similar(postingID: id, options: options)
            var report = try snapshot.service.report(command: "similar", queries: [query])
            if !withTerms { report.dropTerms() }
            return try ReportRenderer.page(report, format: format, style: .plain, width: 100)
        }
        return JSONResponse.text(text, contentType: ReportParameters.mediaType(format))
    }
}

/// The options of `rank` and `similar` as query parameters (`top`, `where` repeated, `ignore_language_fit`,
/// `format`), checked as the CLI checks its options.
struct ReportParameters: Sendable {
    var top = 10
    var filterExpressions: [String] = []
    var ignoreLanguageFit = false
    var format = ReportFormat.json
    /// `terms=false`: the compact answer, without each match's term contributions (about half of the JSON).
    var terms = true
    /// `lang=fr|en`: the report's language (the counsellors' page sends its own).
    var language: Language?

    init(query: Parameters) throws {
        top = try QueryParameters.integer(query.get("top"), name: "top", in: QueryOptions.topRange, default: 10)
        filterExpressions = QueryParameters.whereExpressions(query)
        ignoreLanguageFit = try QueryParameters.flag(query.get("ignore_language_fit"), name: "ignore_language_fit") ?? false
        if let f = query.get("format") { format = try Self.format(f) }
        terms = try QueryParameters.flag(query.get("terms"), name: "terms") ?? true
        if let l = query.get("lang") {
            guard let language = Language(rawValue: l.lowercased()), language == .fr || language == .en else {
                throw APIError.badRequest("lang must be fr or en (got '\(QueryParameters.clipped(l))')")
            }
            self.language = language
        }
    }

    static func checkedTop(_ top: Int) throws -> Int {
        guard QueryOptions.topRange.contains(top) else { throw APIError.badRequest("top must be in \(QueryOptions.topRange.lowerBound)…\(QueryOptions.topRange.upperBound) (got \(top))",
                                                                         fr: "top doit être entre \(QueryOptions.topRange.lowerBound) et \(QueryOptions.topRange.upperBound) (reçu \(top))") }
        return top
    }

    static func format(_ name: String) throws -> ReportFormat {
        guard let f = ReportFormat(rawValue: name.lowercased()) else {
            throw APIError.badRequest("format must be one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(QueryParameters.clipped(name))')")
        }
        return f
    }

    /// The filter parsed as `--where` parses it.
    func queryOptions() throws -> QueryOptions {
        return QueryOptions(top: top, filter: try QueryParameters.filter(filterExpressions), ignoreLanguageFit: ignoreLanguageFit, language: language)
    }

    /// The options with the filter checked against the model's keys: an unknown key is a 400 saying so
    /// (in French with `lang=fr`), never an empty result.
    func queryOptions(checkedBy service: MatchService) throws -> QueryOptions {
        do { return try service.checked(try queryOptions()) } catch let e as PostingFilter.FilterError {
            throw APIError.badRequest(language == .fr ? e.french : e.description)
        }
    }

    static func mediaType(_ format: ReportFormat) -> String {
        switch format {
        case .json: return "application/json; charset=utf-8"
        case .jsonl: return "application/x-ndjson; charset=utf-8"
        case .csv: return "text/csv; charset=utf-8"
        case .markdown: return "text/markdown; charset=utf-8"
        case .html: return "text/html; charset=utf-8"
        case .table: return "text/plain; charset=utf-8"
        }
    }
}

extension Report {
    /// The compact answer (`terms=false`): each match without its term contributions.
    mutating func dropTerms() {
        for q in queries.indices {
            for m in queries[q].matches.indices { queries[q].matches[m].json.terms = nil }
        }
    }
}
