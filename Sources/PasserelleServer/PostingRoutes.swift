import Foundation
import HTTPTypes
import Hummingbird
import Passerelle
import PasserelleApp
import DocumentReaders
import PasserelleCore

/// `GET /postings`, `POST /postings` (add), `DELETE /postings/{id}` (remove): the model's postings, and
/// changes to them persisted to the model file (`ModelStore.edit`: atomically, one writer at a time).
struct PostingRoutes: Sendable {
    var store: ModelStore
    var limits: ServerLimits
    var pool: WorkPool
    /// The languages a posting may declare (`lang`): those the engine's language rule knows.
    static let languages = ["fr", "en"]

    struct PostingSummary: Codable, Sendable {
        var id: String
        var title: String
        var lang: String?
        var metadata: [String: String]?
        /// The posting's text (`GET /v1/postings/{id}` only, when the model stores texts).
        var text: String? = nil
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

    func register(on router: Router<ServerContext>) {
        for path in APIPath.both("/postings") {
            router.get(RouterPath(path)) { request, _ in try await list(request) }
            router.post(RouterPath(path)) { request, context in try await add(request, context) }
        }
        for path in APIPath.both("/postings/:id") {
            router.get(RouterPath(path)) { _, context in try await one(context) }
            router.put(RouterPath(path)) { request, context in try await replace(request, context) }
            router.delete(RouterPath(path)) { _, context in try await remove(context) }
        }
    }

    /// A page of postings, filtered: `where` (repeatable, the `--where` expressions on metadata), `lang`
    /// (fr, en), `q` (words that must all appear in the title or the id, case and accents ignored).
    func list(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        let offset = try QueryParameters.integer(q.get("offset"), name: "offset", in: 0 ... Int.max, default: 0)
        let limit = try QueryParameters.integer(q.get("limit"), name: "limit", in: ServerLimits.pageSize, default: 100)
        let expressions = QueryParameters.whereExpressions(q)
        let filter = try QueryParameters.filter(expressions)
        let lang = q.get("lang")?.lowercased()
        if let lang, !Self.languages.contains(lang) {
            throw APIError.badRequest("lang must be one of \(Self.languages.joined(separator: ", ")) (got '\(QueryParameters.clipped(lang))')")
        }
        let words = (q.get("q") ?? "").folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).split(separator: " ").map(String.init)
        let snapshot = store.snapshot
        let model = snapshot.model
        let filtered = !filter.isEmpty || lang != nil || !words.isEmpty
        var matching: [Int] = []
        if filtered {
            for i in 0 ..< model.postingCount {
                let r = model.postings.record(at: i)
                if !filter.isEmpty, !filter.allows(r) { continue }
                if let lang, r.lang?.lowercased() != lang { continue }
                if !words.isEmpty {
                    let hay = (r.title + " " + r.id).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                    if !words.allSatisfy({ hay.contains($0) }) { continue }
                }
                matching.append(i)
            }
        }
        let total = filtered ? matching.count : model.postingCount
        let range = min(offset, total) ..< min(offset.addingReportingOverflow(limit).overflow ? Int.max : offset + limit, total)
        let postings = range.map { k -> PostingSummary in
            let r = model.postings.record(at: filtered ? matching[k] : k)
            return PostingSummary(id: r.id, title: r.title, lang: r.lang, metadata: r.metadata.isEmpty ? nil : r.metadata)
        }
        return JSONResponse.make(PostingPage(total: total, offset: offset, limit: limit, generation: snapshot.generation, postings: postings))
    }

    /// One posting: id, title, language, metadata, and its text when the model stores texts.
    func one(_ context: ServerContext) async throws -> Response {
        let id = try PathParameters.postingID(context)
        let snapshot = store.snapshot
        guard let i = snapshot.model.postingIndex(id: id) else { throw APIError.notFound(snapshot.model.unknownPosting(id).userMessage, fr: snapshot.model.unknownPosting(id).frenchMessage) }
        let r = snapshot.model.postings.record(at: i)
        let text = try snapshot.model.postings.checkedText(at: i)
        return JSONResponse.make(PostingSummary(id: r.id, title: r.title, lang: r.lang, metadata: r.metadata.isEmpty ? nil : r.metadata, text: text))
    }

