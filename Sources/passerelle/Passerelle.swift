import ArgumentParser
import Foundation

@main
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
                      EvalCommand.self, ImportCommand.self, BenchAnalyzerCommand.self, BenchStagesCommand.self],
        defaultSubcommand: nil
    )

    /// ArgumentParser's entry point, after making closed standard streams safe (see
    /// `Console.guardStandardStreams`).
    static func main() {
        Console.guardStandardStreams()
        main(nil)
    }
}
