import Foundation
import Passerelle

/// The text resources a model is built with — the competency taxonomy and the English → French term
/// list — and where each one was found.
///
/// Why: the binary may run from anywhere (installed on the PATH, called from a script in another folder).
/// Before, outside the project folder `index` silently built without the lexicon and said only in passing
/// that it had no taxonomy, so the same postings gave a weaker model. Now every resource is looked up,
/// per resource, in this order:
/// 1. **the project**: `Data/` of the project folder (`PASSERELLE_HOME`, else the current folder or its
///    nearest parent holding `Data/postings`) — a project may override the built-in copies;
/// 2. **installed**: `<prefix>/share/passerelle/`, beside `<prefix>/bin/passerelle` (what `scripts/product/install.sh`
///    and the Debian package lay out);
/// 3. **build tree**: `Data/` of the source tree the executable was built in (`<tree>/.build/…/passerelle`).
/// The same files give the same model bytes whichever of the three they came from.
public struct BuiltinResources: Sendable {
    /// Where a resource was found.
    public enum Origin: String, Sendable, Codable {
        case project, installed, buildTree = "build tree"
    }

    /// One resource found: its name in the model (`EngineSetup.taxonomyResource`, …), file and origin.
    public struct Found: Sendable {
        public var name: String
        public var url: URL
        public var origin: Origin
    }

    /// Each resource every model is built with: its name in the model, and its path under `Data/` and under
    /// `share/passerelle/`.
    public static let catalog: [(name: String, relativePath: String)] = [
        (EngineSetup.taxonomyResource, "competencies.tsv"),
        (EngineSetup.lexiconResource, "lexicon/esco-en-fr.tsv"),
        // The FreeDict word list: since issue 29b every model translates titles with it too
        // (`EngineSetup.crossLanguageTitleDictionaryIdentifier`, `crossLanguageTitleVoteIdentifier` since issue 29f);
        // `index --dictionary` uses it on whole texts.
        (EngineSetup.dictionaryResource, "lexicon/freedict-en-fr.tsv"),
        // The ISCO-08 title words (issue 29i): titles on their own (`EngineSetup.crossLanguageTitleISCOIdentifier`).
        (EngineSetup.iscoResource, "lexicon/isco-en-fr.tsv"),
    ]
    /// Resources a model takes only when asked, looked up the same way (none since issue 29b).
    public static let optionalCatalog: [(name: String, relativePath: String)] = []

    /// Folder name of the resources under `<prefix>/share`.
    public static let shareFolderName = "passerelle"

    /// The texts by resource name (what `EngineSetup` and `LSAModel.fit` take).
    public private(set) var texts: [String: String] = [:]
    /// The texts of `optionalCatalog` found, by resource name.
    public private(set) var optionalTexts: [String: String] = [:]
    /// Where each text came from, in `catalog` then `optionalCatalog` order.
    public private(set) var found: [Found] = []

    /// Resources found for `name`'s catalog entry, nil when none of the three places has it.
    public func location(of name: String) -> Found? { found.first { $0.name == name } }

    /// Looks every catalog resource up in the project, then the installed share folder, then the build tree.
    /// - Parameters:
    ///   - home: the project folder, if any (`ProjectHome.locate()`).
    ///   - executable: the running executable's file (symlinks resolved); nil skips places 2 and 3.
    /// - Throws: `UserError` when a file is there but cannot be read (never silently skipped).
    /// - Complexity: reads each resource file once (a few hundred KB).
    public static func locate(home: ProjectHome?, executable: URL? = runningExecutable()) throws -> BuiltinResources {
        var places = [(URL, Origin)]()
        if let home { places.append((home.root.appendingPathComponent("Data"), .project)) }
        if let executable {
            let bin = executable.deletingLastPathComponent()
            places.append((bin.deletingLastPathComponent().appendingPathComponent("share/\(shareFolderName)"), .installed))
            if let tree = buildTree(of: executable) { places.append((tree.appendingPathComponent("Data"), .buildTree)) }
        }
        var result = BuiltinResources()
        let optional = Set(optionalCatalog.map(\.name))
        for (name, relative) in catalog + optionalCatalog {
            for (folder, origin) in places {
                let url = folder.appendingPathComponent(relative)
                guard FileManager.default.fileExists(atPath: url.path) else { continue }
                guard let data = FileManager.default.contents(atPath: url.path) else { throw UserError("\(url.path): cannot read this resource") }
                if optional.contains(name) { result.optionalTexts[name] = String(decoding: data, as: UTF8.self) }
                else { result.texts[name] = String(decoding: data, as: UTF8.self) }
                result.found.append(Found(name: name, url: url, origin: origin))
                break
            }
        }
        return result
    }

    /// The executable this process runs, symlinks resolved (`/proc/self/exe` on Linux).
    public static func runningExecutable() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    /// The source tree an executable was built in: the nearest parent of a `.build` folder on its path that
    /// holds `Package.swift` and `Data/competencies.tsv`; nil for an installed binary.
    static func buildTree(of executable: URL) -> URL? {
        var url = executable.deletingLastPathComponent()
        while url.path != "/" && !url.path.isEmpty {
            if url.lastPathComponent.hasPrefix(".build") {
                let tree = url.deletingLastPathComponent()
                let fm = FileManager.default
                if fm.fileExists(atPath: tree.appendingPathComponent("Package.swift").path),
                   fm.fileExists(atPath: tree.appendingPathComponent("Data/competencies.tsv").path) { return tree }
                return nil
            }
            url = url.deletingLastPathComponent()
        }
        return nil
    }

    /// One line per resource for a notice: "competencies.tsv: installed (/usr/share/passerelle/competencies.tsv)",
    /// and the missing ones said as missing.
    public var summary: [String] {
        Self.catalog.map { entry in
            if let f = location(of: entry.name) { return "\(entry.name): \(f.origin.rawValue) (\(f.url.path))" }
            return "\(entry.name): not found (no project Data/, no installed share/\(Self.shareFolderName)/)"
        }
    }
}
