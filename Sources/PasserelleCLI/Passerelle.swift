import ArgumentParser
import Foundation
import Passerelle
import PasserelleApp
import TextAnalysis
import DocumentReaders

#if !PASSERELLE_LIBFUZZER
/// The program's entry point. The libFuzzer build of this target (scripts/checks/fuzz.sh, `-D PASSERELLE_LIBFUZZER`)
/// leaves it out: libFuzzer owns `main` there and calls `CLIFuzz`'s entry point instead.
@main
enum Main {
    static func main() {
        // OpenBLAS's generic kernels on a CPU it does not know are 4× slower: the commands whose time goes to
        // sgemm and LAPACK restart with better ones (about 10 ms); the others (`info`, `rank`: a memory-bound
        // sgemv, `analyze`…) would only pay for the restart.
        if let command = CommandLine.arguments.dropFirst().first, blasBoundCommands.contains(command) {
            NumericRuntime.restartWithPreferredKernels()
        }
        PasserelleCommand.main()
    }

    /// Commands that spend their time in BLAS-3 and LAPACK (the SVD, block scoring).
    static let blasBoundCommands: Set<String> = ["index", "batch", "eval", "serve"]
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

        Exit codes: 0 done; 1 the command could not do its job (a file missing or unreadable, a bad record
        named with its file and line, an unknown --where key, a CV with too little text, an output that cannot
        be written); 64 a wrong command line (unknown command or option, missing or out-of-range value);
        130 batch interrupted by Ctrl-C (rerun with --resume).
        """,
        version: PasserelleVersion.line,
        subcommands: [RankCommand.self, SimilarCommand.self, IndexCommand.self, InfoCommand.self, AddCommand.self,
                      RemoveCommand.self, CompactCommand.self, BatchCommand.self, MergeCommand.self, CompetenciesCommand.self, AnalyzeCommand.self,
                      EvalCommand.self, ImportCommand.self, ServeCommand.self],
        defaultSubcommand: nil
    )

    /// ArgumentParser's entry point, after making closed standard streams safe (see
    /// `Console.guardStandardStreams`).
    static func main() {
        Console.guardStandardStreams()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let problem = unknownCommand(in: arguments) {
            Console.error("passerelle: \(problem)")
            Foundation.exit(64)
        }
        runSanitized(arguments)
    }

    /// ArgumentParser's `main(_:)`, with its messages through `Console` (control characters of a bad option
    /// value — `--where $'\e]0;x\a'` — shown as visible stand-ins, never sent raw to the terminal).
    static func runSanitized(_ arguments: [String]) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { Console.out(message) } else { Console.error(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// What is wrong with a first argument that names no command (`passerelle rnak`, `passerelle help
    /// serve`), with the nearest command names; nil when it is a command, an option or absent.
    /// ArgumentParser alone would answer "Unknown option '--cv'" or print the root help and exit 0.
    static func unknownCommand(in arguments: [String]) -> String? {
        let names = configuration.subcommands.map { $0._commandName }
        var word = arguments.first
        if word == "help" { word = arguments.dropFirst().first }
        guard let word, !word.hasPrefix("-"), word != "help", !names.contains(word) else { return nil }
        let nearest = Spelling.nearest(to: word, among: names)
        let hint = nearest.isEmpty ? "" : "; did you mean " + nearest.map { "'\($0)'" }.joined(separator: " or ") + "?"
        return "no command '\(TerminalText.sanitized(word))'\(hint) (the commands: \(names.joined(separator: ", ")))"
    }
}
