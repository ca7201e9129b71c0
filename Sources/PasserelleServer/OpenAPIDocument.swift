import PasserelleApp
/// The OpenAPI 3.1 description of the server, served at `/openapi.json`. `OpenAPITests` keeps it true:
/// every route of `ServerApp.router` is in `paths` (and nothing else is), and the responses of a live
/// server validate against the schemas named here.
public enum OpenAPIDocument {
    public static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Passerelle",
        "version": "\#(PasserelleVersion.current)",
        "description": "Match CVs to job postings by their skills, with reasons (`passerelle serve`). Every error is `{\"error\": \"...\"}` with a 4xx or 5xx status. CV texts are neither stored nor logged.",
        "license": {"name": "see the project"}
      },
      "servers": [{"url": "http://127.0.0.1:8080"}],
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
        "/model": {
          "get": {
            "summary": "The served model, as `passerelle info --format json` describes it",
            "operationId": "model",
            "responses": {"200": {"description": "The model", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelInfo"}}}}}
          }
        },
        "/openapi.json": {
          "get": {
            "summary": "This document",
            "operationId": "openapi",
            "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}
          }
        },
        "/rank": {
          "post": {
            "summary": "Rank the postings for a CV (`passerelle rank --cv`)",
            "description": "The CV comes as JSON `{\"text\": ...}`, as multipart/form-data (a `file` part: .txt, .md, .html, .docx or .pdf, or a `text` part; `top`, `where`, `ignore_language_fit`, `format` parts allowed), or as a raw body whose Content-Type (or `?filename=`) names its format. Query parameters apply to every form; the JSON body's fields win over them. The response is exactly what `passerelle rank --format FORMAT` prints (json by default).",
            "operationId": "rank",
            "parameters": [
              {"$ref": "#/components/parameters/top"}, {"$ref": "#/components/parameters/where"},
              {"$ref": "#/components/parameters/ignoreLanguageFit"}, {"$ref": "#/components/parameters/format"},
              {"name": "filename", "in": "query", "description": "The file name of a raw body (its extension gives the format)", "schema": {"type": "string"}}
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
        "/batch": {
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
        "/postings": {
          "get": {
            "summary": "The model's postings, a page at a time",
            "operationId": "listPostings",
            "parameters": [
              {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100}}
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
              "201": {"description": "Added", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AddResult"}}}},
              "400": {"$ref": "#/components/responses/Error"},
              "409": {"$ref": "#/components/responses/Error"},
              "413": {"$ref": "#/components/responses/Error"},
              "415": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/postings/{id}": {
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
        "/postings/{id}/similar": {
          "get": {
            "summary": "Postings similar to a posting of the model (`passerelle similar ID`)",
            "operationId": "similar",
            "parameters": [
              {"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/top"}, {"$ref": "#/components/parameters/where"},
              {"$ref": "#/components/parameters/ignoreLanguageFit"}, {"$ref": "#/components/parameters/format"}
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
        "parameters": {
          "id": {"name": "id", "in": "path", "required": true, "description": "A posting id of the model (percent-encoded)", "schema": {"type": "string"}},
          "top": {"name": "top", "in": "query", "description": "Matches to return (`--top`)", "schema": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 10}},
          "where": {"name": "where", "in": "query", "description": "A filter on the postings' metadata, as `--where` (KEY~TEXT, KEY=TEXT, KEY>=TEXT, KEY<=TEXT); repeatable, all must hold", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
          "ignoreLanguageFit": {"name": "ignore_language_fit", "in": "query", "description": "Rank by raw similarity (`--ignore-language-fit`)", "schema": {"type": "boolean"}},
          "format": {"name": "format", "in": "query", "description": "The CLI's `--format`", "schema": {"type": "string", "enum": ["json", "jsonl", "csv", "markdown", "html", "table"], "default": "json"}}
        },
        "responses": {
          "Error": {"description": "A bad request, a conflict, a limit passed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
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
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
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
              "generation": {"type": "integer"}, "read_only": {"type": "string", "description": "Why add and remove are refused (the default model), when they are"}}},
          "RankRequest": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string", "description": "The CV's text (front matter allowed, as in a .txt file)"},
            "top": {"type": "integer", "minimum": 1, "maximum": 10000},
            "where": {"type": "array", "items": {"type": "string"}},
            "ignore_language_fit": {"type": "boolean"},
            "format": {"type": "string", "enum": ["json", "jsonl", "csv", "markdown", "html", "table"]}}},
          "Evidence": {"type": "object", "required": ["start", "end", "quote"], "properties": {
            "start": {"type": "integer"}, "end": {"type": "integer"}, "quote": {"type": "string"},
            "match_start": {"type": "integer"}, "match_end": {"type": "integer"}}},
          "Competency": {"type": "object", "required": ["id", "label"], "properties": {
            "id": {"type": "string"}, "label": {"type": "string"},
            "cv_evidence": {"$ref": "#/components/schemas/Evidence"}, "query_evidence": {"$ref": "#/components/schemas/Evidence"},
            "posting_evidence": {"$ref": "#/components/schemas/Evidence"}}},
          "LanguageFit": {"type": "object", "required": ["language", "required", "fit"], "properties": {
            "language": {"type": "string"}, "required": {"type": "string"}, "declared": {"type": "string"},
            "fit": {"type": "string", "enum": ["met", "partly", "unmet"]}, "requirement": {"type": "string", "enum": ["required", "desirable"]},
            "required_evidence": {"$ref": "#/components/schemas/Evidence"}, "declared_evidence": {"$ref": "#/components/schemas/Evidence"}}},
          "Term": {"type": "object", "required": ["term", "contribution"], "properties": {
            "term": {"type": "string"}, "as_written": {"type": "string"}, "contribution": {"type": "number"}}},
          "Match": {"type": "object", "required": ["rank", "id", "title", "score", "similarity", "language_factor", "fit"], "properties": {
            "rank": {"type": "integer"}, "id": {"type": "string"}, "title": {"type": "string"},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            "score": {"type": "number"}, "similarity": {"type": "number"}, "language_factor": {"type": "number"},
            "fit": {"type": "string", "enum": ["strong", "possible", "weak"]},
            "competencies": {"type": "object", "required": ["shared", "missing"], "properties": {
              "shared": {"type": "array", "items": {"$ref": "#/components/schemas/Competency"}},
              "missing": {"type": "array", "items": {"$ref": "#/components/schemas/Competency"}}}},
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
            "id": {"type": "string"}, "title": {"type": "string"}, "text": {"type": "string"}, "lang": {"type": "string"}},
            "additionalProperties": {"type": "string", "description": "Kept as metadata (organization, location, contract, date…)"}},
          "PostingSummary": {"type": "object", "required": ["id", "title"], "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "lang": {"type": "string"},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}}}},
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
