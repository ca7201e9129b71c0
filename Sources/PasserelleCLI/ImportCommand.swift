import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import DocumentReaders
import PasserelleCore

/// `passerelle import france-travail|jobposting|rome|esco`: job postings (France Travail's offers API,
/// schema.org JobPosting pages) and public job referentials → corpus JSON Lines (the exchange format of
/// `passerelle index` and `add`). The reading and checking is the library's (`PostingFeeds`); this only
/// parses options and prints.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn job postings (France Travail, schema.org JobPosting) or the ROME / ESCO files into corpus JSON Lines.",
        subcommands: [ImportFranceTravailCommand.self, ImportJobPostingCommand.self, ImportROMECommand.self, ImportESCOCommand.self]
    )
}

/// The options and the run of `import france-travail` and `import jobposting`.
struct FeedImportOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files or folders to read.", valueName: "file|dir"))
    var paths: [String] = []

    @Flag(name: .long, help: "Write the valid postings and report the bad ones on stderr (default: any bad record is an error and nothing is written).")
    var skipInvalid = false

    @Flag(name: .long, help: "Say nothing on stderr but errors.")
    var quiet = false

    @OptionGroup var recordSize: RecordSizeOptions
    @OptionGroup var output: ImportOutput

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give a file or a folder to import") }
    }

    func run(_ kind: PostingFeeds.Kind) throws {
        try reportingErrors {
            let result = try PostingFeeds.read(paths, kind: kind, maxFileSize: recordSize.maxFileSize)
            for problem in result.problems { Console.error("passerelle: \(TerminalText.sanitized(problem.description))") }
            if !result.problems.isEmpty && !skipInvalid {
                throw UserError("\(result.problems.count) bad record\(result.problems.count == 1 ? "" : "s"): nothing written (fix them, or --skip-invalid to write the \(result.documents.count) valid ones)")
            }
            guard !result.documents.isEmpty else { throw UserError("no posting found in \(paths.joined(separator: ", "))") }
            try output.write(result.documents, readFrom: paths, quiet: quiet)
            if !result.problems.isEmpty && !quiet { Console.info("passerelle: skipped \(result.problems.count) bad record\(result.problems.count == 1 ? "" : "s")") }
        }
    }
}

struct ImportFranceTravailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "france-travail",
        abstract: "Offers from France Travail's offers API (JSON: one offer, or a page of results).",
        discussion: HelpExamples.discussion("""
        Reads what the API `offresdemploi/v2/offres` returns: one offer, a list, or a page `{"resultats": [...]}`;
        a folder: its .json files. id = `ft-` + the offer's id, title = `intitule`, text = the title, the
        description, the skills (`competences`), professional qualities, languages (E: exigé, S: souhaité),
        training and experience. Metadata: `url` (origineOffre.urlOrigine, else the partner's url), `date`
        (dateCreation, YYYY-MM-DD), `contract` (typeContrat: CDI, CDD, MIS…), `location` (lieuTravail.libelle),
        `organization` (entreprise.nom), `salary` (salaire.libelle), `rome`, `source`. Contacts are never imported.
        A record without id, intitule or description, a bad date or a non-http address is an error naming the
        file and the record.
        """, command: "france-travail")
    )

    @OptionGroup var options: FeedImportOptions

    func run() throws { try options.run(.franceTravail) }
}

struct ImportJobPostingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobposting",
        abstract: "schema.org JobPosting: the JSON-LD of saved job pages (.html), or JSON files.",
        discussion: HelpExamples.discussion("""
        Reads each `<script type="application/ld+json">` of an .html page (objects, arrays and `@graph`), or a
        .json/.jsonld file; a folder: its .html, .htm, .json and .jsonld files. Nothing is fetched: save the page
        first. id = `jp-` + the identifier (else the url), title, text = the title, the description (HTML read as
        text), responsibilities, qualifications, skills, education and experience requirements. Metadata: `url`,
        `date` (datePosted), `contract` (employmentType), `location` (jobLocation's address), `organization`
        (hiringOrganization), `salary` (baseSalary), `source`; `lang` from inLanguage.
        """, command: "jobposting")
    )

    @OptionGroup var options: FeedImportOptions

    func run() throws { try options.run(.jobPosting) }
}

