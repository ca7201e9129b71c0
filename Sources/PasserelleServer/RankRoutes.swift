import Foundation
import Hummingbird
import TextAnalysis
import Passerelle
import PasserelleApp
import DocumentReaders

/// `POST /rank` and `GET /postings/{id}/similar`: the CLI's `rank` and `similar` through the one query path
/// (`MatchService`) and the one set of renderers (`ReportRenderer`), so the JSON (and every other format)
/// is byte for byte what `passerelle rank --format json` prints.
struct RankRoutes: Sendable {
    var store: ModelStore
    var limits: ServerLimits

    /// The JSON body of `POST /rank`.
    struct RankRequest: Decodable {
        var text: String
        var top: Int?
        var `where`: [String]?
        var ignoreLanguageFit: Bool?
        var format: String?
        enum CodingKeys: String, CodingKey { case text, top, `where`, ignoreLanguageFit = "ignore_language_fit", format }
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/rank") { request, _ in try await rank(request) }
        router.get("/postings/:id/similar") { request, context in try await similar(request, context) }
    }

    func rank(_ request: Request) async throws -> Response {
        var parameters = try ReportParameters(query: request.uri.queryParameters)
        let type = RequestBodies.mediaType(request)
        // A multipart body carries the file and a few fields: the upload limit plus room for those.
        let limit = type == "application/json" ? limits.maxJSONBytes : limits.maxUploadBytes + 64 * 1024
        let data = try await RequestBodies.collect(request, limit: limit, what: type == "application/json" ? "the JSON body" : "the CV")
        let upload: (data: Data, name: String, file: String?)
        switch type {
        case "application/json":
            let body: RankRequest
            do { body = try JSONDecoder().decode(RankRequest.self, from: data) } catch {
                throw APIError.badRequest("the body must be a JSON object {\"text\": \"…\", \"top\": 10, \"where\": [\"KEY~TEXT\"], \"ignore_language_fit\": false, \"format\": \"json\"}")
            }
            if let top = body.top { parameters.top = try ReportParameters.checkedTop(top) }
            if let w = body.where { parameters.filterExpressions = w }
            if let i = body.ignoreLanguageFit { parameters.ignoreLanguageFit = i }
            if let f = body.format { parameters.format = try ReportParameters.format(f) }
            upload = (Data(body.text.utf8), "cv.txt", nil)
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
                case "top": parameters.top = try QueryParameters.integer(part.text, name: "top", in: ServerLimits.top, default: parameters.top)
                case "where": if !part.text.trimmingCharacters(in: .whitespaces).isEmpty { wheres.append(part.text) }
                case "ignore_language_fit": parameters.ignoreLanguageFit = try QueryParameters.flag(part.text, name: "ignore_language_fit") ?? true
                case "format": parameters.format = try ReportParameters.format(part.text)
                default: break
                }
            }
            if !wheres.isEmpty { parameters.filterExpressions += wheres }
            guard let found else { throw APIError.badRequest("the form has no CV: send a `file` part (.txt, .md, .html, .docx, .pdf) or a `text` part") }
            upload = found
        default:
            let name = try Uploads.displayName(filename: request.uri.queryParameters.get("filename"), mediaType: type.isEmpty ? nil : type)
            upload = (data, name, name)
        }
        let format = parameters.format
        let maxBytes = limits.maxUploadBytes
        let snapshot = store.snapshot
        let options = try parameters.queryOptions(checkedBy: snapshot.service)
        let text = try await Work.run(within: limits.requestSeconds) {
            let document = try Uploads.document(upload.data, name: upload.name, maxBytes: maxBytes)
            let query = try snapshot.service.rank(cv: document, file: upload.file, options: options)
            var report = try snapshot.service.report(command: "rank", queries: [query])
            if format == .html { report.generated = ReportDate.today() }   // dated, as the CLI dates its HTML page
            return ReportRenderer.endingWithNewline(try ReportRenderer.render(report, format: format, style: .plain, width: 100))
        }
        return JSONResponse.text(text, contentType: ReportParameters.mediaType(format))
    }

    func similar(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try PathParameters.postingID(context)
        let parameters = try ReportParameters(query: request.uri.queryParameters)
        let format = parameters.format
        let snapshot = store.snapshot
        let options = try parameters.queryOptions(checkedBy: snapshot.service)
        guard snapshot.model.postingIndex(id: id) != nil else { throw APIError.notFound(snapshot.model.unknownPosting(id).userMessage) }
        let text = try await Work.run(within: limits.requestSeconds) {
            let query = try snapshot.service.similar(postingID: id, options: options)
            var report = try snapshot.service.report(command: "similar", queries: [query])
            if format == .html { report.generated = ReportDate.today() }   // dated, as the CLI dates its HTML page
            return ReportRenderer.endingWithNewline(try ReportRenderer.render(report, format: format, style: .plain, width: 100))
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
    /// `lang=fr|en`: the report's language (the counsellors' page sends its own).
    var language: Language?

    init(query: Parameters) throws {
        top = try QueryParameters.integer(query.get("top"), name: "top", in: ServerLimits.top, default: 10)
        filterExpressions = query.getAll("where").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        ignoreLanguageFit = try QueryParameters.flag(query.get("ignore_language_fit"), name: "ignore_language_fit") ?? false
        if let f = query.get("format") { format = try Self.format(f) }
        if let l = query.get("lang") {
            guard let language = Language(rawValue: l.lowercased()), language == .fr || language == .en else {
                throw APIError.badRequest("lang must be fr or en (got '\(QueryParameters.clipped(l))')")
            }
            self.language = language
        }
    }

    static func checkedTop(_ top: Int) throws -> Int {
        guard ServerLimits.top.contains(top) else { throw APIError.badRequest("top must be in \(ServerLimits.top.lowerBound)…\(ServerLimits.top.upperBound) (got \(top))") }
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
        let filter: PostingFilter
        do { filter = try PostingFilter(parsing: filterExpressions) } catch { throw APIError.badRequest("where: \(error)") }
        return QueryOptions(top: top, filter: filter, ignoreLanguageFit: ignoreLanguageFit, language: language)
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
