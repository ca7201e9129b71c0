import Foundation
import PasserelleApp
/// The OpenAPI 3.1 description of the server, served at `/openapi.json`. `OpenAPITests` keeps it true:
/// every route of `ServerApp.router` is in `paths` (and nothing else is), and the responses of a live
/// server validate against the schemas named here.
public enum OpenAPIDocument {
    /// The document served by a server reached at `serverURL` (its `servers`).
    public static func served(serverURL: String) -> String {
        document(serverURL: serverURL)
    }

    /// The document as served at the default address.
    public static let json: String = document(serverURL: "http://127.0.0.1:8080")

    /// The base document with, for every operation: the errors any route can give (401, 403 with keys or a
    /// foreign Origin/Host, 405, 500, 503), `X-Request-Id`, the keys' security; and a deprecated copy of every
    /// `/v1/…` path at its 0.4 path (`operationId` + "Deprecated").
    static func document(serverURL: String) -> String {
        guard var doc = (try? JSONSerialization.jsonObject(with: Data(base.utf8))) as? [String: Any],
              var paths = doc["paths"] as? [String: Any] else { return base }
        doc["servers"] = [["url": serverURL, "description": "this server"]]
        let common: [String: Any] = [
            "401": ["$ref": "#/components/responses/Error"], "403": ["$ref": "#/components/responses/Error"],
            "405": ["$ref": "#/components/responses/Error"], "500": ["$ref": "#/components/responses/Error"],
            "503": ["$ref": "#/components/responses/Busy"],
        ]
        let methods = ["get", "post", "put", "delete"]
        for (path, value) in paths {
            guard var item = value as? [String: Any] else { continue }
            for m in methods {
                guard var op = item[m] as? [String: Any], var responses = op["responses"] as? [String: Any] else { continue }
                for (code, r) in common where responses[code] == nil {
                    if code == "401", ["/", "/health", "/openapi.json"].contains(path) { continue }   // open without a key
                    responses[code] = r
                }
                if m == "post" || m == "put" || m == "delete", responses["507"] == nil, path.hasPrefix("/v1/postings") {
                    responses["507"] = ["$ref": "#/components/responses/Error"]
                }
                for (code, r) in responses {
                    guard var response = r as? [String: Any], response["$ref"] == nil else { continue }
                    var headers = response["headers"] as? [String: Any] ?? [:]
                    headers["X-Request-Id"] = ["$ref": "#/components/headers/X-Request-Id"]
                    response["headers"] = headers
                    responses[code] = response
                }
                op["responses"] = responses
                if !["/", "/health", "/openapi.json"].contains(path) { op["security"] = [[:], ["bearer": []], ["apiKey": []]] as [Any] }
                item[m] = op
            }
            paths[path] = item
        }
        for (path, value) in paths where path.hasPrefix("/v1/") {
            guard var item = value as? [String: Any] else { continue }
            for m in methods {
                guard var op = item[m] as? [String: Any] else { continue }
                op["deprecated"] = true
                op["operationId"] = ((op["operationId"] as? String) ?? m) + "Deprecated"
                op["summary"] = "Deprecated alias of \(m.uppercased()) \(path): " + ((op["summary"] as? String) ?? "")
                item[m] = op
            }
            paths[String(path.dropFirst(3))] = item
        }
        doc["paths"] = paths
        guard let data = try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else { return base }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static let base = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Passerelle",
        "version": "\#(PasserelleVersion.current)",
        "description": "Match CVs to job postings by their skills, with reasons (`passerelle serve`). Every error is `{\"error\": \"...\"}` (a 422 adds `errors`: one `{pointer, message}` per field) with a 4xx or 5xx status, in French when Accept-Language prefers it. HEAD answers wherever GET does; OPTIONS answers with `Allow` (and CORS headers for configured origins); a wrong method is 405 with `Allow`. Every answer carries `X-Request-Id`. API paths are under `/v1/`; the unversioned paths of 0.4 still answer, marked deprecated (a `Deprecation` header and a `Link` to the successor). CV texts are neither stored nor logged.",
        "license": {"name": "see the project"}
      },
      "paths": {
        "/": {
          "get": {
            "summary": "The counsellors' page (French, or English when Accept-Language prefers it)",
            "operationId": "page",
            "responses": {"200": {"description": "An HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}}
          }
        },
        "/health": {
          "get": {
            "summary": "Liveness and the served model's size",
            "operationId": "health",
            "responses": {"200": {"description": "The server is up", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}
          }
        },
        "/v1/model": {
          "get": {
            "summary": "The served model, as `passerelle info --format json` describes it",
            "operationId": "model",
            "responses": {"200": {"description": "The model", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelInfo"}}}}}
          }
        },
        "/metrics": {
          "get": {
            "summary": "Metrics in Prometheus' text format: requests by method, route and status, latency histogram by route, the model's generation and size, the work pool's load",
            "operationId": "metrics",
            "responses": {"200": {"description": "Prometheus text exposition format 0.0.4", "content": {"text/plain": {"schema": {"type": "string"}}}}}
          }
        },
        "/openapi.json": {
          "get": {
            "summary": "This document",
            "operationId": "openapi",
            "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}
          }
        },
        "/v1/rank": {
          "post": {
            "summary": "Rank the postings for a CV (`passerelle rank --cv`)",
            "description": "The CV comes as JSON `{\"text\": ...}`, as multipart/form-data (a `file` part: .txt, .md, .html, .docx or .pdf, or a `text` part; `top`, `where`, `ignore_language_fit`, `format` parts allowed), or as a raw body whose Content-Type (or `?filename=`) names its format. Query parameters apply to every form; the JSON body's fields win over them. The response is exactly what `passerelle rank --format FORMAT` prints (json by default).",
            "operationId": "rank",
            "parameters": [
              {"$ref": "#/components/parameters/top"}, {"$ref": "#/components/parameters/where"},
              {"$ref": "#/components/parameters/ignoreLanguageFit"}, {"$ref": "#/components/parameters/format"},
              {"name": "filename", "in": "query", "description": "The file name of a raw body (its extension gives the format)", "schema": {"type": "string"}},
              {"$ref": "#/components/parameters/terms"}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/RankRequest"}},
                "multipart/form-data": {"schema": {"type": "object", "properties": {
                  "file": {"type": "string", "contentMediaType": "application/octet-stream"}, "text": {"type": "string"},
                  "top": {"type": "integer"}, "where": {"type": "string"}, "ignore_language_fit": {"type": "string"}, "format": {"type": "string"}}}},
                "text/plain": {"schema": {"type": "string"}},
                "text/markdown": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}},
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": {"type": "string", "contentMediaType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}}
              }
            },
            "responses": {
              "200": {"$ref": "#/components/responses/Report"},
              "400": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"},
              "415": {"$ref": "#/components/responses/Error"},
              "503": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/v1/batch": {
          "post": {
            "summary": "Score a pool of candidates (`passerelle batch --format jsonl`), both directions",
            "description": "JSON Lines in: one candidate `{\"id\", \"title\"?, \"text\", \"lang\"?}` per line. JSON Lines out, streamed: each candidate's row (its best postings) as its block is scored, then each posting's row (its best candidates). A failure after the first row ends the stream with a line `{\"error\": ...}`.",
            "operationId": "batch",
            "parameters": [
              {"$ref": "#/components/parameters/top"}, {"$ref": "#/components/parameters/where"},
              {"name": "min_score", "in": "query", "description": "Leave out matches below this score, both ways (`--min-score`)", "schema": {"type": "number"}},
              {"name": "explain", "in": "query", "description": "Join `fit` and `warning` to the candidates' matches (`--explain`)", "schema": {"type": "boolean"}}
            ],
            "requestBody": {"required": true, "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
            "responses": {
              "200": {"description": "One row per line", "content": {"application/x-ndjson": {"schema": {"$ref": "#/components/schemas/BatchRow"}}}},
              "400": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/v1/postings": {
          "get": {
            "summary": "The model's postings, a page at a time",
            "operationId": "listPostings",
            "parameters": [
              {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100}},
              {"$ref": "#/components/parameters/where"},
              {"name": "lang", "in": "query", "description": "Only postings in this language", "schema": {"type": "string", "enum": ["fr", "en"]}},
              {"name": "q", "in": "query", "description": "Words that must all appear in the title or the id (case and accents ignored)", "schema": {"type": "string"}}
            ],
            "responses": {
              "200": {"description": "A page of postings", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PostingPage"}}}},
              "400": {"$ref": "#/components/responses/Error"}
            }
          },
          "post": {
            "summary": "Add postings to the model (`passerelle add`), persisted to the model file atomically",
            "description": "JSON (one posting object, an array, or `{\"postings\": [...]}`; each object read as a JSON Lines record: `id`, `title`, `text`, `lang`, other fields kept as metadata), JSON Lines, CSV (`id,title,text`), or multipart/form-data files of any format `add` reads. Writers take turns; a duplicate id changes nothing (409).",
            "operationId": "addPostings",
            "requestBody": {"required": true, "content": {
              "application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/NewPosting"},
                {"type": "array", "items": {"$ref": "#/components/schemas/NewPosting"}},
                {"type": "object", "required": ["postings"], "properties": {"postings": {"type": "array", "items": {"$ref": "#/components/schemas/NewPosting"}}}}
              ]}},
              "application/x-ndjson": {"schema": {"type": "string"}},
              "text/csv": {"schema": {"type": "string"}},
              "multipart/form-data": {"schema": {"type": "object"}}
            }},
            "responses": {
              "201": {"description": "Added", "headers": {"Location": {"$ref": "#/components/headers/Location"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AddResult"}}}},
              "400": {"$ref": "#/components/responses/Error"},
              "422": {"$ref": "#/components/responses/Invalid"},
              "409": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"},
              "415": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/v1/postings/{id}": {
          "get": {
            "summary": "One posting: id, title, language, metadata, and its text when the model stores texts",
            "operationId": "getPosting",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {
              "200": {"description": "The posting", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PostingSummary"}}}},
              "404": {"$ref": "#/components/responses/Error"}
            }
          },
          "put": {
            "summary": "Replace a posting (or add it under this id), persisted as an add",
            "description": "One posting object; its `id`, when given, must be the path's. 200 when a posting was replaced, 201 with `Location` when it was added.",
            "operationId": "putPosting",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPosting"}}}},
            "responses": {
              "200": {"description": "Replaced", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AddResult"}}}},
              "201": {"description": "Added", "headers": {"Location": {"$ref": "#/components/headers/Location"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AddResult"}}}},
              "409": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"},
              "415": {"$ref": "#/components/responses/Error"},
              "422": {"$ref": "#/components/responses/Invalid"}
            }
          },
          "delete": {
            "summary": "Remove a posting from the model (`passerelle remove`), persisted atomically",
            "operationId": "removePosting",
            "parameters": [{"$ref": "#/components/parameters/id"}],
            "responses": {
              "200": {"description": "Removed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RemoveResult"}}}},
              "404": {"$ref": "#/components/responses/Error"},
              "409": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/v1/postings/{id}/similar": {
          "get": {
            "summary": "Postings similar to a posting of the model (`passerelle similar ID`)",
            "operationId": "similar",
            "parameters": [
              {"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/top"}, {"$ref": "#/components/parameters/where"},
              {"$ref": "#/components/parameters/ignoreLanguageFit"}, {"$ref": "#/components/parameters/format"}, {"$ref": "#/components/parameters/terms"}
            ],
            "responses": {
              "200": {"$ref": "#/components/responses/Report"},
              "400": {"$ref": "#/components/responses/Error"},
              "404": {"$ref": "#/components/responses/Error"}
            }
          }
        }
      },
      "components": {
        "headers": {
          "Location": {"description": "Where the new posting lives (`/v1/postings/{id}`)", "schema": {"type": "string"}},
          "X-Request-Id": {"description": "The request's id: the client's when sane (1–128 of A-Z a-z 0-9 -_.:/+=), else a new one; it is in the access log", "schema": {"type": "string"}}
        },
        "securitySchemes": {
          "bearer": {"type": "http", "scheme": "bearer", "description": "An API key (`--keys FILE`, PASSERELLE_API_KEYS), read or write scope; only when the server has keys"},
          "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}
        },
        "parameters": {
          "id": {"name": "id", "in": "path", "required": true, "description": "A posting id of the model (percent-encoded)", "schema": {"type": "string"}},
          "top": {"name": "top", "in": "query", "description": "Matches to return (`--top`)", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 10}},
          "where": {"name": "where", "in": "query", "description": "A filter on the postings' metadata, as `--where` (KEY~TEXT, KEY=TEXT, KEY>=TEXT, KEY<=TEXT); repeatable, all must hold", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
          "terms": {"name": "terms", "in": "query", "description": "false: the compact answer, without each match's term contributions (`terms`)", "schema": {"type": "boolean", "default": true}},
          "ignoreLanguageFit": {"name": "ignore_language_fit", "in": "query", "description": "Rank by raw similarity (`--ignore-language-fit`)", "schema": {"type": "boolean"}},
          "format": {"name": "format", "in": "query", "description": "The CLI's `--format`", "schema": {"type": "string", "enum": ["json", "jsonl", "csv", "markdown", "html", "table"], "default": "json"}}
        },
        "responses": {
          "Error": {"description": "A bad request, a conflict, a limit passed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Invalid": {"description": "The body is well-formed but fields are wrong or unknown: one entry per field, with its JSON pointer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Busy": {"description": "The server's workers and queue are full (with Retry-After), or the request passed its time limit", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Report": {"description": "The report, as the CLI prints it in that format", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}}
          }}
        },
        "schemas": {
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"},
            "errors": {"type": "array", "description": "Field-level errors of a 422", "items": {"$ref": "#/components/schemas/FieldError"}}}},
          "FieldError": {"type": "object", "required": ["pointer", "message"], "properties": {
            "pointer": {"type": "string", "description": "JSON pointer (RFC 6901) to the field in the request body"}, "message": {"type": "string"}}},
          "Health": {"type": "object", "required": ["status", "postings", "generation", "version"], "properties": {
            "status": {"type": "string", "enum": ["ok"]}, "postings": {"type": "integer"}, "generation": {"type": "integer"}, "version": {"type": "string"}}},
          "ModelInfo": {"type": "object",
            "required": ["path", "postings", "vocabulary", "dimensions", "dimensions_requested", "explained_variance", "singular_values", "analyzer", "concept_share", "min_df", "max_df", "seed", "power_iterations", "stores_posting_text", "postings_added", "unseen_term_ratio", "refit_advised", "generation"],
            "properties": {
              "path": {"type": "string"}, "postings": {"type": "integer"}, "vocabulary": {"type": "integer"}, "dimensions": {"type": "integer"},
              "dimensions_requested": {"type": "integer"}, "explained_variance": {"type": "number"}, "analyzer": {"type": "string"},
              "concept_features": {"type": "string"}, "cross_language": {"type": "string"}, "stores_posting_text": {"type": "boolean"},
              "singular_values": {"type": "array", "items": {"type": "number"}}, "concept_share": {"type": "number"},
              "min_df": {"type": "integer"}, "max_df": {"type": "number"}, "seed": {"type": "integer"}, "power_iterations": {"type": "integer"},
              "postings_added": {"type": "integer"}, "unseen_term_ratio": {"type": "number"}, "refit_advised": {"type": "boolean"},
              "posting_profiles": {"type": "string", "enum": ["stored", "stale", "not stored"], "description": "whether explanations read the postings' profiles from the model file (absent without a taxonomy)"},
              "posting_profiles_stored": {"type": "integer"},
              "latent_share": {"type": "number", "description": "α of the score: α × latent cosine + (1 − α) × term cosine"},
              "term_index": {"type": "boolean", "description": "The model holds the postings' TF-IDF vectors by term (the term half of the score)"},
              "short_query_neighbours": {"type": "integer", "description": "Vocabulary terms an unknown word of a short query is replaced by (character n-grams); 0 = off"},
              "generation": {"type": "integer"}, "read_only": {"type": "string", "description": "Why add and remove are refused (the default model), when they are"},
              "change_log": {"type": "object", "description": "Changes not yet compacted into the model file (absent when there are none)",
                "required": ["path", "bytes", "records", "added", "removed", "torn_bytes", "stale", "compaction_threshold", "delta_postings"],
                "properties": {
                  "path": {"type": "string"}, "bytes": {"type": "integer"}, "records": {"type": "integer"},
                  "added": {"type": "integer", "description": "Postings added by the pending records"},
                  "removed": {"type": "integer", "description": "Postings removed by the pending records"},
                  "torn_bytes": {"type": "integer"}, "stale": {"type": "boolean"},
                  "compaction_threshold": {"type": "integer", "description": "Log bytes past which the server compacts it"},
                  "pending_since": {"type": "string", "format": "date-time", "description": "When the model file was written: the changes are pending since then"},
                  "last_change": {"type": "string", "format": "date-time", "description": "When the last change was appended"},
                  "delta_postings": {"type": "integer", "description": "Added postings searched beside the model's own, merged by the next compaction"}}}}},
          "RankRequest": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string", "description": "The CV's text (front matter allowed, as in a .txt file)"},
            "top": {"type": "integer", "minimum": 1, "maximum": 10000},
            "where": {"type": "array", "items": {"type": "string"}},
            "ignore_language_fit": {"type": "boolean"},
            "format": {"type": "string", "enum": ["json", "jsonl", "csv", "markdown", "html", "table"]},
            "terms": {"type": "boolean", "description": "false: the compact answer, without term contributions"}},
            "additionalProperties": false},
          "Evidence": {"type": "object", "required": ["start", "end", "quote"], "properties": {
            "start": {"type": "integer"}, "end": {"type": "integer"}, "quote": {"type": "string"},
            "match_start": {"type": "integer"}, "match_end": {"type": "integer"}}},
          "Competency": {"type": "object", "required": ["id", "label"], "properties": {
            "id": {"type": "string"}, "label": {"type": "string"},
            "cv_evidence": {"$ref": "#/components/schemas/Evidence"}, "query_evidence": {"$ref": "#/components/schemas/Evidence"},
            "posting_evidence": {"$ref": "#/components/schemas/Evidence"}}},
          "LanguageFit": {"type": "object", "required": ["language", "required", "fit"], "description": "A language the matched posting asks, against the query's side. For a CV: its declared level and whether it meets the requirement. For a posting as the query (similar): `declared` is the query posting's own requirement, and `fit` compares two requirements, not a person's level — met: also asked; partly or unmet with `declared`: asked higher here; unmet without it: only here. similar does not lower scores by it.", "properties": {
            "language": {"type": "string"}, "required": {"type": "string"}, "declared": {"type": "string"},
            "fit": {"type": "string", "enum": ["met", "partly", "unmet"]}, "requirement": {"type": "string", "enum": ["required", "desirable"]},
            "required_evidence": {"$ref": "#/components/schemas/Evidence"}, "declared_evidence": {"$ref": "#/components/schemas/Evidence"}}},
          "Term": {"type": "object", "required": ["term", "contribution"], "properties": {
            "term": {"type": "string"}, "as_written": {"type": "string"}, "contribution": {"type": "number"}}},
          "Match": {"type": "object", "required": ["rank", "id", "title", "score", "similarity", "language_factor"],
            "description": "A CV's match carries `fit` (the person's fit, read from the posting's requirements); a posting's (similar) carries `likeness` instead.",
            "properties": {
            "rank": {"type": "integer"}, "id": {"type": "string"}, "title": {"type": "string"},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            "score": {"type": "number"}, "similarity": {"type": "number"}, "language_factor": {"type": "number"},
            "fit": {"type": "string", "enum": ["strong", "possible", "weak"]},
            "likeness": {"type": "string", "enum": ["very similar", "related", "different"]},
            "requirements": {"type": "object", "required": ["required_competencies", "met_competencies", "unmet_languages"], "properties": {
              "required_competencies": {"type": "integer"}, "met_competencies": {"type": "integer"},
              "years_required": {"type": "integer"}, "years_shown": {"type": "integer"},
              "unmet_languages": {"type": "array", "items": {"type": "string"}}}},
            "competencies": {"type": "object", "required": ["shared", "missing"], "properties": {
              "shared": {"type": "array", "items": {"$ref": "#/components/schemas/Competency"}},
              "missing": {"type": "array", "items": {"$ref": "#/components/schemas/Competency"}},
              "missing_not_shown": {"type": "integer"},
              "desirable": {"type": "array", "items": {"$ref": "#/components/schemas/Competency"}}}},
            "languages": {"type": "array", "items": {"$ref": "#/components/schemas/LanguageFit"}},
            "terms": {"type": "array", "items": {"$ref": "#/components/schemas/Term"}}}},
          "Report": {"type": "object", "required": ["query", "model", "matches"], "properties": {
            "query": {"type": "object", "properties": {
              "file": {"type": "string"}, "id": {"type": "string"}, "title": {"type": "string"},
              "terms": {"type": "integer"}, "known_terms": {"type": "integer"}, "warning": {"type": "string"}}},
            "model": {"type": "object", "required": ["path", "postings", "dimensions", "vocabulary", "analyzer"], "properties": {
              "path": {"type": "string"}, "postings": {"type": "integer"}, "dimensions": {"type": "integer"},
              "vocabulary": {"type": "integer"}, "analyzer": {"type": "string"}}},
            "matches": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}}}},
          "BatchRow": {"type": "object", "required": ["direction", "id", "matches"], "properties": {
            "direction": {"type": "string", "enum": ["candidate", "posting"]}, "id": {"type": "string"},
            "matches": {"type": "array", "items": {"type": "object", "required": ["rank", "id", "title", "score"], "properties": {
              "rank": {"type": "integer"}, "id": {"type": "string"}, "title": {"type": "string"}, "score": {"type": "number"},
              "fit": {"type": "string"}, "warning": {"type": "string"}}}},
            "skipped": {"type": "string"}}},
          "NewPosting": {"type": "object", "required": ["id", "text"], "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "text": {"type": "string"}, "lang": {"type": "string", "enum": ["fr", "en"]}},
            "additionalProperties": {"type": ["string", "number", "boolean"], "description": "Kept as metadata (organization, location, contract, date…), numbers and booleans as their text; arrays and objects are refused (422)"}},
          "PostingSummary": {"type": "object", "required": ["id", "title"], "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "lang": {"type": "string"},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}}, "text": {"type": "string"}}},
          "PostingPage": {"type": "object", "required": ["total", "offset", "limit", "generation", "postings"], "properties": {
            "total": {"type": "integer"}, "offset": {"type": "integer"}, "limit": {"type": "integer"}, "generation": {"type": "integer"},
            "postings": {"type": "array", "items": {"$ref": "#/components/schemas/PostingSummary"}}}},
          "AddResult": {"type": "object", "required": ["added", "postings", "generation", "unseen_term_ratio"], "properties": {
            "added": {"type": "array", "items": {"type": "string"}}, "postings": {"type": "integer"}, "generation": {"type": "integer"},
            "unseen_term_ratio": {"type": "number"}}},
          "RemoveResult": {"type": "object", "required": ["removed", "postings", "generation"], "properties": {
            "removed": {"type": "array", "items": {"type": "string"}}, "postings": {"type": "integer"}, "generation": {"type": "integer"}}}
        }
      }
    }
    """#
}
