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

extension EngineError: UserFacingError {}
extension ModelFileError: UserFacingError {}
extension PostingFilter.FilterError: UserFacingError {
    public var frenchMessage: String? { french }
}
extension FileWriteError: UserFacingError {}

/// French for the sentences users meet inside error messages: the system's error texts
/// (`systemErrorText`, `strerror` — English whatever the locale, as the C library is never given one) and
/// the reasons the engine, the readers and the file writers put in their errors. Anything else (a JSON
/// parser's own words, a user's path) is kept as is.
///
/// Why a table and not a second sentence at each `throw`: the reasons are built in a dozen files and
/// travel as one string inside the errors' cases; translating the known sentences here keeps the throws
/// as they are and puts the French in one place, where `UserFacingErrorTests` checks that every known
/// reason comes out without English.
public enum FrenchSystemText {
    /// Longest first where one phrase contains another.
    static let phrases: [(String, String)] = [
        // The engine's reasons (Matcher, TF-IDF, LSAModel, EngineSetup).
        (" shares no latent dimension with the postings", " ne partage aucune dimension latente avec les offres"),
        (" has no term the model knows; is it a scanned document, an empty file, or a language the postings do not use?",
         " ne contient aucun terme connu du modèle ; est-ce un document scanné, un fichier vide, ou une langue que les offres n'emploient pas ?"),
        ("no postings to index", "aucune offre à indexer"),
        ("the postings have no terms", "les offres ne contiennent aucun terme"),
        ("no documents", "aucun document"),
        ("the model uses competency features but holds no taxonomy", "le modèle emploie des compétences mais ne contient pas leur taxonomie"),
        ("cross-language terms need the French/English analyzer and the lexicon resource",
         "les termes bilingues demandent l'analyseur français/anglais et le lexique"),
        // The file writers' reasons (AtomicFile, WriterLock).
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
        // The readers' reasons (CSV, .docx, special files).
        (" appears twice in the header", " figure deux fois dans l'en-tête"),
        ("(a comma in an unquoted field?)", "(une virgule dans un champ sans guillemets ?)"),
        ("empty id", "identifiant vide"),
        ("not a valid .docx file (not a zip archive)", "ce n'est pas un fichier .docx valide (pas une archive zip)"),
        ("not a valid .docx file (no word/document.xml inside)", "ce n'est pas un fichier .docx valide (pas de word/document.xml dedans)"),
        ("not a regular file (a FIFO, device or socket)", "pas un fichier ordinaire (un tube, un périphérique ou une socket)"),
        ("cannot be opened", "ne peut pas être ouvert"),
        ("a named pipe", "un tube nommé"),
        ("a character device", "un périphérique caractère"),
        ("a block device", "un périphérique bloc"),
        ("a socket", "une socket"),
        ("a symbolic link", "un lien symbolique"),
        ("a folder", "un dossier"),
        // The system's texts.
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
    ]

    /// Sentences with counts or names in them: a pattern and its French template ($1, $2… the captures).
    static let patterns: [(NSRegularExpression, String)] = [
        (#" has (\d+) terms? known to the model \(at least (\d+) needed\); is it a scanned document or an empty file\?"#,
         " contient $1 terme(s) connu(s) du modèle (il en faut au moins $2) ; est-ce un document scanné ou un fichier vide ?"),
        (#"duplicate id '(.*)' \(first on line (\d+)\)"#, "identifiant '$1' en double (déjà ligne $2)"),
        (#"no "(.*)" column in the header \(columns: "#, "pas de colonne \"$1\" dans l'en-tête (colonnes : "),
        (#"column "(.*)" figure"#, "la colonne \"$1\" figure"),
        (#"(\d+) fields but the header has (\d+)"#, "$1 champs mais l'en-tête en a $2"),
        (#"no term is left after min-df = (\S+) and max-df = (\S+) \((\d+) distinct terms in (\d+) documents\)"#,
         "aucun terme ne reste après min-df = $1 et max-df = $2 ($3 termes distincts dans $4 documents)"),
        (#"analyzer '(.*)' is unknown to this build \(known: (.*)\)"#, "l'analyseur '$1' est inconnu de cette version (connus : $2)"),
        (#"the saved state has (\d+) postings, the model (\d+)"#, "l'état enregistré a $1 offres, le modèle $2"),
        (#"filter '(.*)': write KEY~TEXT \(contains\), KEY=TEXT, KEY>=TEXT or KEY<=TEXT, e\.g\. (\S+) or (\S+)$"#,
         "filtre '$1' : écrivez CLÉ~TEXTE (contient), CLÉ=TEXTE, CLÉ>=TEXTE ou CLÉ<=TEXTE, par exemple $2 ou $3"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// `text` with each known sentence (phrases case-insensitively, then patterns) replaced by its French.
    /// - Complexity: O((phrases + patterns) × text length).
    public static func translate(_ text: String) -> String {
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
}
