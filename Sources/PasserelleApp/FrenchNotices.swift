import Foundation
import DocumentReaders
import Passerelle
import PasserelleCore

/// French for the notices a front end prints while it works (progress, summaries, warnings): the
/// application library and the CLI write them in English; a front end whose user reads French passes
/// each line through `translate`, as gettext would through its catalogue.
///
/// Why a catalogue of patterns, not a second string at each call: notices travel as one `String`
/// (`Notice`), from a dozen places; the French lives here, in one place, and `FrenchNoticesTests`
/// checks every pattern against the sentence its caller writes. A line no pattern knows is kept as it is
/// (its embedded reasons still translated by `embeddedReasons`).
public enum FrenchNotices {
    /// Every layer's reasons a notice can carry (a skipped record's error, a failed write): the engine's,
    /// the file writers', the readers', then the system's texts.
    static let embeddedReasons = FrenchPhrasebook.chain([.engineReasons, .fileWriters, .readerReasons, .systemTexts])

    /// A pattern over a whole line (after the "passerelle: " prefix) and its French ($1… the captures).
    static let patterns: [(NSRegularExpression, String)] = [
        // Models (ModelProvider, LiveModel).
        (#"^building the default model from (.+) \(cached in (.+)\)$"#, "construction du modèle par défaut à partir de $1 (gardé dans $2)"),
        (#"^Data/postings changed since (.+) was built; rebuilding it$"#, "Data/postings a changé depuis la construction de $1 : reconstruction"),
        (#"^(.+); rebuilding the default model$"#, "$1 ; reconstruction du modèle par défaut"),
        (#"^waiting for another passerelle changing (.+) \((.+)\)$"#, "attente d'un autre passerelle qui modifie $1 ($2)"),
        (#"^warning: (.+) was written for another version of (.+) and is ignored \(the next add or remove replaces it\)$"#,
         "attention : $1 a été écrit pour une autre version de $2 et est ignoré (le prochain ajout ou retrait le remplace)"),
        // Queries (RankCommand).
        (#"^reading the text from the terminal; end it with Ctrl-D$"#, "lecture du texte au terminal ; terminez-le par Ctrl-D"),
        // Index, add, remove, compact (IndexCommand).
        (#"^\[([\d.]+) s\] reading the postings…$"#, "[$1 s] lecture des offres…"),
        (#"^\[([\d.]+) s\] analyzing (\d+) postings, TF-IDF, then the SVD \(k = (\d+)\)…$"#, "[$1 s] analyse de $2 offres, TF-IDF, puis la SVD (k = $3)…"),
        (#"^\[([\d.]+) s\] profiling (\d+) postings for explanations…$"#, "[$1 s] profils d'explication de $2 offres…"),
        (#"^\[([\d.]+) s\] writing (.+)…$"#, "[$1 s] écriture de $2…"),
        (#"^\[([\d.]+) s\] TF-IDF, then the SVD \(k = (\d+)\)…$"#, "[$1 s] TF-IDF, puis la SVD (k = $2)…"),
        (#"^indexed (\d+) postings, (\d+) terms, k = (\d+) \(([\d.]+)% of the variance\) in ([\d.]+) s → (.+)$"#,
         "$1 offres indexées, $2 termes, k = $3 ($4 % de la variance) en $5 s → $6"),
        (#"^added (\d+) postings to (.+) \((\d+) in all; ([\d.]+)% of added terms unseen\)$"#,
         "$1 offre(s) ajoutée(s) à $2 ($3 en tout ; $4 % des termes ajoutés inconnus du modèle)"),
        (#"^removed (\d+) postings? from (.+) \((\d+) left\)$"#, "$1 offre(s) retirée(s) de $2 ($3 restantes)"),
        (#"^(.+) has no change log; nothing to compact$"#, "$1 n'a pas de journal de modifications : rien à compacter"),
        (#"^compacted (.+) \((\d+) changes from (.+)\) in ([\d.]+) s$"#, "$1 compacté ($2 modifications de $3) en $4 s"),
        (#"^the change log passed its threshold: compacted into (.+) in ([\d.]+) s$"#, "le journal de modifications a passé son seuil : compacté dans $1 en $2 s"),
        (#"^(\S+): the project copy, (.+)$"#, "$1 : la copie du projet, $2"),
        (#"^(\S+): the installed copy, (.+)$"#, "$1 : la copie installée, $2"),
        (#"^(\S+): the build tree copy, (.+)$"#, "$1 : la copie de l'arbre de compilation, $2"),
        (#"^--analyzer (\S+) has no language per paragraph: building without cross-language terms$"#,
         "--analyzer $1 ne donne pas de langue par paragraphe : construction sans termes bilingues"),
        (#"^skipped (\d+) invalid lines?$"#, "$1 ligne(s) invalide(s) ignorée(s)"),
        (#"^warning: (.+) not found \(no project Data/, no installed share/(.+)/\): building without it$"#,
         "attention : $1 introuvable (ni Data/ de projet, ni share/$2/ installé) : construction sans lui"),
        // Batch (BatchCommand, BatchRun).
        (#"^(\d+) candidates? not scored \(too little text\), (\d+) invalid records? skipped$"#,
         "$1 candidat(s) sans score (trop peu de texte), $2 enregistrement(s) invalide(s) ignoré(s)"),
        (#"^(\d+) candidates? scored against (\d+) postings in ([\d.]+) s → standard output$"#, "$1 candidat(s) classé(s) face à $2 offres en $3 s → sortie standard"),
        (#"^(\d+) candidates? scored against (\d+) postings in ([\d.]+) s → (.+)$"#, "$1 candidat(s) classé(s) face à $2 offres en $3 s → $4"),
        (#"^resuming (.+) after (\d+) of (\d+) candidates$"#, "reprise de $1 après $2 candidats sur $3"),
        (#"^no checkpoint (.+); starting from the beginning$"#, "pas de point de reprise $1 : départ du début"),
        // Import (ImportCommand).
        (#"^skipped (\d+) bad records?$"#, "$1 enregistrement(s) invalide(s) ignoré(s)"),
        (#"^wrote (\d+) documents to (.+)$"#, "$1 documents écrits dans $2"),
        // Serve (ServeCommand).
        (#"^serving on (\S+) \(API: /openapi.json; Ctrl-C stops\)$"#, "en service sur $1 (API : /openapi.json ; Ctrl-C l'arrête)"),
        // Readers' warnings (DocumentReaders), anywhere in a line.
        (#": not valid UTF-8; read as Windows-1252 \(Latin-1\)$"#, " : pas de l'UTF-8 valide ; lu comme Windows-1252 (Latin-1)"),
        (#": declares charset (\S+) but is valid UTF-8; read as UTF-8$"#, " : déclare le jeu de caractères $1 mais est de l'UTF-8 valide ; lu comme UTF-8"),
        (#": skipped: "#, " : ignoré : "),
        (#"^warning: "#, "attention : "),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// `line` in French: an optional program prefix ("passerelle: ", "passerelle batch: ") kept, the rest
    /// matched against the catalogue, the system's texts translated.
    /// - Complexity: O(patterns × line length).
    public static func translate(_ line: String) -> String {
        var prefix = ""
        var body = Substring(line)
        for p in ["passerelle batch: ", "passerelle: "] where body.hasPrefix(p) {
            prefix = p
            body = body.dropFirst(p.count)
            break
        }
        var text = String(body)
        for (pattern, template) in patterns {
            let whole = NSRange(text.startIndex..., in: text)
            text = pattern.stringByReplacingMatches(in: text, range: whole, withTemplate: template)
        }
        return prefix + embeddedReasons.translate(text)
    }
}
