import Foundation
import TextAnalysis

/// An error found while reading a taxonomy file: names the source and the 1-based line.
public struct TaxonomyError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case unreadable(String)
        case missingHeader
        case badHeader(found: String)
        case wrongColumnCount(expected: Int, found: Int)
        case emptyField(String)
        case invalidId(String)
        case duplicateId(String, firstLine: Int)
        case unknownFamily(String)
        case emptyForms(String)
        case emptyForm(String)
        case noCompetencies
        /// A gap form ("a * b") one of whose parts is all stopwords: the analyzer drops that part and the form would
        /// match its other part alone ("~encadrer * employés" matched every "encadrer").
        case gapPartWithoutWords(form: String, part: String)
    }
    public var source: String
    /// 1-based line number; 0 when the error is about the whole file.
    public var line: Int
    public var kind: Kind
    public init(source: String, line: Int, kind: Kind) { self.source = source; self.line = line; self.kind = kind }

    public var description: String {
        let place = line > 0 ? "\(source):\(line)" : source
        switch kind {
        case .unreadable(let why): return "\(place): cannot read taxonomy: \(why)"
        case .missingHeader: return "\(place): missing header line (\(Taxonomy.columns.joined(separator: " TAB ")))"
        case .badHeader(let found): return "\(place): bad header \"\(found)\", expected \(Taxonomy.columns.joined(separator: " TAB "))"
        case .wrongColumnCount(let e, let f): return "\(place): expected \(e) tab-separated columns, found \(f)"
        case .emptyField(let name): return "\(place): empty field \(name)"
        case .invalidId(let id): return "\(place): invalid id \"\(id)\" (lowercase letters, digits and '-' only)"
        case .duplicateId(let id, let first): return "\(place): duplicate id \"\(id)\" (first defined on line \(first))"
        case .unknownFamily(let f): return "\(place): unknown family \"\(f)\" (known: \(Taxonomy.families.sorted().joined(separator: ", ")))"
        case .emptyForms(let col): return "\(place): no surface forms in \(col)"
        case .emptyForm(let col): return "\(place): empty surface form in \(col) (check ' | ' separators)"
        case .noCompetencies: return "\(place): no competencies"
        case .gapPartWithoutWords(let form, let part):
            return "\(place): gap form \"\(form)\": its part \"\(part)\" is all stopwords, so the form would match its other part alone"
        }
    }
}

/// The bilingual competency taxonomy, read from a tab-separated file (see `Data/competencies.md`).
public struct Taxonomy: Sendable {
    /// The columns of the file, in order (the header line must name exactly these).
    public static let columns = ["id", "family", "label_fr", "label_en", "definition", "forms_fr", "forms_en"]
    /// Known families; a competency in another family is an error (typo guard).
    public static let families: Set<String> = [
        "facilitation", "design", "mediation", "participation", "strategy", "management", "communication",
        "research", "pedagogy", "tools", "innovation", "transition", "values", "generic",
    ]
    /// Separator of surface forms inside a forms column.
    public static let formSeparator: Character = "|"

    public let competencies: [Competency]
    private let byId: [String: Int]

    public init(competencies: [Competency]) {
        self.competencies = competencies
        var index: [String: Int] = [:]
        for (i, c) in competencies.enumerated() where index[c.id] == nil { index[c.id] = i }
        self.byId = index
    }

