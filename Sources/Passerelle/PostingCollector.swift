import Foundation
import PasserelleCore

/// Postings handed over one at a time, as a reader parses them, for `LSAModel.fit(collected:)` (issue 27:
/// bounded memory). Each posting's text goes at once to an anonymous spool file (`StringTableBuilder`),
/// its title, language and metadata to tables of bytes: `passerelle index` then never holds every posting's
/// text (2 T bytes as `Document`s for T bytes of text, ~11 GB at 1,000,000 synthetic postings) before the
/// fit. The model is the same as one fitted from the same documents in an array (that path collects them
/// here too).
public struct PostingCollector {
    private var ids = [String]()
    /// The ids given so far (a duplicate is refused as it comes); dropped by `finish`.
    private var seen = Set<String>()
    private var titles = StringTableBuilder()
    private var langs = StringTableBuilder()
    private var metadataJSON = StringTableBuilder()
    private var texts: StringTableBuilder
    /// Where the texts are spooled (named when one cannot be read back), nil: in memory.
    let spoolFolder: String?

    /// - Parameter spoolFolder: where the texts wait in an anonymous file (made and unlinked at once: nothing
    ///   is left behind, even by a killed process); nil, or a folder where it cannot be made (then also
    ///   where it cannot be written, from that text on): in memory. The model is the same either way.
    public init(spoolFolder: String? = nil) {
        self.spoolFolder = spoolFolder
        texts = spoolFolder.map { StringTableBuilder(spoolingIn: $0) } ?? StringTableBuilder()
    }

    /// Postings taken so far.
    public var count: Int { ids.count }

    /// Whether the texts are in the spool file (false: in memory, asked so or fallen back).
    public var spoolsTexts: Bool { texts.isSpooled }

    /// Takes one posting. Throws `EngineError.duplicateID` for an id given before (nothing of it is kept),
    /// and `FileWriteError` when a spooled text can neither be written nor brought back into memory.
    /// - Complexity: O(its bytes).
    public mutating func add(_ document: Document) throws {
        guard seen.insert(document.id).inserted else { throw EngineError.duplicateID(document.id) }
        try texts.append(document.text)
        ids.append(document.id)
        try titles.append(document.title)
        try langs.append(document.lang ?? "")
        try metadataJSON.append(PostingStore.encodeMetadata(document.metadata))
    }

    /// The postings taken, and their texts (for the analysis; the store holds them when `storesText`).
    /// Throws `EngineError.emptyCorpus` when none was given.
    consuming func finish(storesText: Bool) throws -> (store: PostingStore, texts: StringTable) {
        guard !ids.isEmpty else { throw EngineError.emptyCorpus("no postings to index") }
        seen = []
        let texts = try texts.finish()
        let store = PostingStore(ids: ids, titles: try titles.finish(), langs: try langs.finish(), metadataJSON: try metadataJSON.finish(),
                                 texts: storesText ? texts : nil)
        return (store, texts)
    }
}
