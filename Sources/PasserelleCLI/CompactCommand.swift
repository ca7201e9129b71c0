import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import PasserelleCore

struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Write a model's change log (postings added and removed since it was written) into the model file.",
        discussion: HelpExamples.discussion("add and remove append to MODEL.log beside the model; readers fold it in. compact rewrites the model with it and removes the log (add does so by itself once the log passes a quarter of the model's size). The answers are the same bytes before and after.", command: "compact")
    )

    @OptionGroup var modelOption: ModelOption

    @OptionGroup var writer: WriterOptions

    func run() throws {
        try reportingErrors {
            // Read and written without the writers' lock (adds go on meanwhile); the lock is taken to put
            // the new file in place (`LiveModel.compact(unlocked:lock:)`).
            let read = try modelOption.load()
            guard let log = read.log, log.records > 0 || log.stale || log.tornBytes > 0 || log.carried else {
                Console.info("passerelle: \(read.path) has no change log; nothing to compact")
                return
            }
            let started = Date()
            let done = try LiveModel.compact(unlocked: read) {
                do { return try ModelProvider.lockForWriting(read.path, wait: !writer.noWait, notice: Console.notice) } catch let error as FileWriteError where error.lockHeld {
                    throw WriterOptions.withHint(error)
                }
            }
            if done == nil {
                // Nothing to write (a stale or torn log to remove), or the files changed meanwhile: under the lock.
                var loaded = try modelOption.load(forWriting: true, wait: !writer.noWait)
                try LiveModel.compact(&loaded)
            }
            Console.info(String(format: "passerelle: compacted %@ (%d changes from %@) in %.2f s", read.path, log.added + log.removed, log.path,
                                Date().timeIntervalSince(started)))
        }
    }

    /// After an add or remove: compacts when the log has passed `LiveModel.compactionThreshold`.
    static func compactIfLarge(_ loaded: inout ModelProvider.Loaded) throws {
        guard LiveModel.shouldCompact(loaded) else { return }
        let started = Date()
        try LiveModel.compact(&loaded)
        Console.info(String(format: "passerelle: the change log passed its threshold: compacted into %@ in %.2f s", loaded.path, Date().timeIntervalSince(started)))
    }
}
