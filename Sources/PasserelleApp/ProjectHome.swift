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
    public var models: URL { root.appendingPathComponent("Models") }
    /// The cached model built from Data/postings (rebuilt whenever they change).
    public var defaultModel: URL { models.appendingPathComponent("default.plm") }
    /// What `passerelle index` writes without `--out`; when it exists, commands use it without `--model`.
    public var indexedModel: URL { models.appendingPathComponent("postings.plm") }
    /// Background texts fitted with the postings by default (built by scripts/data/build-background.sh).
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
                throw UserError("PASSERELLE_HOME=\(home) has no Data/postings folder", french: "PASSERELLE_HOME=\(home) n'a pas de dossier Data/postings")
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
        throw UserError(noProjectMessage, french: noProjectMessageFrench)
    }

    /// What a command that needs a project folder says outside one: how to index one's own postings.
    public static let noProjectMessage = "no model to use here: no Passerelle project folder (Data/postings) here or above, and PASSERELLE_HOME is not set. Index your own postings with `passerelle index POSTINGS… --out my.plm`, then pass `--model my.plm` (or run inside a project folder, or set PASSERELLE_HOME to one)"

    /// `noProjectMessage` in French.
    public static let noProjectMessageFrench = "aucun modèle à utiliser ici : pas de dossier de projet Passerelle (Data/postings) ici ni au-dessus, et PASSERELLE_HOME n'est pas défini. Indexez vos propres offres avec `passerelle index OFFRES… --out mon.plm`, puis passez `--model mon.plm` (ou travaillez dans un dossier de projet, ou faites pointer PASSERELLE_HOME vers l'un d'eux)"

    /// The text resources models embed (the competency taxonomy, the English → French term list): this
    /// project's `Data/` copies, else the installed or build-tree ones (`BuiltinResources`).
    public func resources() throws -> [String: String] {
        try BuiltinResources.locate(home: self).texts
    }

    /// Fingerprint of what the default model is built from: every posting file (name and bytes), the
    /// resources (`resources()`), the build settings and the engine's format. The cached model is rebuilt when it changes.
    public func fingerprint(settings: BuildSettings, resources: [String: String]) throws -> String {
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
        for name in BuiltinResources.catalog.map(\.name) {
            if let text = resources[name] { data.append(Data(text.utf8)) }
        }
        if let resource = FileManager.default.contents(atPath: background.path) { data.append(resource) }
        return String(ModelFile.checksum(data), radix: 16)
    }
}
