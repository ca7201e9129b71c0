import Foundation
import PasserelleCore

/// Job postings as they come from the outside: France Travail's offers API (one offer, or a page of
/// results `{"resultats": [...]}`) and schema.org `JobPosting` (JSON-LD inside an HTML page's
/// `<script type="application/ld+json">`, with `@graph` and arrays, or a plain JSON file) → the corpus
/// documents `index` and `add` read, with the metadata the reports and `--where` use:
/// `url`, `date` (ISO 8601 day), `contract`, `location`, `organization`, `salary`, `source`.
///
/// Every record is validated; a bad one is a `PostingFeedProblem` naming the file, the line (of the
/// `<script>` block in HTML) and the record, and the rest are still read so that every problem is reported at once.
/// Contact fields (names, e-mails, phone numbers of recruiters) are never imported.
public enum PostingFeeds {
    public enum Kind: String, Sendable, CaseIterable {
        case franceTravail = "france-travail"
        case jobPosting = "jobposting"

        /// File extensions read from a folder.
        var extensions: Set<String> {
            switch self {
            case .franceTravail: return ["json"]
            case .jobPosting: return ["json", "jsonld", "html", "htm"]
            }
        }
    }

    /// What a set of files gave: the postings, in file order then record order, and one problem per bad record.
    public struct Result: Sendable {
        public var documents: [Document] = []
        public var problems: [PostingFeedProblem] = []
        /// Files read (a folder's matching files, sorted by name).
        public var files: [String] = []
    }

