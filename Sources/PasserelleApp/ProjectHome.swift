import Foundation
import Passerelle
import DocumentReaders

/// Where the shipped data and the cached default model live: `Data/` and `Models/` under the folder
/// named by `PASSERELLE_HOME`, else the current folder or the nearest parent holding `Data/postings`.
public struct ProjectHome: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public var postings: URL { root.appendingPathComponent("Data/postings") }
    public var candidates: URL { root.appendingPathComponent("Data/candidates") }
    public var competencies: URL { root.appendingPathComponent("Data/competencies.tsv") }
    public var lexicon: URL { root.appendingPathComponent("Data/lexicon/esco-en-fr.tsv") }
    /// The general dictionary's word list (FreeDict), merged with `lexicon` (`EngineSetup.dictionaryResource`)
    /// by `passerelle index --dictionary` (not by default: `resources()` leaves it out).
    public var dictionary: URL { root.appendingPathComponent("Data/lexicon/freedict-en-fr.tsv") }
    public var models: URL { root.appendingPathComponent("Models") }
    /// The cached model built from Data/postings (rebuilt whenever they change).
    public var defaultModel: URL { models.appendingPathComponent("default.plm") }
    /// What `passerelle index` writes without `--out`; when it exists, commands use it without `--model`.
    public var indexedModel: URL { models.appendingPathComponent("postings.plm") }
    /// Background texts fitted with the postings by default (built by scripts/build-background.sh).
    public var background: URL { root.appendingPathComponent("Data/background/rome-appellations.jsonl") }
    /// `background` when it is shipped here.
    public var shippedBackground: URL? { FileManager.default.fileExists(atPath: background.path) ? background : nil }

    /// The project folder: `PASSERELLE_HOME`, else `start` (the current folder by default) or its nearest
    /// parent holding `Data/postings`.
    public static func locate(from start: URL? = nil) throws -> ProjectHome {
        let fm = FileManager.default
        if let home = ProcessInfo.processInfo.environment["PASSERELLE_HOME"], !home.isEmpty {
            let url = URL(fileURLWithPath: home)
            guard fm.fileExists(atPath: url.appendingPathComponent("Data/postings").path) else {
                throw UserError("PASSERELLE_HOME=\(home) has no Data/postings folder")
            }
            return ProjectHome(root: url)
        }
        var url = start ?? URL(fileURLWithPath: fm.currentDirectoryPath)
        while true {
            if fm.fileExists(atPath: url.appendingPathComponent("Data/postings").path) { return ProjectHome(root: url) }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        throw UserError("no Data/postings folder here or above, and PASSERELLE_HOME is not set: run from the Passerelle folder, set PASSERELLE_HOME, or pass --model FILE")
    }

    /// The text resources shipped in Data/ that models embed (the competency taxonomy), by resource name.
    public func resources() throws -> [String: String] {
        var out = [String: String]()
        for (name, url) in [(EngineSetup.taxonomyResource, competencies), (EngineSetup.lexiconResource, lexicon)]
        where FileManager.default.fileExists(atPath: url.path) {
            guard let data = FileManager.default.contents(atPath: url.path) else { throw UserError("\(url.path): cannot read") }
            out[name] = String(decoding: data, as: UTF8.self)
        }
        return out
    }

    /// Fingerprint of what the default model is built from: every posting file (name and bytes), the
    /// taxonomy, the build settings and the engine's format. The cached model is rebuilt when it changes.
    public func fingerprint(settings: BuildSettings) throws -> String {
        // Every build setting counts (k, weighting, concept rules…): a release that changes a default
        // rebuilds the cached model instead of serving one built the old way.
        var unfingerprinted = settings
        unfingerprinted.sourceFingerprint = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data("passerelle-default|format \(ModelFile.formatVersion)|".utf8)
        data.append(try encoder.encode(unfingerprinted))
        for file in try DocumentReader().files(at: postings.path) {
            data.append(Data(file.dropFirst(root.path.count).utf8))
            data.append(FileManager.default.contents(atPath: file) ?? Data())
        }
        for url in [competencies, lexicon, background] {
            if let resource = FileManager.default.contents(atPath: url.path) { data.append(resource) }
        }
        return String(ModelFile.checksum(data), radix: 16)
    }
}