struct ImportOutput: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the JSON Lines to this file (default: standard output).", valueName: "file"))
    var out: String?

    /// Writes documents as JSON Lines: id, title, text, lang, then metadata fields (keys sorted).
    /// - Parameter inputs: the files or folders read (the output may be none of them: `OutputGuard`; a folder
    ///   counts by the files directly in it).
    func write(_ documents: [Document], readFrom inputs: [String], quiet: Bool = false) throws {
        if let out {
            var files = [String]()
            for input in inputs {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: input, isDirectory: &isFolder), isFolder.boolValue {
                    files += ((try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []).map { (input as NSString).appendingPathComponent($0) }
                } else {
                    files.append(input)
                }
            }
            try OutputGuard.check(output: out, inputs: files, role: "a file of the import")
        }
        var lines = [String]()
        lines.reserveCapacity(documents.count)
        for d in documents {
            var object: [String: String] = d.metadata
            object["id"] = d.id
            object["title"] = d.title
            object["text"] = d.text
            if let lang = d.lang { object["lang"] = lang }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        let text = lines.joined(separator: "\n") + "\n"
        if let out {
            do { try ModelFile.writeAtomically(Data(text.utf8), to: out) } catch { throw UserError("\(out): cannot write: \(error)") }
            if !quiet { Console.info("passerelle: wrote \(documents.count) documents to \(out)") }
        } else {
            Console.out(text)
        }
    }
}

/// A CSV file read whole, with its header; fields are looked up by column name. Read through
/// `CSVRecordReader`, the CSV reader of every command, so a stray or unclosed quote is an error naming its line.
struct CSVTable {
    let path: String
    let columns: [String: Int]
    let rows: [[String]]

    /// - Parameters:
    ///   - required: columns that must be present (the error names the file and the missing column).
    ///   - doubledApostrophes: ROME's files write `'` as `''` inside fields; undo it.
    init(_ path: String, required: [String], doubledApostrophes: Bool = false) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw UserError("\(path): no such file (is the folder the right export?)") }
        let stream: ByteStream
        do { stream = try ByteStream(path: path) } catch { throw UserError("\(error)") }
        var reader = CSVRecordReader(stream: stream)
        var rows = [[String]]()
        var header: [String]? = nil
        do {
            while let record = try reader.next() {
                if header == nil { header = record.fields; continue }
                rows.append(doubledApostrophes ? record.fields.map { $0.replacingOccurrences(of: "''", with: "'") } : record.fields)
            }
        } catch let failure as CSVRecordReader.Failure {
            throw UserError("\(path):\(failure.line): invalid CSV: \(failure.why)")
        }
        guard let header else { throw UserError("\(path): empty CSV file") }
        var columns = [String: Int]()
        for (i, name) in header.enumerated() { columns[name.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "")] = i }
        for name in required where columns[name] == nil {
            throw UserError("\(path): no column '\(name)' (found: \(header.joined(separator: ", ")))")
        }
        self.columns = columns
        self.rows = rows
    }

    func value(_ row: [String], _ column: String) -> String {
        guard let i = columns[column], i < row.count else { return "" }
        return row[i].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct ImportROMECommand: ParsableCommand {
    enum What: String, ExpressibleByArgument, CaseIterable { case fiches, appellations }

    static let configuration = CommandConfiguration(
        commandName: "rome",
        abstract: "ROME v3 open data (France Travail): the job-role fiches, or their job titles (appellations).",
        discussion: HelpExamples.discussion("""
        DIR holds the `unix_*_v347_utf8.csv` files and `metiers.csv`. Fiches: id = ROME code, title = the role's
        name, text = name, definition, access to the job, working conditions and (unless --no-skills) the
        fiche's savoirs and savoir-faire. Appellations: id = `ogr-<code_ogr>`, text = the job title, with
        `code_rome` as metadata (the fiche it belongs to; the job title → role test collection).
        """, command: "rome")
    )

    @Argument(help: ArgumentHelp("Folder of the ROME CSV files.", valueName: "dir"))
    var dir: String

    @Option(name: .long, help: "What to import: fiches (the 532 roles) or appellations (job titles → code_rome).")
    var what: What = .fiches

    @Flag(name: .long, help: "Leave the savoirs and savoir-faire out of the fiche texts.")
    var noSkills = false

    @OptionGroup var output: ImportOutput

    func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }

    func run() throws {
        try reportingErrors {
            switch what {
            case .appellations: try output.write(try appellations(), readFrom: [dir])
            case .fiches: try output.write(try fiches(), readFrom: [dir])
            }
        }
    }

    func appellations() throws -> [Document] {
        let table = try CSVTable(path("unix_referentiel_appellation_v347_utf8.csv"),
                                 required: ["code_ogr", "libelle_appellation_long", "code_rome"], doubledApostrophes: true)
        return table.rows.compactMap { row in
            let ogr = table.value(row, "code_ogr"), title = table.value(row, "libelle_appellation_long"), code = table.value(row, "code_rome")
            guard !ogr.isEmpty, !title.isEmpty, !code.isEmpty else { return nil }
            return Document(id: "ogr-\(ogr)", title: title, text: title, lang: "fr", metadata: ["code_rome": code])
        }
    }

    func fiches() throws -> [Document] {
        // The 532 roles with their domains (metiers.csv writes apostrophes plainly).
        let roles = try CSVTable(path("metiers.csv"), required: ["code_rome", "libelle_rome", "libelle_grand_domaine", "libelle_domaine_professionel"])
        let texts = try CSVTable(path("unix_texte_v347_utf8.csv"), required: ["code_rome", "position_libelle_txt", "libelle_texte", "libelle_type_texte"],
                                 doubledApostrophes: true)
        var paragraphs = [String: [String: [(Int, String)]]]()   // code → type → (position, text)
        for row in texts.rows {
            let code = texts.value(row, "code_rome"), type = texts.value(row, "libelle_type_texte")
            paragraphs[code, default: [:]][type, default: []].append((Int(texts.value(row, "position_libelle_txt")) ?? 0, texts.value(row, "libelle_texte")))
        }
        var skills = [String: [String]]()
        if !noSkills {
            let labels = try CSVTable(path("unix_referentiel_competence_v347_utf8.csv"), required: ["code_ogr", "libelle_competence"], doubledApostrophes: true)
            var label = [String: String]()
            for row in labels.rows { label[labels.value(row, "code_ogr")] = labels.value(row, "libelle_competence") }
            let links = try CSVTable(path("unix_coherence_item_v347_utf8.csv"), required: ["code_rome", "code_ogr"])
            for row in links.rows {
                if let l = label[links.value(row, "code_ogr")] { skills[links.value(row, "code_rome"), default: []].append(l) }
            }
        }
        let sections = [("definition", "Définition"), ("acces_a_em", "Accès à l'emploi"), ("cond_exercice_activite", "Conditions d'exercice")]
        var documents = [Document]()
        for row in roles.rows {
            let code = roles.value(row, "code_rome"), title = roles.value(row, "libelle_rome")
            guard !code.isEmpty else { continue }
            var parts = [title]
            for (type, heading) in sections {
                let ps = (paragraphs[code]?[type] ?? []).sorted { $0.0 < $1.0 }.map(\.1)
                if !ps.isEmpty { parts.append("\(heading) : " + ps.joined(separator: " ")) }
            }
            if let s = skills[code], !s.isEmpty { parts.append("Compétences : " + s.joined(separator: " ; ") + ".") }
            documents.append(Document(id: code, title: title, text: parts.joined(separator: "\n\n"), lang: "fr",
                                      metadata: ["domain": roles.value(row, "libelle_grand_domaine"),
                                                 "subdomain": roles.value(row, "libelle_domaine_professionel")]))
        }
        guard !documents.isEmpty else { throw UserError("\(roles.path): no role found") }
        return documents
    }
}

