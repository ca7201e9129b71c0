import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import PasserelleCore

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Take postings (expired ones) out of a model by id.",
        discussion: HelpExamples.discussion("", command: "remove"))

    @Argument(help: ArgumentHelp("Posting ids.", valueName: "posting-id"))
    var ids: [String]

    @OptionGroup var modelOption: ModelOption

    @OptionGroup var writer: WriterOptions
    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give the ids of the postings to remove") }
    }

    func run() throws {
        quietOption.apply()
        try reportingErrors {
            var loaded = try modelOption.load(forWriting: true, wait: !writer.noWait)
            let unique = try ModelEditing.remove(ids: ids, from: &loaded, notice: Console.notice)
            Console.info("passerelle: removed \(unique.count) posting\(unique.count == 1 ? "" : "s") from \(loaded.path) (\(loaded.model.postingCount) left)")
            try CompactCommand.compactIfLarge(&loaded)
        }
    }
}