    /// Reads files or folders (a folder: its `.json` files for France Travail; `.json`, `.jsonld`, `.html`,
    /// `.htm` for JobPosting; sorted, not recursive).
    /// - Throws: `ReaderError`/`PostingFeedProblem` only when a path cannot be read at all (missing, a
    ///   folder without a matching file, too large); bad records go to `Result.problems`.
    /// - Complexity: linear in the bytes read.
    public static func read(_ paths: [String], kind: Kind, maxFileSize: Int = DocumentReader.defaultMaxFileSize) throws -> Result {
        var result = Result()
        var seen = [String: String]()   // id → where it was first seen
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw PostingFeedProblem(file: path, line: nil, record: nil, message: "no such file or folder")
            }
            var files = [path]
            if isFolder.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files = names.filter { !$0.hasPrefix(".") && kind.extensions.contains(($0 as NSString).pathExtension.lowercased()) }
                    .sorted().map { (path as NSString).appendingPathComponent($0) }
                guard !files.isEmpty else {
                    throw PostingFeedProblem(file: path, line: nil, record: nil,
                                             message: "no \(kind.extensions.sorted().map { "." + $0 }.joined(separator: ", ")) file in this folder")
                }
            }
            for file in files {
                result.files.append(file)
                let attributes = try? FileManager.default.attributesOfItem(atPath: file)
                if let size = (attributes?[.size] as? NSNumber)?.intValue, size > maxFileSize {
                    throw PostingFeedProblem(file: file, line: nil, record: nil, message: "larger than \(maxFileSize) bytes (--max-record-size)")
                }
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw PostingFeedProblem(file: file, line: nil, record: nil, message: "cannot be read")
                }
                let (documents, problems) = read(data: data, file: file, kind: kind)
                result.problems += problems
                for d in documents {
                    if let first = seen[d.id] {
                        result.problems.append(PostingFeedProblem(file: file, line: nil, record: d.id,
                                                                  message: "id '\(d.id)' already read from \(first)"))
                        continue
                    }
                    seen[d.id] = file
                    result.documents.append(d)
                }
            }
        }
        return result
    }

    /// One file's bytes → postings and problems (no file system access: what the tests and a server call).
    public static func read(data: Data, file: String, kind: Kind) -> ([Document], [PostingFeedProblem]) {
        let isHTML = ["html", "htm"].contains((file as NSString).pathExtension.lowercased())
        if kind == .jobPosting && isHTML {
            let html: String
            do { html = try HTMLText.decode(data, path: file).0 } catch {
                return ([], [PostingFeedProblem(file: file, line: nil, record: nil, message: "\(error)")])
            }
            let blocks = JSONLDBlocks.find(in: html)
            if blocks.isEmpty {
                return ([], [PostingFeedProblem(file: file, line: nil, record: nil,
                                                message: "no <script type=\"application/ld+json\"> block: not a page with a schema.org JobPosting")])
            }
            var documents = [Document](), problems = [PostingFeedProblem]()
            var found = 0
            for block in blocks {
                let json: Any
                do { json = try JSONSerialization.jsonObject(with: Data(block.text.utf8), options: [.fragmentsAllowed]) } catch {
                    problems.append(PostingFeedProblem(file: file, line: block.line, record: nil, message: "invalid JSON-LD: \(jsonMessage(error))"))
                    continue
                }
                let postings = JobPosting.postings(in: json)
                found += postings.count
                for (n, object) in postings.enumerated() {
                    do { documents.append(try JobPosting.document(object, file: file, number: documents.count + 1)) } catch let message as FieldProblem {
                        problems.append(PostingFeedProblem(file: file, line: block.line, record: postings.count > 1 ? "JobPosting \(n + 1)" : nil,
                                                           message: message.text))
                    } catch {}
                }
            }
            if found == 0 && problems.isEmpty {
                problems.append(PostingFeedProblem(file: file, line: blocks[0].line, record: nil, message: "no JobPosting in the JSON-LD of this page"))
            }
            return (documents, problems)
        }
        let json: Any
        do {
            let (text, _) = try DocumentReader(maxFileSize: Int.max).decodedText(data, path: file)
            json = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch let error as ReaderError {
            return ([], [PostingFeedProblem(file: file, line: nil, record: nil, message: error.description)])
        } catch {
            return ([], [PostingFeedProblem(file: file, line: nil, record: nil, message: "invalid JSON: \(jsonMessage(error))")])
        }
        switch kind {
        case .franceTravail: return FranceTravail.documents(json, file: file)
        case .jobPosting:
            let postings = JobPosting.postings(in: json)
            guard !postings.isEmpty else {
                return ([], [PostingFeedProblem(file: file, line: nil, record: nil, message: "no schema.org JobPosting (an object with \"@type\": \"JobPosting\")")])
            }
            var documents = [Document](), problems = [PostingFeedProblem]()
            for (n, object) in postings.enumerated() {
                do { documents.append(try JobPosting.document(object, file: file, number: n + 1)) } catch let message as FieldProblem {
                    problems.append(PostingFeedProblem(file: file, line: nil, record: postings.count > 1 ? "JobPosting \(n + 1)" : nil, message: message.text))
                } catch {}
            }
            return (documents, problems)
        }
    }

    /// Foundation's JSON error, reduced to its useful sentence ("… around line 3, column 7.").
    static func jsonMessage(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo["NSDebugDescription"] as? String) ?? ns.localizedDescription
    }
}

/// One bad record (or unreadable file) of an import: "FILE:LINE: record R: MESSAGE".
public struct PostingFeedProblem: UserFacingError, Equatable, Sendable {
    public var file: String
    /// 1-based line (of the `<script>` block holding the record in an HTML page), when known.
    public var line: Int?
    /// Which record: "offre 123ABC", "resultats[2]", "JobPosting 2".
    public var record: String?
    public var message: String

    public init(file: String, line: Int?, record: String?, message: String) {
        self.file = file; self.line = line; self.record = record; self.message = message
    }

    public var description: String {
        file + (line.map { ":\($0)" } ?? "") + ": " + (record.map { "\($0): " } ?? "") + message
    }
}

/// A field that is missing or malformed, with the field's name.
struct FieldProblem: Error { var text: String }

/// Small readers of JSON values, tolerant of the shapes real feeds use (a number where a string was
/// expected, an object or array where one value was expected).
enum JSONField {
    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String:
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    static func object(_ value: Any?) -> [String: Any]? { value as? [String: Any] }