struct ImportESCOCommand: ParsableCommand {
    enum Language: String, ExpressibleByArgument, CaseIterable { case fr, en }

    static let configuration = CommandConfiguration(
        commandName: "esco",
        abstract: "ESCO v1 occupations (European Commission) in French or English.",
        discussion: HelpExamples.discussion("""
        DIR holds `occupations_<lang>.csv`. id = the occupation's UUID (the last part of its URI, the same in every
        language), title = the preferred label, text = the label and the description; metadata: `uri`,
        `isco_group` (ISCO-08 unit group), `code`. This service uses the ESCO classification of the European Commission.
        """, command: "esco")
    )

    @Argument(help: ArgumentHelp("Folder of the ESCO CSV export.", valueName: "dir"))
    var dir: String

    @Option(name: .long, help: "Language of the labels and descriptions: fr or en.")
    var lang: Language = .fr

    @Flag(name: .long, help: "Also put the alternative labels into the text.")
    var altLabels = false

    @OptionGroup var output: ImportOutput

    func run() throws {
        try reportingErrors {
            let file = (dir as NSString).appendingPathComponent("occupations_\(lang.rawValue).csv")
            let table = try CSVTable(file, required: ["conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description", "code"])
            var documents = [Document]()
            var seen = Set<String>()
            for (i, row) in table.rows.enumerated() {
                let uri = table.value(row, "conceptUri")
                guard let id = uri.split(separator: "/").last.map(String.init), !id.isEmpty else {
                    throw UserError("\(file): row \(i + 2) has no conceptUri")
                }
                guard seen.insert(id).inserted else { throw UserError("\(file): row \(i + 2): occupation \(uri) listed twice") }
                let label = table.value(row, "preferredLabel")
                var parts = [label.hasSuffix(".") ? label : label + ".", table.value(row, "description")]
                if altLabels {
                    let alt = table.value(row, "altLabels").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    if !alt.isEmpty { parts.append(alt.joined(separator: " ; ") + ".") }
                }
                documents.append(Document(id: id, title: label, text: parts.filter { !$0.isEmpty }.joined(separator: "\n\n"), lang: lang.rawValue,
                                          metadata: ["uri": uri, "isco_group": table.value(row, "iscoGroup"), "code": table.value(row, "code")]))
            }
            guard !documents.isEmpty else { throw UserError("\(file): no occupation found") }
            try output.write(documents, readFrom: [dir])
        }
    }
}