    /// Parses the TSV text. `source` names the file in errors.
    public init(parsing text: String, source: String) throws {
        var result: [Competency] = []
        var firstLine: [String: Int] = [:]
        var sawHeader = false
        var gapAnalyzers: [Language: FrenchEnglishAnalyzer] = [:]
        // Split on \n only (keep empty lines so numbers stay right); tolerate \r\n.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (i, raw) in lines.enumerated() {
            let lineNo = i + 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingHorizontalSpace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { $0.trimmingHorizontalSpace() }
            if !sawHeader {
                if fields.first == "id" {
                    guard fields == Taxonomy.columns else {
                        throw TaxonomyError(source: source, line: lineNo, kind: .badHeader(found: fields.joined(separator: " TAB ")))
                    }
                    sawHeader = true
                    continue
                }
                throw TaxonomyError(source: source, line: lineNo, kind: .missingHeader)
            }
            guard fields.count == Taxonomy.columns.count else {
                throw TaxonomyError(source: source, line: lineNo,
                                    kind: .wrongColumnCount(expected: Taxonomy.columns.count, found: fields.count))
            }
            for (k, name) in Taxonomy.columns.enumerated().prefix(5) where fields[k].isEmpty {
                throw TaxonomyError(source: source, line: lineNo, kind: .emptyField(name))
            }
            let id = fields[0]
            guard !id.isEmpty, id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
                throw TaxonomyError(source: source, line: lineNo, kind: .invalidId(id))
            }
            if let first = firstLine[id] {
                throw TaxonomyError(source: source, line: lineNo, kind: .duplicateId(id, firstLine: first))
            }
            guard Taxonomy.families.contains(fields[1]) else {
                throw TaxonomyError(source: source, line: lineNo, kind: .unknownFamily(fields[1]))
            }
            func forms(_ k: Int) throws -> [String] {
                let column = Taxonomy.columns[k]
                if fields[k].isEmpty { throw TaxonomyError(source: source, line: lineNo, kind: .emptyForms(column)) }
                let parts = fields[k].split(separator: Taxonomy.formSeparator, omittingEmptySubsequences: false)
                    .map { $0.trimmingHorizontalSpace() }
                if parts.contains(where: \.isEmpty) { throw TaxonomyError(source: source, line: lineNo, kind: .emptyForm(column)) }
                var seen = Set<String>()
                return parts.filter { seen.insert($0.lowercased()).inserted }
            }
            let fr = try forms(5), en = try forms(6)
            for (written, language) in fr.map({ ($0, Language.fr) }) + en.map({ ($0, Language.en) }) {
                if let part = Taxonomy.gapPartWithoutWords(written, language: language, analyzers: &gapAnalyzers) {
                    throw TaxonomyError(source: source, line: lineNo, kind: .gapPartWithoutWords(form: written, part: part))
                }
            }
            firstLine[id] = lineNo
            result.append(Competency(id: id, labelFR: fields[2], labelEN: fields[3], definition: fields[4],
                                     family: fields[1], formsFR: fr, formsEN: en))
        }
        if !sawHeader { throw TaxonomyError(source: source, line: 0, kind: .missingHeader) }
        if result.isEmpty { throw TaxonomyError(source: source, line: 0, kind: .noCompetencies) }
        self.init(competencies: result)
    }

    /// The first part of a gap form (`CompetencyDetector.gapMarker`) whose words are all stopwords of the form's language,
    /// as the detector analyzes it (the column's language forced, as its reference analysis); nil when every part keeps a
    /// word, or when the form has no gap. Such a part vanishes from the analyzed form, which then matches its other part alone.
    static func gapPartWithoutWords(_ written: String, language: Language,
                                    analyzers: inout [Language: FrenchEnglishAnalyzer]) -> String? {
        let form = CompetencyDetector.unmarked(written).form
        guard form.split(separator: " ").contains(Substring(CompetencyDetector.gapMarker)) else { return nil }
        let analyzer = analyzers[language] ?? FrenchEnglishAnalyzer(phrases: false, language: language)
        analyzers[language] = analyzer
        return CompetencyDetector.parts(ofForm: form).first { CompetencyDetector.wordTerms(analyzer.analyze($0)).isEmpty }
    }

    /// Reads and parses a taxonomy file (UTF-8).
    public static func load(path: String) throws -> Taxonomy {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TaxonomyError(source: path, line: 0, kind: .unreadable(error.localizedDescription))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TaxonomyError(source: path, line: 0, kind: .unreadable("not UTF-8"))
        }
        return try Taxonomy(parsing: text, source: path)
    }

    public func competency(id: String) -> Competency? {
        byId[id].map { competencies[$0] }
    }

    /// The label in `language` (`.other` gets the English label); the id itself when unknown.
    public func label(id: String, language: Language) -> String {
        guard let c = competency(id: id) else { return id }
        switch language {
        case .fr: return c.labelFR
        case .en, .other: return c.labelEN
        }
    }
}