    /// A value or an array of values, as an array.
    static func list(_ value: Any?) -> [Any] {
        if let a = value as? [Any] { return a }
        if let value, !(value is NSNull) { return [value] }
        return []
    }

    /// An ISO 8601 day ("2026-11-02") from a date or date-time ("2026-11-02T10:21:33.000Z"); throws
    /// when the value is there but is not one.
    static func isoDay(_ value: Any?, field: String) throws -> String? {
        guard let s = string(value) else { return nil }
        let day = String(s.prefix(10))
        let parts = day.split(separator: "-")
        guard day.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1900 ... 2200).contains(y), (1 ... 12).contains(m), (1 ... 31).contains(d),
              s.count == 10 || s.dropFirst(10).first == "T" || s.dropFirst(10).first == " " else {
            throw FieldProblem(text: "\(field) '\(s.prefix(40))' is not an ISO 8601 date (YYYY-MM-DD)")
        }
        return day
    }

    /// An http(s) URL, or a `FieldProblem` (a `javascript:` link must never reach a report).
    static func webURL(_ value: Any?, field: String) throws -> String? {
        guard let s = string(value) else { return nil }
        guard let url = URL(string: s), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http", url.host != nil else {
            throw FieldProblem(text: "\(field) '\(s.prefix(60))' is not an http(s) address")
        }
        return s
    }

    /// Text that may be HTML (schema.org descriptions are, France Travail's are not) → plain text, through
    /// the HTML reader; entity-escaped markup ("&lt;p&gt;") is unescaped first.
    static func plainText(_ s: String) -> String {
        var html = s
        if !html.contains("<") && html.contains("&lt;") { html = HTMLText.extract(html).text }
        guard html.contains("<") || html.contains("&") else { return s.trimmingCharacters(in: .whitespacesAndNewlines) }
        return HTMLText.extract(html).text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A readable id part: lowercase ASCII letters, digits and dashes.
    static func slug(_ s: String) -> String {
        let folded = s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        var out = "", dash = false
        for c in folded.unicodeScalars {
            if c.isASCII && (CharacterSet.alphanumerics.contains(c)) { out.unicodeScalars.append(c); dash = false } else if !dash && !out.isEmpty { out += "-"; dash = true }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(80))
    }
}

/// France Travail's offers API (`/partenaire/offresdemploi/v2/offres`): fields `id`, `intitule`,
/// `description`, `dateCreation`, `lieuTravail.libelle`, `typeContrat`, `entreprise.nom`,
/// `origineOffre.urlOrigine` (or its partners' `url`), `competences[].libelle`, `qualitesProfessionnelles[].libelle`,
/// `langues[].libelle/exigence` (E: exigée, S: souhaitée), `formations`, `experienceLibelle`, `salaire.libelle`.
enum FranceTravail {
    static func documents(_ json: Any, file: String) -> ([Document], [PostingFeedProblem]) {
        let offers: [(Any, String?)]
        if let page = json as? [String: Any], let results = page["resultats"] {
            guard let list = results as? [Any] else {
                return ([], [PostingFeedProblem(file: file, line: nil, record: nil, message: "\"resultats\" is not a list of offers")])
            }
            offers = list.enumerated().map { ($1, "resultats[\($0)]") }
        } else if let list = json as? [Any] {
            offers = list.enumerated().map { ($1, "[\($0)]") }
        } else {
            offers = [(json, nil)]
        }
        var documents = [Document](), problems = [PostingFeedProblem]()
        for (value, position) in offers {
            guard let offer = value as? [String: Any] else {
                problems.append(PostingFeedProblem(file: file, line: nil, record: position, message: "not an offer (a JSON object was expected)"))
                continue
            }
            let record = [position, JSONField.string(offer["id"]).map { "offre \($0)" }].compactMap { $0 }.joined(separator: ", ")
            do { documents.append(try document(offer)) } catch let problem as FieldProblem {
                problems.append(PostingFeedProblem(file: file, line: nil, record: record.isEmpty ? nil : record, message: problem.text))
            } catch {}
        }
        if offers.isEmpty { problems.append(PostingFeedProblem(file: file, line: nil, record: nil, message: "no offer (\"resultats\" is empty)")) }
        return (documents, problems)
    }

