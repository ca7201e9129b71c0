import ArgumentParser
import Foundation
import PasserelleApp

#if !PASSERELLE_LIBFUZZER
/// The program's entry point. The libFuzzer build of this target (scripts/fuzz.sh, `-D PASSERELLE_LIBFUZZER`)
/// leaves it out: libFuzzer owns `main` there and calls `CLIFuzz`'s entry point instead.
@main
enum Main {
    static func main() { PasserelleCommand.main() }
}
#endif

struct PasserelleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passerelle",
        abstract: "Match people to jobs by their skills: rank postings for a CV, find similar roles, explain every match.",
        discussion: """
        Postings and CVs become TF-IDF vectors reduced to a latent semantic space (truncated SVD); scores are
        cosines. Without --model, the default model is built from Data/postings on first use and cached in
        Models/ (Data/ and Models/ are found from the current folder upwards, or from PASSERELLE_HOME).
        Everything runs offline; no CV text is ever written into a model file.
        """,
        subcommands: [RankCommand.self, SimilarCommand.self, IndexCommand.self, InfoCommand.self, AddCommand.self,
                      RemoveCommand.self, BatchCommand.self, MergeCommand.self, CompetenciesCommand.self, AnalyzeCommand.self,
                      EvalCommand.self, ImportCommand.self],
        defaultSubcommand: nil
    )

    /// ArgumentParser's entry point, after making closed standard streams safe (see
    /// `Console.guardStandardStreams`).
    static func main() {
        Console.guardStandardStreams()
        main(nil)
    }
}