    /// Replaces a posting (or adds it when the model has none with that id): one JSON posting object whose
    /// `id`, when given, is the path's. 200 when replaced, 201 (with `Location`) when added.
    func replace(_ request: Request, _ context: ServerContext) async throws -> Response {
        let id = try PathParameters.postingID(context)
        guard RequestBodies.mediaType(request) == "application/json" else {
            throw APIError(.unsupportedMediaType, "send the posting as application/json: {\"title\", \"text\", \"lang\"?, other fields as metadata}")
        }
        let data = try await RequestBodies.collect(request, limit: limits.maxJSONBytes, what: "the posting")
        var object = try BodyValidator.object(data, example: "{\"title\": \"…\", \"text\": \"…\"}")
        if let given = object["id"] {
            guard let s = given as? String, s == id else {
                throw APIError.invalid([FieldError("/id", "must be the id of the path ('\(QueryParameters.clipped(id))') or left out", fr: "doit être l'id du chemin ('\(QueryParameters.clipped(id))') ou absent")])
            }
        }
        object["id"] = id
        try Self.validate(objects: [object], pointerPrefix: { _ in "" })
        let document = try Self.documents(fromObjects: [object])[0]
        try refuseReadOnly()
        let deadline = ContinuousClock.now + .milliseconds(Int64(limits.requestSeconds * 1000))
        let (existed, snapshot) = try await WorkPool.limited(limits.requestSeconds) {
            try await store.edit(before: deadline) { loaded in
                let existed = loaded.model.postingIndex(id: id) != nil
                if existed { _ = try ModelEditing.remove(ids: [id], from: &loaded) }
                try ModelEditing.add([document], to: &loaded)
                return existed
            }
        }
        var response = JSONResponse.make(AddResult(added: [id], postings: snapshot.model.postingCount, generation: snapshot.generation,
                                                   unseenTermRatio: snapshot.model.foldIn.unseenRatio), status: existed ? .ok : .created)
        if !existed { response.headers[.location] = Self.location(id) }
        return response
    }

    /// 409 for an id the model already has.
    static func taken(_ id: String) -> APIError {
        APIError.conflict("duplicate posting id '\(id)', already in the model; remove it first (DELETE /postings/\(id)) or give it another id")
    }

