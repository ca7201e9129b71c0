import ArgumentParser
import Foundation
import PasserelleApp
import Passerelle
import DocumentReaders
import PasserelleCore

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Describe a model: corpus, vocabulary, k, explained variance, settings.",
        discussion: HelpExamples.discussion("", command: "info"))

    @OptionGroup var modelOption: ModelOption

    @Flag(name: .long, help: "Also list the posting ids and titles.")
    var ids = false

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    /// `passerelle info --format json`: the model's description, and its posting ids with --ids.
    struct InfoJSON: Encodable {
        var description: ModelDescription
        var postingIDs: [String]?
        enum CodingKeys: String, CodingKey { case postingIDs = "posting_ids" }
        func encode(to encoder: Encoder) throws {
            try description.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(postingIDs, forKey: .postingIDs)
        }
    }

    func run() throws {
        try reportingErrors {
            let opened = try modelOption.open()
            let m = opened.model
            let description = ModelDescription(opened: opened)
            let refit = description.refitAdvised
            let info = description
            switch format {
            case .json: Console.out(try encodeJSON(InfoJSON(description: description, postingIDs: ids ? m.postings.ids : nil)))
            case .table:
                var lines = [
                    "model           \(info.path)",
                    "postings        \(info.postings) (\(info.postingsAdded) added after the fit)",
                    "vocabulary      \(info.vocabulary) terms (min-df \(info.minDF), max-df \(info.maxDF))",
                    "dimensions      k = \(info.dimensions) (asked \(info.dimensionsRequested))",
                    String(format: "explained       %.1f%% of the TF-IDF variance", 100 * info.explainedVariance),
                    "analyzer        \(info.analyzer)\(info.crossLanguage.map { " + translations \($0)" } ?? "")\(info.conceptFeatures.map { " + concepts \($0) (share \(info.conceptShare))" } ?? "")",
                    "svd             seed \(info.seed), \(info.powerIterations) power iterations",
                    info.termIndex
                        ? String(format: "score           %.2f × latent cosine + %.2f × term cosine", info.latentShare, 1 - info.latentShare)
                        : "score           latent cosine alone (no term index: a model from before format 4; rebuild with `passerelle index` for the term cosine)",
                    info.shortQueryNeighbours > 0
                        ? "short queries   each unknown word → up to \(info.shortQueryNeighbours) nearest terms by character n-grams"
                        : "short queries   unknown words ignored",
                    "posting texts   \(info.storesPostingText ? "stored" : "not stored")",
                ]
                switch info.postingProfiles {
                case "stored"?: lines.append("profiles        explanation profiles stored for \(info.postingProfilesStored ?? 0) of \(info.postings) postings (the others computed when shown)")
                case "stale"?: lines.append("profiles        stored by another detector version or taxonomy: ignored, computed when shown (rebuild with `passerelle index` or `passerelle compact` after an add to store them again)")
                case "not stored"?: lines.append("profiles        not stored: computed when shown (a model from before they were; rebuild with `passerelle index` to store them)")
                default: break
                }
                lines += [
                    String(format: "unseen terms    %.1f%% of the terms of added postings", 100 * info.unseenTermRatio),
                    "--where keys    \(PostingFilter.keys(of: m.postings).joined(separator: ", "))",
                ]
                if let log = info.changeLog {
                    let state = log.stale ? "ignored: written for another version of the model" : "\(log.records) record\(log.records == 1 ? "" : "s"), \(log.added) added, \(log.removed) removed"
                    lines.append("change log      \(log.path): \(log.bytes) bytes (\(state)); compacted past \(log.compactionThreshold) bytes or by `passerelle compact`")
                    if !log.stale, log.records > 0 {
                        lines.append("                pending since the model file was written (\(log.pendingSince ?? "?")); last change \(log.lastChange ?? "?"); \(log.deltaPostings) added posting\(log.deltaPostings == 1 ? "" : "s") searched beside the model's own (merged by the next compaction)")
                    }
                    if log.tornBytes > 0 { lines.append("                \(log.tornBytes) bytes after the last whole change are ignored (a change being written, or a writer killed mid-write)") }
                }
                if refit { lines.append("advice          over \(Int(ModelDescription.refitThreshold * 100))% of the added postings' terms are unknown to the model: rebuild it with `passerelle index`") }
                if ids {
                    lines.append("")
                    for i in 0..<m.postingCount { lines.append("\(TerminalText.sanitized(m.postings.ids[i]))\t\(TerminalText.sanitized(m.postings.title(at: i)))") }
                }
                Console.out(lines.joined(separator: "\n"))
            }
        }
    }
}
