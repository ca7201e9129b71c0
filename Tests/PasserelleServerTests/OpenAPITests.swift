import Foundation
import XCTest
import Hummingbird
import NIOHTTP1
import Passerelle
import PasserelleServer

/// `/openapi.json` stays true: the router's routes are exactly the document's operations, every `$ref`
/// resolves, and what a live server answers validates against the schemas the document names.
final class OpenAPITests: XCTestCase {
    static var document: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8))) as? [String: Any] ?? [:]
    }
    static let methods: Set<String> = ["get", "post", "put", "delete", "patch", "head", "options"]

    /// "/postings/:id/similar" → "/postings/{id}/similar".
    static func openAPIPath(_ routerPath: String) -> String {
        let parts = routerPath.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }
        let joined = parts.joined(separator: "/")
        return joined.hasPrefix("/") ? joined : "/" + joined
    }

    func testTheRoutesAreExactlyTheDocumentedOperations() throws {
        let document = Self.document
        XCTAssertEqual(document["openapi"] as? String, "3.1.0")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: TestModel.path, toPath: path)
        let router = ServerApp.router(store: try ModelStore(modelPath: path), limits: ServerLimits())
        let routes = Set(router.routes.map { "\($0.method.rawValue) \(Self.openAPIPath($0.path.description))" })
        let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys where Self.methods.contains(method) { documented.insert("\(method.uppercased()) \(path)") }
        }
        XCTAssertFalse(routes.isEmpty)
        XCTAssertEqual(routes.subtracting(documented).sorted(), [], "routes missing from /openapi.json")
        XCTAssertEqual(documented.subtracting(routes).sorted(), [], "documented operations the server does not have")
        // Every operation says what it answers; every path parameter is declared.
        for (path, operations) in paths {
            for (method, value) in operations where Self.methods.contains(method) {
                let operation = try XCTUnwrap(value as? [String: Any])
                XCTAssertNotNil(operation["responses"] as? [String: Any], "\(method) \(path)")
                XCTAssertNotNil(operation["operationId"] as? String, "\(method) \(path)")
                if path.contains("{id}") {
                    let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
                    XCTAssertTrue(parameters.contains { ($0["$ref"] as? String) == "#/components/parameters/id" }, "\(method) \(path) declares {id}")
                }
            }
        }
        // Every $ref points to something.
        var refs: [String] = []
        func collect(_ value: Any) {
            if let d = value as? [String: Any] {
                if let r = d["$ref"] as? String { refs.append(r) }
                d.values.forEach(collect)
            } else if let a = value as? [Any] { a.forEach(collect) }
        }
        collect(document)
        XCTAssertFalse(refs.isEmpty)
        for r in refs { XCTAssertNotNil(SchemaValidator(document: document).resolve(r), r) }
    }

    func testTheServedDocumentIsTheOneTested() async throws {
        let server = try await LiveServer.start()
        do {
            let served = try await server.get("/openapi.json")
            XCTAssertEqual(served.status, 200)
            XCTAssertEqual(served.text, OpenAPIDocument.served(serverURL: server.base), "servers names the bound address")
            XCTAssertNotNil(try served.object()["paths"])
        } catch { XCTFail("\(error)") }
        await server.stop()
    }

    /// Calls every route of the server (successes and errors; in-process, `RouterServer`) and validates each
    /// JSON response against the schema the document gives for its path, method and status.
    func testResponsesValidateAgainstTheDocumentedSchemas() async throws {
        let server = try await RouterServer.start()
        let validator = SchemaValidator(document: Self.document)
        do {
            let firstID = server.store.snapshot.model.postings.ids[0]
            let cv = try Fixtures.cvText()
            var calls: [(method: String, path: String, template: String, result: HTTPResult)] = []
            func call(_ method: HTTPMethod, _ path: String, _ template: String, headers: [(String, String)] = [], body: Data? = nil) async throws {
                calls.append((method.rawValue.lowercased(), path, template, try await server.request(method, path, headers: headers, body: body)))
            }
            let json = [("Content-Type", "application/json")]
            try await call(.GET, "/health", "/health")
            try await call(.GET, "/model", "/model")
            try await call(.GET, "/postings?limit=3", "/postings")
            try await call(.GET, "/postings?limit=0", "/postings")
            try await call(.POST, "/postings", "/postings", headers: json,
                           body: try JSONSerialization.data(withJSONObject: ["id": "schema-1", "text": "Médiation culturelle, ateliers, participation citoyenne."]))
            try await call(.POST, "/postings", "/postings", headers: json,
                           body: try JSONSerialization.data(withJSONObject: ["id": "schema-1", "text": "Médiation culturelle, ateliers, participation citoyenne."]))
            try await call(.DELETE, "/postings/schema-1", "/postings/{id}")
            try await call(.DELETE, "/postings/schema-1", "/postings/{id}")
            try await call(.POST, "/rank?top=3", "/rank", headers: json, body: try JSONSerialization.data(withJSONObject: ["text": cv]))
            try await call(.POST, "/rank", "/rank", headers: json, body: try JSONSerialization.data(withJSONObject: ["text": ""]))
            try await call(.POST, "/rank?top=0", "/rank", headers: json, body: try JSONSerialization.data(withJSONObject: ["text": cv]))
            try await call(.GET, "/postings/\(firstID)/similar?top=3", "/postings/{id}/similar")
            try await call(.GET, "/postings/nope/similar", "/postings/{id}/similar")
            for c in calls {
                guard c.result.contentType.hasPrefix("application/json") else {
                    XCTFail("\(c.method) \(c.path): \(c.result.status) \(c.result.contentType)"); continue
                }
                let schema = try XCTUnwrap(validator.responseSchema(path: c.template, method: c.method, status: c.result.status),
                                           "\(c.method) \(c.path): status \(c.result.status) is not documented (\(c.result.text.prefix(200)))")
                let errors = validator.validate(try c.result.json(), schema: schema)
                XCTAssertEqual(errors, [], "\(c.method) \(c.path) \(c.result.status)")
            }
            // Rows of /batch, one per line.
            let pool = try ["cv-fr-mediation.txt", "cv-en-design.txt"].map { name -> String in
                let object = ["id": name, "text": try Fixtures.cvText(name)]
                return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            }.joined(separator: "\n") + "\n"
            let batch = try await server.request(.POST, "/batch?top=3", headers: [("Content-Type", "application/x-ndjson")], body: Data(pool.utf8))
            XCTAssertEqual(batch.status, 200, batch.text)
            let rowSchema = try XCTUnwrap(validator.responseSchema(path: "/batch", method: "post", status: 200, mediaType: "application/x-ndjson"))
            let rows = batch.text.split(separator: "\n")
            XCTAssertGreaterThan(rows.count, 2)
            for row in rows {
                XCTAssertEqual(validator.validate(try JSONSerialization.jsonObject(with: Data(row.utf8)), schema: rowSchema), [], String(row.prefix(200)))
            }
        } catch { XCTFail("\(error)") }
        await server.stop()
    }
}

