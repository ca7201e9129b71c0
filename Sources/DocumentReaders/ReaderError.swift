import PasserelleCore
/// Why a file could not be read; every case names the file (and the line for JSON Lines).
public enum ReaderError: UserFacingError, Equatable {
    case notFound(path: String)
    case empty(path: String)
    case binary(path: String)
    case tooLarge(path: String, bytes: Int, limit: Int)
    case unsupported(path: String, ext: String)
    case invalidJSON(path: String, line: Int, why: String)
    case missingField(path: String, line: Int, field: String)
    case noDocuments(path: String)
    case duplicateID(id: String, first: String, second: String)
    /// A CSV file's header or row is unusable (missing column, empty or duplicate id, extra fields).
    case invalidCSV(path: String, line: Int, why: String)
    /// A .docx (or other container) that cannot be opened or lacks a part.
    case corrupt(path: String, why: String)
    /// `pdftotext` is not installed (or not at the given path).
    case pdfToolMissing(path: String, tool: String)
    /// `pdftotext` failed (damaged or encrypted PDF) or took too long.
    case pdfFailed(path: String, why: String)
    /// A PDF whose pages are pictures (a scan): fewer letters than `PDFText.minimumLetters`.
    case noTextLayer(path: String, letters: Int)
    /// The path exists but cannot be opened (permission denied, a symbolic link loop).
    case cannotOpen(path: String, why: String)
    /// A named pipe, a device, a socket or a folder where a file was expected.
    case notARegularFile(path: String, kind: String)
    /// Text in an encoding that is recognised (by its byte order mark) but not read.
    case unsupportedEncoding(path: String, encoding: String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file or folder"
        case .empty(let path): return "\(path): the file is empty"
        case .binary(let path): return "\(path): this looks like a binary file, not text"
        case .tooLarge(let path, let bytes, let limit):
            return "\(path): the file is \(bytes) bytes, over the limit of \(limit) bytes (see --max-file-size)"
        case .unsupported(let path, let ext):
            return "\(path): unsupported file type '.\(ext)' (supported: \(DocumentReader.supportedExtensions.sorted().map { "." + $0 }.joined(separator: ", ")))"
        case .invalidJSON(let path, let line, let why): return "\(path):\(line): invalid JSON line: \(why)"
        case .missingField(let path, let line, let field): return "\(path):\(line): missing or empty field \"\(field)\""
        case .noDocuments(let path):
            return "\(path): no documents found (read: \(DocumentReader.supportedExtensions.sorted().map { "." + $0 }.joined(separator: ", ")))"
        case .duplicateID(let id, let first, let second): return "duplicate id '\(id)' in \(first) and \(second)"
        case .invalidCSV(let path, let line, let why): return "\(path):\(line): invalid CSV: \(why)"
        case .corrupt(let path, let why): return "\(path): cannot be read: \(why)"
        case .pdfToolMissing(let path, let tool):
            return "\(path): reading PDF needs pdftotext, not found (\(tool)); install poppler-utils (apt-get install poppler-utils)"
        case .pdfFailed(let path, let why): return "\(path): pdftotext failed: \(why)"
        case .noTextLayer(let path, let letters):
            return "\(path): this PDF has no text layer (\(letters) letters found; a scanned document?); OCR it first, e.g. with ocrmypdf"
        case .cannotOpen(let path, let why): return "\(path): cannot open the file: \(why)"
        case .notARegularFile(let path, let kind): return "\(path): is \(kind), not a regular file"
        case .unsupportedEncoding(let path, let encoding): return "\(path): \(encoding) text is not supported; save it as UTF-8"
        }
    }

    /// The message in French (`UserFacingError.message(french:)`); a parser's own reason (`why`) is kept
    /// in its words where it is not one of the readers' or the system's known sentences.
    public var frenchMessage: String? {
        let known = DocumentReader.supportedExtensions.sorted().map { "." + $0 }.joined(separator: ", ")
        let t = FrenchPhrasebook.readers.translate
        switch self {
        case .notFound(let path): return "\(path) : fichier ou dossier introuvable"
        case .empty(let path): return "\(path) : le fichier est vide"
        case .binary(let path): return "\(path) : ce fichier semble binaire, pas du texte"
        case .tooLarge(let path, let bytes, let limit):
            return "\(path) : le fichier fait \(bytes) octets, au-delà de la limite de \(limit) octets (voir --max-file-size)"
        case .unsupported(let path, let ext): return "\(path) : type de fichier '.\(ext)' non pris en charge (pris en charge : \(known))"
        case .invalidJSON(let path, let line, let why): return "\(path):\(line) : ligne JSON invalide : \(t(why))"
        case .missingField(let path, let line, let field): return "\(path):\(line) : champ \"\(field)\" absent ou vide"
        case .noDocuments(let path): return "\(path) : aucun document trouvé (formats lus : \(known))"
        case .duplicateID(let id, let first, let second): return "identifiant '\(id)' en double dans \(first) et \(second)"
        case .invalidCSV(let path, let line, let why): return "\(path):\(line) : CSV invalide : \(t(why))"
        case .corrupt(let path, let why): return "\(path) : illisible : \(t(why))"
        case .pdfToolMissing(let path, let tool):
            return "\(path) : lire un PDF demande pdftotext, introuvable (\(tool)) ; installez poppler-utils (apt-get install poppler-utils)"
        case .pdfFailed(let path, let why): return "\(path) : pdftotext a échoué : \(t(why))"
        case .noTextLayer(let path, let letters):
            return "\(path) : ce PDF n'a pas de couche texte (\(letters) lettres trouvées ; un document scanné ?) ; passez-le d'abord à l'OCR, par exemple avec ocrmypdf"
        case .cannotOpen(let path, let why): return "\(path) : impossible d'ouvrir le fichier : \(t(why))"
        case .notARegularFile(let path, let kind): return "\(path) : c'est \(t(kind)), pas un fichier ordinaire"
        case .unsupportedEncoding(let path, let encoding): return "\(path) : le texte en \(encoding) n'est pas pris en charge ; enregistrez-le en UTF-8"
        }
    }
}

extension FrenchPhrasebook {
    /// The reasons the readers write in their errors (CSV, .docx); `ReaderErrorTests` checks them.
    public static let readerReasons = FrenchPhrasebook(phrases: [
        (" appears twice in the header", " figure deux fois dans l'en-tête"),
        ("(a comma in an unquoted field?)", "(une virgule dans un champ sans guillemets ?)"),
        ("empty id", "identifiant vide"),
        ("not a valid .docx file (not a zip archive)", "ce n'est pas un fichier .docx valide (pas une archive zip)"),
        ("not a valid .docx file (no word/document.xml inside)", "ce n'est pas un fichier .docx valide (pas de word/document.xml dedans)"),
    ], patterns: [
        (#"duplicate id '(.*)' \(first on line (\d+)\)"#, "identifiant '$1' en double (déjà ligne $2)"),
        (#"no "(.*)" column in the header \(columns: "#, "pas de colonne \"$1\" dans l'en-tête (colonnes : "),
        (#"column "(.*)" figure"#, "la colonne \"$1\" figure"),
        (#"(\d+) fields but the header has (\d+)"#, "$1 champs mais l'en-tête en a $2"),
    ])

    /// What the readers' errors can hold: their reasons, the file writers' and the system's.
    public static let readers = chain([readerReasons, fileWriters, systemTexts])
}
