import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one rule every command that writes a file follows: its output is never one of its own inputs.
///
/// `rank --model m --out m` replaced the model with a report, `batch --candidates pool.jsonl --out pool.jsonl`
/// emptied the pool, `index posts.jsonl --out posts.jsonl` replaced the source, and `batch --model m.plm
/// --out m.plm` truncated the model it was reading through a mapping (SIGBUS, model lost) — all with exit 0
/// or a crash. The check runs before anything is written. Two paths are the same file when they name the
/// same device and inode once symbolic links are followed, so a symbolic link, a hard link, `./m.plm` or
/// `dir/../m.plm` are caught too. An output that does not exist yet cannot be an input.
public enum OutputGuard {
    /// Throws a `UserError` naming both when `output` is the same file as one of `inputs` (each with what it
    /// is to the command: "the model", "a candidate file"…). Inputs that cannot be looked at are passed over
    /// (the command reports them itself); "-" (standard input) is never a file.
    public static func check(output: String, option: String = "--out", inputs: [(path: String, role: String)]) throws {
        var out = stat()
        guard output != "-", stat(output, &out) == 0 else { return }
        for input in inputs where input.path != "-" {
            var info = stat()
            guard stat(input.path, &info) == 0, info.st_dev == out.st_dev, info.st_ino == out.st_ino else { continue }
            let how = input.path == output ? "" : " (\(input.path))"
            throw UserError("\(option) \(output) is \(input.role)\(how) this command reads: writing there would destroy it; give another file (nothing was written)",
                            french: "\(option) \(output) est \(frenchRole(input.role))\(how) que cette commande lit : écrire là le détruirait ; donnez un autre fichier (rien n'a été écrit)")
        }
    }

    /// The role of an input ("the model", "a candidate file") in French, for the French message.
    static func frenchRole(_ role: String) -> String {
        let roles = ["the model": "le modèle", "the CV": "le CV", "the posting": "l'offre", "the posting file": "le fichier d'offres",
                     "a candidate file": "un fichier de candidats", "a posting file": "un fichier d'offres", "a shard output": "une sortie de tranche",
                     "a file of the import": "un fichier de l'import", "a query file": "un fichier de requêtes", "a corpus file": "un fichier du corpus",
                     "a background file": "un fichier de fond", "the judgments file": "le fichier de jugements"]
        return roles[role] ?? role
    }

    /// `check` with every input given the same role.
    public static func check(output: String, option: String = "--out", inputs: [String], role: String) throws {
        try check(output: output, option: option, inputs: inputs.map { ($0, role) })
    }
}