    static func document(_ offer: [String: Any]) throws -> Document {
        guard let id = JSONField.string(offer["id"]) else { throw FieldProblem(text: "no \"id\"") }
        guard let title = JSONField.string(offer["intitule"]) else { throw FieldProblem(text: "no \"intitule\" (the job title)") }
        guard let description = JSONField.string(offer["description"]) else { throw FieldProblem(text: "no \"description\"") }
        var metadata = ["source": "france-travail"]
        metadata["date"] = try JSONField.isoDay(offer["dateCreation"], field: "dateCreation")
        metadata["contract"] = JSONField.string(offer["typeContrat"])
        metadata["location"] = JSONField.string(JSONField.object(offer["lieuTravail"])?["libelle"])
        metadata["organization"] = JSONField.string(JSONField.object(offer["entreprise"])?["nom"])
        metadata["salary"] = JSONField.string(JSONField.object(offer["salaire"])?["libelle"])
        metadata["rome"] = JSONField.string(offer["romeCode"])
        let origin = JSONField.object(offer["origineOffre"])
        let partnerURL = JSONField.list(origin?["partenaires"]).compactMap { JSONField.string(JSONField.object($0)?["url"]) }.first
        metadata["url"] = try JSONField.webURL(JSONField.string(origin?["urlOrigine"]) ?? partnerURL, field: "origineOffre.urlOrigine")

        var parts = [title, JSONField.plainText(description)]
        func labels(_ key: String) -> [String] { JSONField.list(offer[key]).compactMap { JSONField.string(JSONField.object($0)?["libelle"]) } }
        let skills = labels("competences")
        if !skills.isEmpty { parts.append("Compétences demandées :\n" + skills.map { "- \($0)" }.joined(separator: "\n")) }
        let qualities = labels("qualitesProfessionnelles")
        if !qualities.isEmpty { parts.append("Savoir-être professionnels :\n" + qualities.map { "- \($0)" }.joined(separator: "\n")) }
        let languages = JSONField.list(offer["langues"]).compactMap { value -> String? in
            guard let o = JSONField.object(value), let label = JSONField.string(o["libelle"]) else { return nil }
            switch JSONField.string(o["exigence"]) {
            case "E": return "- \(label) exigé"
            case "S": return "- \(label) souhaité"
            default: return "- \(label)"
            }
        }
        if !languages.isEmpty { parts.append("Langues :\n" + languages.joined(separator: "\n")) }
        let trainings = JSONField.list(offer["formations"]).compactMap { value -> String? in
            guard let o = JSONField.object(value) else { return nil }
            let words = [JSONField.string(o["niveauLibelle"]), JSONField.string(o["domaineLibelle"]), JSONField.string(o["commentaire"])].compactMap { $0 }
            guard !words.isEmpty else { return nil }
            return "- " + words.joined(separator: ", ") + (JSONField.string(o["exigence"]) == "S" ? " (souhaité)" : "")
        }
        if !trainings.isEmpty { parts.append("Formation :\n" + trainings.joined(separator: "\n")) }
        if let experience = JSONField.string(offer["experienceLibelle"]) { parts.append("Expérience : \(experience)") }
        return Document(id: "ft-\(id)", title: title, text: parts.joined(separator: "\n\n"), lang: "fr", metadata: metadata)
    }
}

