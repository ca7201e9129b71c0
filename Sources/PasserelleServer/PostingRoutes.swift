import Foundation
import Hummingbird
import Passerelle
import PasserelleApp
import DocumentReaders

/// `GET /postings`, `POST /postings` (add), `DELETE /postings/{id}` (remove): the model's postings, and
/// changes to them persisted to the model file (`ModelStore.edit`: atomically, one writer at a time).
struct PostingRoutes: Sendable {
    var store: ModelStore
    var limits: ServerLimits

    struct PostingSummary: Codable, Sendable {
        var id: String
        var title: String
        var lang: String?
        var metadata: [String: String]?
    }

    struct PostingPage: Codable, Sendable {
        var total: Int
        var offset: Int
        var limit: Int
        var generation: Int
        var postings: [PostingSummary]
    }

    struct AddResult: Codable, Sendable {
        var added: [String]
        var postings: Int
        var generation: Int
        var unseenTermRatio: Double
        enum CodingKeys: String, CodingKey { case added, postings, generation, unseenTermRatio = "unseen_term_ratio" }
    }

    struct RemoveResult: Codable, Sendable {
        var removed: [String]
        var postings: Int
        var generation: Int
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/postings") { request, _ in try await list(request) }
        router.post("/postings") { request, _ in try await add(request) }
        router.delete("/postings/:id") { _, context in try await remove(context) }
    }

    func list(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        let offset = try QueryParameters.integer(q.get("offset"), name: "offset", in: 0 ... Int.max, default: 0)
        let limit = try QueryParameters.integer(q.get("limit"), name: "limit", in: ServerLimits.pageSize, default: 100)
        let snapshot = store.snapshot
        let model = snapshot.model
        let range = min(offset, model.postingCount) ..< min(offset.addingReportingOverflow(limit).overflow ? Int.max : offset + limit, model.postingCount)
        let postings = range.map { i -> PostingSummary in
            let r = model.postings.record(at: i)
            return PostingSummary(id: r.id, title: r.title, lang: r.lang, metadata: r.metadata.isEmpty ? nil : r.metadata)
        }
        return JSONResponse.make(PostingPage(total: model.postingCount, offset: offset, limit: limit, generation: snapshot.generation, postings: postings))
    }

    func add(_ request: Request) async throws -> Response {
        let type = RequestBodies.mediaType(request)
        let limit = type == "application/json" ? limits.maxJSONBytes : max(limits.maxBatchBytes, limits.maxUploadBytes)
        let data = try await RequestBodies.collect(request, limit: limit, what: "the postings")
        let boundary = RequestBodies.contentTypeParameter(request, "boundary")
        let maxRecord = limits.maxUploadBytes
        let documents = try await Work.run(within: limits.requestSeconds) {
            try Self.postings(data, mediaType: type, boundary: boundary, maxRecordBytes: maxRecord)
        }
        guard !documents.isEmpty else { throw APIError.badRequest("no posting in the request") }
        var seen = Set<String>()
        for d in documents where !seen.insert(d.id).inserted { throw APIError.badRequest("duplicate posting id '\(d.id)' in the request") }
        let (_, snapshot) = try await Work.limited(limits.requestSeconds) {
            try await store.edit { loaded in
                for d in documents where loaded.model.postingIndex(id: d.id) != nil {
                    throw APIError.conflict("duplicate posting id '\(d.id)', already in the model; remove it first (DELETE /postings/\(d.id)) or give it another id")
                }
                try ModelEditing.add(documents, to: &loaded)
            }
        }
        return JSONResponse.make(AddResult(added: documents.map(\.id), postings: snapshot.model.postingCount, generation: snapshot.generation,
                                           unseenTermRatio: snapshot.model.foldIn.unseenRatio), status: .created)
    }

    func remove(_ context: BasicRequestContext) async throws -> Response {
        let id = try PathParameters.postingID(context)
        let (_, snapshot) = try await Work.limited(limits.requestSeconds) {
            try await store.edit { loaded in
                guard loaded.model.postingIndex(id: id) != nil else { throw APIError.notFound(loaded.model.unknownPosting(id).userMessage) }
                guard loaded.model.postingCount > 1 else {
                    throw APIError.conflict("removing the model's only posting would leave it with no posting; build a new model with `passerelle index` instead")
                }
                try ModelEditing.remove(ids: [id], from: &loaded)
            }
        }
        return JSONResponse.make(RemoveResult(removed: [id], postings: snapshot.model.postingCount, generation: snapshot.generation))
    }

    /// The postings of a request body, read by the CLI's readers: JSON (one posting object, an array of
    /// them, or `{"postings": [...]}`, each object read as a line of a JSON Lines file: `id`, `title`,
    /// `text`, `lang`, other fields as metadata), JSON Lines, CSV, or multipart files (any format `add` reads).
    static func postings(_ data: Data, mediaType: String, boundary: String?, maxRecordBytes: Int) throws -> [Document] {
        let reader = DocumentReader(maxFileSize: maxRecordBytes)
        switch mediaType {
        case "application/json":
            let json: Any
            do { json = try JSONSerialization.jsonObject(with: data) } catch { throw APIError.badRequest("the body is not valid JSON") }
            let objects: [Any]
            if let dict = json as? [String: Any], let list = dict["postings"] as? [Any] { objects = list }
            else if let list = json as? [Any] { objects = list }
            else if json is [String: Any] { objects = [json] }
            else { throw APIError.badRequest("send a posting object, an array of them, or {\"postings\": [...]}") }
            return try objects.enumerated().map { i, object in
                guard object is [String: Any], let line = try? JSONSerialization.data(withJSONObject: object) else {
                    throw APIError.badRequest("posting \(i + 1) of the request is not a JSON object")
                }
                return try DocumentReader.document(fromJSONLine: String(decoding: line, as: UTF8.self), path: "request", line: i + 1)
            }
        case "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
            return try reader.read(data: data, path: "request.jsonl").documents
        case "text/csv":
            return try reader.read(data: data, path: "request.csv").documents
        case "multipart/form-data":
            guard let boundary else { throw APIError.badRequest("multipart body without a boundary") }
            var documents: [Document] = []
            for part in try Multipart.parse(data, boundary: boundary) where part.filename != nil {
                let name = try Uploads.displayName(filename: part.filename, mediaType: part.contentType, allowCorpora: true)
                let ext = (name as NSString).pathExtension.lowercased()
                if DocumentReader.isStreamed(ext) { documents += try reader.read(data: part.body, path: name).documents }
                else { documents.append(try Uploads.document(part.body, name: name, maxBytes: maxRecordBytes)) }
            }
            return documents
        default:
            throw APIError(.unsupportedMediaType, "send postings as application/json, application/x-ndjson (JSON Lines), text/csv or multipart/form-data files")
        }
    }
}

/// A posting id from the path (percent-decoded).
enum PathParameters {
    static func postingID(_ context: BasicRequestContext) throws -> String {
        guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding, !id.isEmpty else {
            throw APIError.badRequest("no posting id in the path")
        }
        return id
    }
}
