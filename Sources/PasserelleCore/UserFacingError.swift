import Foundation

/// An error whose message a user can act on: one line naming the file (and line) and, where there is
/// one, the fix. Every error the engine, the readers and the application library throw for bad input or
/// a failing file system conforms; front ends (the CLI, a server) print `message(french:)` as it is and
/// treat anything else as a bug.
///
/// Why two languages here and not in the front ends: the error knows its facts (a path, a line, a count)
/// and only it can put them in a French sentence; a front end only knows which language its user reads
/// (the CLI: `--lang`, else LC_ALL/LC_MESSAGES/LANG; the server: Accept-Language).
public protocol UserFacingError: Error, CustomStringConvertible {
    var userMessage: String { get }
    /// The same message in French, nil where none is written (the English one is shown then).
    var frenchMessage: String? { get }
}

extension UserFacingError {
    public var userMessage: String { description }
    public var frenchMessage: String? { nil }

    /// The message in the user's language: French when asked for and written, else English.
    public func message(french: Bool) -> String { french ? (frenchMessage ?? userMessage) : userMessage }
}

extension FileWriteError: UserFacingError {}

/// French for the sentences users meet inside error messages: known English phrases (replaced
/// case-insensitively, in order) and sentences with counts or names in them (a pattern and its French
/// template, `$1`, `$2`… the captures). Anything else (a JSON parser's own words, a user's path) is kept.
///
/// Why a table and not a second sentence at each `throw`: the reasons are built in a dozen files and
/// travel as one string inside the errors' cases; translating the known sentences keeps the throws as
/// they are. Each layer keeps the phrases of the reasons it writes beside its errors (this module: the
/// file writers' and the system's, `fileWriters` and `systemTexts`; the engine and the readers theirs)
/// and chains the books it can meet, most specific first.
public struct FrenchPhrasebook: @unchecked Sendable {
    /// Replaced in this order: longest first where one phrase contains another.
    public let phrases: [(english: String, french: String)]
    /// Applied after every phrase, in this order.
    public let patterns: [(pattern: NSRegularExpression, template: String)]

    /// - Precondition: every pattern is a valid regular expression (they are literals in the source).
    public init(phrases: [(String, String)], patterns: [(String, String)] = []) {
        self.phrases = phrases.map { (english: $0.0, french: $0.1) }
        self.patterns = patterns.map { (pattern: try! NSRegularExpression(pattern: $0.0), template: $0.1) }
    }

    private init(phrases: [(english: String, french: String)], compiled: [(pattern: NSRegularExpression, template: String)]) {
        self.phrases = phrases
        self.patterns = compiled
    }

    /// One book of `books`' phrases then their patterns, each in the order given.
    public static func chain(_ books: [FrenchPhrasebook]) -> FrenchPhrasebook {
        FrenchPhrasebook(phrases: books.flatMap(\.phrases), compiled: books.flatMap(\.patterns))
    }

    /// `text` with each known sentence (phrases case-insensitively, then patterns) replaced by its French.
    /// - Complexity: O((phrases + patterns) × text length).
    public func translate(_ text: String) -> String {
        var result = text
        for (english, french) in phrases {
            while let range = result.range(of: english, options: .caseInsensitive) { result.replaceSubrange(range, with: french) }
        }
        for (pattern, template) in patterns {
            let whole = NSRange(result.startIndex..., in: result)
            result = pattern.stringByReplacingMatches(in: result, range: whole, withTemplate: template)
        }
        return result
    }

    /// The file writers' reasons (`AtomicFile`, `WriterLock`) and the kinds of path (`PathKind`).
    public static let fileWriters = FrenchPhrasebook(phrases: [
        ("it is a folder; give a file name", "c'est un dossier ; donnez un nom de fichier"),
        (" is a folder; give a file name", " est un dossier ; donnez un nom de fichier"),
        (", not a regular file; it is left alone: give the name of a regular file",
         ", pas un fichier ordinaire ; il est laissé tel quel : donnez le nom d'un fichier ordinaire"),
        (" is on a read-only file system)", " est sur un système de fichiers en lecture seule)"),
        (" is read-only for this user)", " est en lecture seule pour cet utilisateur)"),
        ("(the folder ", "(le dossier "),
        ("cannot create the folder ", "impossible de créer le dossier "),
        ("cannot create a temporary file in ", "impossible de créer un fichier temporaire dans "),
        ("cannot read the symbolic link ", "impossible de lire le lien symbolique "),
        ("the file was already closed", "le fichier était déjà fermé"),
        ("another passerelle is changing it (it holds ", "un autre passerelle est en train de le modifier (il détient "),
        ("); try again when it is done", ") ; réessayez quand il aura fini"),
        (", or leave out --no-wait to wait for it", ", ou retirez --no-wait pour l'attendre"),
        (" does not exist", " n'existe pas"),
        (" cannot be reached: ", " est inaccessible : "),
        (" is not a folder", " n'est pas un dossier"),
        ("the folder ", "le dossier "),
    ])

    /// The kinds of path (`PathKind`'s words) and the system's texts (`systemErrorText`, `strerror` —
    /// English whatever the locale, as the C library is never given one).
    public static let systemTexts = FrenchPhrasebook(phrases: [
        ("not a regular file (a FIFO, device or socket)", "pas un fichier ordinaire (un tube, un périphérique ou une socket)"),
        ("cannot be opened", "ne peut pas être ouvert"),
        ("a named pipe", "un tube nommé"),
        ("a character device", "un périphérique caractère"),
        ("a block device", "un périphérique bloc"),
        ("a socket", "une socket"),
        ("a symbolic link", "un lien symbolique"),
        ("a folder", "un dossier"),
        ("permission denied", "permission refusée"),
        ("no space left on device", "plus de place sur le disque"),
        ("disk quota exceeded", "quota de disque dépassé"),
        ("read-only file system", "système de fichiers en lecture seule"),
        ("no such file or directory", "fichier ou dossier introuvable"),
        ("is a directory", "c'est un dossier"),
        ("not a directory", "ce n'est pas un dossier"),
        ("file exists", "le fichier existe déjà"),
        ("too many levels of symbolic links (a symbolic link loop?)", "trop de niveaux de liens symboliques (une boucle de liens ?)"),
        ("too many levels of symbolic links", "trop de niveaux de liens symboliques"),
        ("input/output error", "erreur d'entrée-sortie"),
        ("file name too long", "nom de fichier trop long"),
        ("operation not permitted", "opération non permise"),
    ])

    /// What a file writer's error can hold: its reasons, then the system's texts.
    public static let files = chain([fileWriters, systemTexts])
}
