import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import PasserelleCore

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Fold new postings into a model without refitting (the vocabulary stays frozen).",
        discussion: HelpExamples.discussion("The postings go to the model's change log (MODEL.log beside it), read with the model by every command and by a running `passerelle serve` within a second; `passerelle compact` writes them into the model. A posting with valid_through (YYYY-MM-DD) drops out of answers after that day. Terms the model does not know are counted; `passerelle info` advises a refit when they pass 20%.", command: "add")
    )

    @Argument(help: ArgumentHelp("Files or folders of postings.", valueName: "paths"))
    var paths: [String]

    @OptionGroup var modelOption: ModelOption

    @OptionGroup var input: PostingInputOptions

    @OptionGroup var writer: WriterOptions
    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder of postings") }
    }

    func run() throws {
        quietOption.apply()
        try reportingErrors {
            // The postings are read before the lock is taken, so that a writer waits on another only for
            // its fold and write, never for a slow read.
            let read = try input.read(paths)
            // Locked from reading the model to renaming the new one (released when `loaded` goes).
            var loaded = try modelOption.load(forWriting: true, wait: !writer.noWait)
            try ModelEditing.add(read.documents, sources: read.sources, to: &loaded, notice: Console.notice)
            Console.info(String(format: "passerelle: added %d postings to %@ (%d in all; %.1f%% of added terms unseen)",
                                read.documents.count, loaded.path, loaded.model.postingCount, 100 * loaded.model.foldIn.unseenRatio))
            try CompactCommand.compactIfLarge(&loaded)
        }
    }
}