/// Enough of JSON Schema for the document's schemas: $ref, type, required, properties, items, enum,
/// additionalProperties (as a schema), oneOf.
struct SchemaValidator {
    var document: [String: Any]

    func resolve(_ ref: String) -> [String: Any]? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: Any = document
        for key in ref.dropFirst(2).split(separator: "/") {
            guard let d = node as? [String: Any], let next = d[String(key)] else { return nil }
            node = next
        }
        return node as? [String: Any]
    }

    func responseSchema(path: String, method: String, status: Int, mediaType: String = "application/json") -> [String: Any]? {
        guard let paths = document["paths"] as? [String: Any], let operations = paths[path] as? [String: Any],
              let operation = operations[method] as? [String: Any], let responses = operation["responses"] as? [String: Any],
              var response = responses[String(status)] as? [String: Any] else { return nil }
        if let ref = response["$ref"] as? String, let resolved = resolve(ref) { response = resolved }
        guard let content = response["content"] as? [String: Any], let media = content[mediaType] as? [String: Any] else { return nil }
        return media["schema"] as? [String: Any]
    }

    func validate(_ value: Any, schema: [String: Any], at path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String {
            guard let resolved = resolve(ref) else { return ["\(path): unresolved \(ref)"] }
            return validate(value, schema: resolved, at: path)
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            return options.contains { validate(value, schema: $0, at: path).isEmpty } ? [] : ["\(path): matches none of oneOf"]
        }
        var errors: [String] = []
        if let type = schema["type"] as? String {
            let ok: Bool
            switch type {
            case "object": ok = value is [String: Any]
            case "array": ok = value is [Any]
            case "string": ok = value is String
            // JSONSerialization gives NSNumber for numbers and booleans alike (Linux and macOS differ on
            // telling them apart), so a boolean is checked as a number 0 or 1.
            case "boolean": ok = (value as? NSNumber).map { $0.doubleValue == 0 || $0.doubleValue == 1 } ?? false
            case "integer": ok = (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
            case "number": ok = value is NSNumber
            default: ok = true
            }
            if !ok { return ["\(path): expected \(type), got \(String(describing: value).prefix(80))"] }
        }
        if let values = schema["enum"] as? [Any] {
            let text = "\(value)"
            if !values.contains(where: { "\($0)" == text }) { errors.append("\(path): \(text) is not one of \(values)") }
        }
        if let object = value as? [String: Any] {
            for key in (schema["required"] as? [String]) ?? [] where object[key] == nil || object[key] is NSNull {
                errors.append("\(path): missing required \(key)")
            }
            let properties = (schema["properties"] as? [String: [String: Any]]) ?? [:]
            for (key, v) in object {
                if let p = properties[key] { errors += validate(v, schema: p, at: "\(path).\(key)") }
                else if let extra = schema["additionalProperties"] as? [String: Any] { errors += validate(v, schema: extra, at: "\(path).\(key)") }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, v) in array.enumerated() { errors += validate(v, schema: items, at: "\(path)[\(i)]") }
        }
        return errors
    }
}