/// schema.org `JobPosting` (Google for Jobs): `title`, `description` (HTML), `datePosted`,
/// `employmentType`, `hiringOrganization.name`, `jobLocation[].address`, `baseSalary`, `url`,
/// `identifier`, `skills`, `qualifications`, `responsibilities`, `educationRequirements`,
/// `experienceRequirements`, `inLanguage`.
enum JobPosting {
    /// Every JobPosting object of a JSON-LD value: the value itself, an array of them, or `@graph`.
    static func postings(in json: Any) -> [[String: Any]] {
        if let list = json as? [Any] { return list.flatMap { postings(in: $0) } }
        guard let object = json as? [String: Any] else { return [] }
        if let graph = object["@graph"] { return postings(in: graph) }
        return isJobPosting(object) ? [object] : []
    }

    static func isJobPosting(_ object: [String: Any]) -> Bool {
        JSONField.list(object["@type"]).compactMap { JSONField.string($0) }.contains {
            $0 == "JobPosting" || $0.hasSuffix("/JobPosting") || $0.hasSuffix(":JobPosting")
        }
    }

    static func document(_ object: [String: Any], file: String, number: Int) throws -> Document {
        guard let rawTitle = JSONField.string(object["title"]) ?? JSONField.string(object["name"]) else { throw FieldProblem(text: "no \"title\"") }
        let title = JSONField.plainText(rawTitle)
        guard let rawDescription = JSONField.string(object["description"]) else { throw FieldProblem(text: "no \"description\"") }
        var metadata = ["source": "jobposting"]
        metadata["url"] = try JSONField.webURL(object["url"], field: "url")
        metadata["date"] = try JSONField.isoDay(object["datePosted"], field: "datePosted")
        let types = JSONField.list(object["employmentType"]).compactMap { JSONField.string($0) }
        if !types.isEmpty { metadata["contract"] = types.joined(separator: ", ") }
        metadata["organization"] = JSONField.string(JSONField.object(object["hiringOrganization"])?["name"]) ?? JSONField.string(object["hiringOrganization"])
        let places = JSONField.list(object["jobLocation"]).compactMap { place -> String? in
            let p = JSONField.object(place)
            guard let address = JSONField.object(p?["address"]) else { return JSONField.string(p?["name"]) ?? JSONField.string(place) }
            let country = JSONField.string(JSONField.object(address["addressCountry"])?["name"]) ?? JSONField.string(address["addressCountry"])
            let parts = [JSONField.string(address["addressLocality"]), JSONField.string(address["addressRegion"]), country].compactMap { $0 }
            return parts.isEmpty ? JSONField.string(address["streetAddress"]) : parts.joined(separator: ", ")
        }
        if !places.isEmpty { metadata["location"] = places.joined(separator: " ; ") }
        if JSONField.list(object["jobLocationType"]).compactMap({ JSONField.string($0) }).contains("TELECOMMUTE") {
            metadata["location"] = [metadata["location"], "TELECOMMUTE"].compactMap { $0 }.joined(separator: " ; ")
        }
        metadata["salary"] = salary(object)
        let identifier = JSONField.string(JSONField.object(object["identifier"])?["value"]) ?? JSONField.string(object["identifier"])

        var parts = [title, JSONField.plainText(rawDescription)]
        for (key, heading) in [("responsibilities", "Responsabilités / Responsibilities"), ("qualifications", "Qualifications"),
                               ("skills", "Compétences / Skills"), ("educationRequirements", "Formation / Education"),
                               ("experienceRequirements", "Expérience / Experience")] {
            let texts = JSONField.list(object[key]).compactMap { value -> String? in
                JSONField.string(value).map(JSONField.plainText) ?? JSONField.string(JSONField.object(value)?["name"])
                    ?? JSONField.string(JSONField.object(value)?["description"]).map(JSONField.plainText)
            }
            if !texts.isEmpty { parts.append(heading + " :\n" + texts.joined(separator: "\n")) }
        }
        let lang = JSONField.string(object["inLanguage"]).map { String($0.prefix(while: { $0 != "-" && $0 != "_" })).lowercased() }
        let stem = JSONField.slug(((file as NSString).lastPathComponent as NSString).deletingPathExtension)
        let id = identifier.map { "jp-" + JSONField.slug($0) }
            ?? metadata["url"].flatMap { URL(string: $0) }.map { "jp-" + JSONField.slug(($0.host ?? "") + $0.path) }
            ?? "\(stem)-\(number)"
        return Document(id: id == "jp-" ? "\(stem)-\(number)" : id, title: title, text: parts.joined(separator: "\n\n"),
                        lang: lang.flatMap { $0.isEmpty ? nil : $0 }, metadata: metadata)
    }

