import Foundation

extension BatchSettings {
    /// The rules between a batch's options that need neither the model nor the pool, in one place (issue 28:
    /// `batch`'s option checks and the batch run each wrote the html, shard and resume rules, in two
    /// wordings, and a caller other than the CLI — the server, a program — met only half of them). The CLI
    /// applies them when it parses its options (a usage error before the model loads); `BatchRun.run`
    /// applies them for every caller before anything is read.
    /// - Parameters:
    ///   - resume: the run is to continue from a checkpoint (`--resume`).
    ///   - toFile: the rows go to a file (`--out`): a run on stdout or a stream has nothing to resume.
    /// - Returns: the first rule broken, in this order, or nil: resume without a file; explanations in CSV or
    ///   html; html resumed or sharded; a minimum score that is not a cosine.
    /// - Complexity: O(1).
    public func brokenRule(resume: Bool, toFile: Bool) -> UserError? {
        if resume && !toFile {
            return UserError("--resume needs --out FILE (a run on stdout cannot be resumed)",
                             french: "--resume demande --out FICHIER (un calcul écrit sur la sortie standard ne peut pas reprendre)")
        }
        if explain && format == .csv {
            return UserError("--explain needs --format jsonl or json (a CSV row has no room for explanations)",
                             french: "--explain demande --format jsonl ou json (une ligne CSV n'a pas de place pour les explications)")
        }
        if format == .html {
            if explain {
                return UserError("--explain needs --format jsonl or json (the html shortlist explains its candidates already)",
                                 french: "--explain demande --format jsonl ou json (la page html explique déjà ses candidats)")
            }
            if resume {
                return UserError("--format html is written once the run is over: it cannot be resumed (drop --resume)",
                                 french: "--format html s'écrit une fois le calcul terminé : il ne peut pas reprendre (retirez --resume)")
            }
            if shard.count > 1 {
                return UserError("--format html needs the whole pool (a shard's shortlists are partial): drop --shard",
                                 french: "--format html demande tout le vivier (les listes d'une tranche sont partielles) : retirez --shard")
            }
        }
        if let minScore, !(minScore.isFinite && minScore >= -1 && minScore <= 1) {
            return UserError("--min-score must be a cosine in [-1, 1]", french: "--min-score doit être un cosinus dans [-1, 1]")
        }
        return nil
    }
}