    static func location(_ id: String) -> String {
        "/v1/postings/" + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id)
    }

    /// The default model (rebuilt from the shipped postings) is never changed through the API.
    func refuseReadOnly() throws {
        if store.readOnlyReason != nil {
            throw APIError.conflict("this server serves the default model, which is rebuilt from the shipped postings: postings cannot be added, replaced or removed through the API; the server's operator must start it with a model of its own")
        }
    }

    func add(_ request: Request, _ context: ServerContext) async throws -> Response {
        let type = RequestBodies.mediaType(request)
        let limit = type == "application/json" ? limits.maxJSONBytes : max(limits.maxBatchBytes, limits.maxUploadBytes)
        let data = try await RequestBodies.collect(request, limit: limit, what: "the postings")
        let boundary = RequestBodies.contentTypeParameter(request, "boundary")
        let maxRecord = limits.maxUploadBytes
        let documents = try await pool.run(within: limits.requestSeconds, channel: context.channel, first: true) {
            try Self.postings(data, mediaType: type, boundary: boundary, maxRecordBytes: maxRecord)
        }
        guard !documents.isEmpty else { throw APIError.badRequest("no posting in the request") }
        var langErrors: [FieldError] = []
        for (i, d) in documents.enumerated() {
            if let lang = d.lang, !Self.languages.contains(lang) {
                langErrors.append(FieldError("/\(i)/lang",
                                             "posting '\(QueryParameters.clipped(d.id))': lang must be one of \(Self.languages.joined(separator: ", ")) (got '\(QueryParameters.clipped(lang))')",
                                             fr: "offre '\(QueryParameters.clipped(d.id))' : lang doit valoir \(Self.languages.joined(separator: ", ")) (reçu '\(QueryParameters.clipped(lang))')"))
            }
        }
        if !langErrors.isEmpty { throw APIError.invalid(langErrors) }
        try refuseReadOnly()
        if let repeated = ModelEditing.repeatedID(documents) { throw APIError.badRequest("duplicate posting id '\(repeated.id)' in the request") }
        let deadline = ContinuousClock.now + .milliseconds(Int64(limits.requestSeconds * 1000))
        // Checked and folded on the work pool (ahead of queued ranks, as the parse), beside other requests;
        // the writers' queue only commits.
        let current = store.snapshot
        if let taken = ModelEditing.takenID(documents, in: current.loaded) { throw Self.taken(taken.id) }
        let prepared = try await pool.run(within: limits.requestSeconds, channel: context.channel, first: true) {
            try ModelEditing.prepare(documents, against: current.loaded)
        }
        let (_, snapshot) = try await WorkPool.limited(limits.requestSeconds) {
            try await store.edit(before: deadline) { loaded in
                if let taken = ModelEditing.takenID(documents, in: loaded) { throw Self.taken(taken.id) }
                try ModelEditing.add(prepared, to: &loaded)
            }
        }
        var response = JSONResponse.make(AddResult(added: documents.map(\.id), postings: snapshot.model.postingCount, generation: snapshot.generation,
                                                   unseenTermRatio: snapshot.model.foldIn.unseenRatio), status: .created)
        // One posting: where it now lives; several: the collection.
        response.headers[.location] = documents.count == 1 ? Self.location(documents[0].id) : "/v1/postings"
        return response
    }

    func remove(_ context: ServerContext) async throws -> Response {
        let id = try PathParameters.postingID(context)
        try refuseReadOnly()
        let deadline = ContinuousClock.now + .milliseconds(Int64(limits.requestSeconds * 1000))
        let (_, snapshot) = try await WorkPool.limited(limits.requestSeconds) {
            try await store.edit(before: deadline) { loaded in
                guard loaded.model.postingIndex(id: id) != nil else { throw APIError.notFound(loaded.model.unknownPosting(id).userMessage, fr: loaded.model.unknownPosting(id).frenchMessage) }
                guard loaded.model.postingCount > 1 else {
                    throw APIError.conflict("removing the model's only posting would leave it with no posting; add another posting first")
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
            let prefix: (Int) -> String
            if let dict = json as? [String: Any], let list = dict["postings"] as? [Any] { objects = list; prefix = { "/postings/\($0)" } }
            else if let list = json as? [Any] { objects = list; prefix = { "/\($0)" } }
            else if json is [String: Any] { objects = [json]; prefix = { _ in "" } }
            else { throw APIError.badRequest("send a posting object, an array of them, or {\"postings\": [...]}") }
            try validate(objects: objects, pointerPrefix: prefix)
            return try documents(fromObjects: objects)
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

extension PostingRoutes {
    /// Checks JSON posting objects field by field (422, every wrong field named by its pointer): each is an
    /// object; `lang` is one of `languages`; metadata values are strings, numbers or booleans (an array or
    /// an object cannot be filtered on by `where` and was dropped silently before: it is refused).
    static func validate(objects: [Any], pointerPrefix: (Int) -> String) throws {
        var errors: [FieldError] = []
        for (i, object) in objects.enumerated() {
            let base = pointerPrefix(i)
            guard let dict = object as? [String: Any] else {
                errors.append(FieldError(base.isEmpty ? "" : base, "a posting must be a JSON object, not \(BodyValidator.kind(object))",
                                         fr: "une offre doit être un objet JSON, pas \(BodyValidator.kindFR(object))"))
                continue
            }
            var v = BodyValidator(dict, base: base)
            _ = v.string("id", required: true)
            _ = v.string("text", required: true)
            _ = v.string("title")
            _ = v.string("lang", allowed: languages)
            for (key, value) in dict.sorted(by: { $0.key < $1.key }) where !["id", "title", "text", "lang"].contains(key) {
                if value is [Any] || value is [String: Any] {
                    v.fail(key, "metadata must be a string, a number or a boolean, not \(BodyValidator.kind(value)) (join a list into one string)",
                           fr: "une métadonnée doit être une chaîne, un nombre ou un booléen, pas \(BodyValidator.kindFR(value)) (joignez une liste en une chaîne)")
                }
            }
            errors += v.errors
        }
        if !errors.isEmpty { throw APIError.invalid(errors) }
    }

    /// JSON posting objects read as JSON Lines records (the CLI's reader).
    static func documents(fromObjects objects: [Any]) throws -> [Document] {
        try objects.enumerated().map { i, object in
            guard object is [String: Any], let line = try? JSONSerialization.data(withJSONObject: object) else {
                throw APIError.badRequest("posting \(i + 1) of the request is not a JSON object")
            }
            return try DocumentReader.document(fromJSONLine: String(decoding: line, as: UTF8.self), path: "request", line: i + 1)
        }
    }
}

/// A posting id from the path (percent-decoded).
enum PathParameters {
    static func postingID(_ context: ServerContext) throws -> String {
        guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding, !id.isEmpty else {
            throw APIError.badRequest("no posting id in the path")
        }
        return id
    }
}