    /// "45000–52000 CAD / YEAR" from `baseSalary` (a MonetaryAmount with a value or a min–max range).
    static func salary(_ object: [String: Any]) -> String? {
        guard let base = object["baseSalary"] else { return nil }
        if let s = JSONField.string(base) { return s }
        guard let amount = JSONField.object(base) else { return nil }
        let currency = JSONField.string(amount["currency"]) ?? JSONField.string(object["salaryCurrency"])
        var unit: String? = nil, figure: String? = nil
        if let value = JSONField.object(amount["value"]) {
            unit = JSONField.string(value["unitText"])
            let low = JSONField.string(value["minValue"]), high = JSONField.string(value["maxValue"]), one = JSONField.string(value["value"])
            figure = one ?? [low, high].compactMap { $0 }.joined(separator: "–")
        } else {
            figure = JSONField.string(amount["value"])
        }
        guard let figure, !figure.isEmpty else { return nil }
        return [figure, currency].compactMap { $0 }.joined(separator: " ") + (unit.map { " / \($0)" } ?? "")
    }
}

/// The `<script type="application/ld+json">` blocks of a page, with the line each starts on.
enum JSONLDBlocks {
    struct Block { var text: String; var line: Int }

    static func find(in html: String) -> [Block] {
        var blocks = [Block]()
        let lower = html.lowercased()
        // Lowercasing keeps the positions of ASCII, and tags are ASCII: work on UTF-8 offsets of both.
        let source = Array(html.utf8), folded = Array(lower.utf8)
        guard source.count == folded.count else { return findSlow(html) }
        var i = 0
        let open = Array("<script".utf8), close = Array("</script".utf8)
        while let start = search(folded, open, from: i) {
            guard let tagEnd = folded[start...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let attributes = String(decoding: folded[start ..< tagEnd], as: UTF8.self)
            let contentStart = tagEnd + 1
            let end = search(folded, close, from: contentStart) ?? folded.count
            if attributes.contains("application/ld+json") {
                let line = 1 + source[..<start].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                let text = String(decoding: source[contentStart ..< end], as: UTF8.self)
                blocks.append(Block(text: unwrapped(text), line: line))
            }
            i = end
            if end >= folded.count { break }
        }
        return blocks
    }

    /// Case-folding changed byte lengths (rare non-ASCII letters): the same scan on the original text.
    static func findSlow(_ html: String) -> [Block] {
        var blocks = [Block]()
        var rest = html[...]
        while let start = rest.range(of: "<script", options: .caseInsensitive) {
            guard let tagEnd = rest[start.upperBound...].firstIndex(of: ">") else { break }
            let attributes = rest[start.lowerBound ..< tagEnd].lowercased()
            let after = rest.index(after: tagEnd)
            let end = rest[after...].range(of: "</script", options: .caseInsensitive)?.lowerBound ?? rest.endIndex
            if attributes.contains("application/ld+json") {
                let line = 1 + html[..<start.lowerBound].filter { $0 == "\n" }.count
                blocks.append(Block(text: unwrapped(String(rest[after ..< end])), line: line))
            }
            rest = rest[end...]
            if end == html.endIndex { break }
        }
        return blocks
    }

    /// Some pages wrap the JSON in an HTML comment or CDATA.
    static func unwrapped(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        for (a, b) in [("<!--", "-->"), ("<![CDATA[", "]]>"), ("//<![CDATA[", "//]]>")] where t.hasPrefix(a) && t.hasSuffix(b) {
            t = String(t.dropFirst(a.count).dropLast(b.count))
        }
        return t
    }

    static func search(_ haystack: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && Array(haystack[i ..< i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}
