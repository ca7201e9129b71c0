import Foundation
import PasserelleCore

/// A posting as shown to users: identity and display fields.
public struct PostingRecord: Equatable, Sendable {
    public var id: String
    public var title: String
    public var lang: String?
    public var metadata: [String: String]
    public init(id: String, title: String, lang: String?, metadata: [String: String]) {
        self.id = id; self.title = title; self.lang = lang; self.metadata = metadata
    }
}

/// One posting's stored fields, as a model file and its change log keep them (metadata as its JSON).
public struct PostingRow: Equatable, Sendable {
    public var id: String
    public var title: String
    /// "" when unknown.
    public var lang: String
    public var metadataJSON: String
    /// The posting's text when the model stores texts, else nil.
    public var text: String?
    public init(id: String, title: String, lang: String, metadataJSON: String, text: String?) {
        self.id = id; self.title = title; self.lang = lang; self.metadataJSON = metadataJSON; self.text = text
    }
}

/// The postings of a model, column j of the posting vectors being posting j. Ids are decoded at load
/// (they index the model); titles, metadata and texts stay encoded until asked for, so that loading
/// 10⁵ postings costs no per-entry parsing.
public struct PostingStore: Sendable {
    public private(set) var ids: [String]
    private(set) var titles: StringTable
    private(set) var langs: StringTable
    /// JSON object per posting (`{}` when none).
    private(set) var metadataJSON: StringTable
    /// Texts, when the model stores them (postings are public; CV text is never stored). Read from a
    /// model file of format version 3, each text is checked against its checksum when it is read.
    private(set) var texts: StringTable?
    /// The model file the texts were read from (named when one fails its checksum).
    private(set) var textSource: String?
    /// Id → position of the postings the store was made with (never changed afterwards, so snapshots share
    /// it), and of the postings appended since: an add inserts into the small second one only, where one
    /// dictionary was copied whole (10⁵ ids hashed again) at every add while a snapshot shared it.
    private let baseIndex: [String: Int]
    private var appendedIndex: [String: Int] = [:]
    /// Each posting's stored match-side profile (`StoredProfiles`; empty: none, computed when needed), and
    /// the fingerprint of the detector that made them; nil when the model file holds none.
    private(set) var profiles: StringTable?
    public private(set) var profileFingerprint: String?

    /// Postings that carry `valid_through` (an ISO date in their metadata): position → its date, so
    /// that expiry costs nothing for models without it and never decodes every posting's metadata.
    public private(set) var validThrough: [Int: String]

    init(ids: [String], titles: StringTable, langs: StringTable, metadataJSON: StringTable, texts: StringTable?, textSource: String? = nil) {
        self.init(ids: ids, titles: titles, langs: langs, metadataJSON: metadataJSON, texts: texts, textSource: textSource,
                  validThrough: Self.validThrough(metadataJSON, in: 0 ..< ids.count))
    }

    /// The metadata key of a posting's last day (inclusive) in answers: `valid_through` = `2026-06-30`.
    public static let validThroughKey = "valid_through"

    /// The `valid_through` dates of postings `range` of a metadata table (a byte scan first: only the
    /// postings whose JSON mentions the key are decoded).
    private static func validThrough(_ metadata: StringTable, in range: Range<Int>) -> [Int: String] {
        let needle = Array("\"\(validThroughKey)\"".utf8)
        var out = [Int: String]()
        for i in range where metadata.contains(i, needle) {
            if let date = decodeMetadata(metadata[i])[validThroughKey] { out[i] = date }
        }
        return out
    }

    public init(documents: [Document], storeText: Bool) {
        self.init(documents: documents, texts: storeText ? StringTable(documents.map(\.text)) : nil)
    }

    /// The documents' fields, with `texts` as their texts (a table made from them: in memory, or spooled
    /// to a file by `LSAModel.fit`), or none.
    init(documents: [Document], texts: StringTable?) {
        precondition(texts == nil || texts!.count == documents.count, "PostingStore: \(texts!.count) texts for \(documents.count) documents")
        self.init(ids: documents.map(\.id), titles: StringTable(documents.map(\.title)),
                  langs: StringTable(documents.map { $0.lang ?? "" }),
                  metadataJSON: StringTable(documents.map { Self.encodeMetadata($0.metadata) }),
                  texts: texts)
    }

    public var count: Int { ids.count }
    public var storesText: Bool { texts != nil }

    public func position(of id: String) -> Int? { appendedIndex[id] ?? baseIndex[id] }

    public func title(at i: Int) -> String { titles[i] }
    /// Posting i's text; nil when the model stores no texts, or when this one fails its checksum (a
    /// damaged model file: `checkedText(at:)` says so).
    public func text(at i: Int) -> String? { texts?.checked(i) }

    /// Posting i's text, nil when the model stores no texts; throws `ModelFileError.checksumMismatch`
    /// (naming the model file, which must be rebuilt) when its bytes fail their checksum.
    public func checkedText(at i: Int) throws -> String? {
        guard let texts else { return nil }
        guard let text = texts.checked(i) else {
            throw ModelFileError.checksumMismatch(path: textSource ?? "model")
        }
        return text
    }

    /// Posting i's stored profile bytes (`StoredProfiles.decode`); nil when none is stored for it.
    public func storedProfile(at i: Int) -> Data? {
        guard let profiles, let bytes = profiles.bytes(at: i), !bytes.isEmpty else { return nil }
        return bytes
    }

    /// How many postings have a stored profile.
    /// - Complexity: O(n), from the offsets.
    public var storedProfileCount: Int {
        guard let profiles else { return 0 }
        return (0 ..< profiles.count).reduce(0) { $0 + (profiles.byteCount(at: $1) > 0 ? 1 : 0) }
    }

    /// Sets the stored profiles (one byte string per posting) and their fingerprint; nil removes them.
    mutating func setProfiles(_ table: StringTable?, fingerprint: String?) {
        precondition(table == nil || table!.count == count, "PostingStore: \(table!.count) profiles for \(count) postings")
        profiles = table
        profileFingerprint = table == nil ? nil : fingerprint
    }

    public func record(at i: Int) -> PostingRecord {
        let lang = langs[i]
        return PostingRecord(id: ids[i], title: titles[i], lang: lang.isEmpty ? nil : lang, metadata: Self.decodeMetadata(metadataJSON[i]))
    }

    /// Appends documents (the caller has checked ids are new).
    mutating func append(_ documents: [Document]) throws {
        append(documents.map { PostingRow(id: $0.id, title: $0.title, lang: $0.lang ?? "", metadataJSON: Self.encodeMetadata($0.metadata), text: $0.text) })
    }

    /// Appends postings (the caller has checked ids are new). The postings already there are neither read
    /// nor copied (their tables gain a chunk, ids go to `appendedIndex`).
    /// - Complexity: O(added) plus, when a snapshot shares the store, a copy of the ids array (O(n),
    ///   a memory copy) and of the index of the postings appended since the store was made.
    mutating func append(_ rows: [PostingRow]) {
        let start = count
        ids += rows.map(\.id)
        for (i, row) in rows.enumerated() { appendedIndex[row.id] = start + i }
        titles = titles.appending(rows.map(\.title))
        langs = langs.appending(rows.map(\.lang))
        metadataJSON = metadataJSON.appending(rows.map(\.metadataJSON))
        texts = texts?.appending(rows.map { $0.text ?? "" })
        profiles = profiles?.appending(rows.map { _ in "" })   // none stored: computed when needed, stored by the next write
        validThrough.merge(Self.validThrough(metadataJSON, in: start ..< count)) { $1 }
    }

    /// Keeps the postings at these positions, in this order (no text is read: the tables are re-indexed).
    mutating func keep(_ positions: [Int]) {
        let newIDs = positions.map { ids[$0] }
        var newValid = [Int: String]()
        if !validThrough.isEmpty {
            for (p, old) in positions.enumerated() { if let d = validThrough[old] { newValid[p] = d } }
        }
        var store = PostingStore(ids: newIDs, titles: titles.keeping(positions), langs: langs.keeping(positions),
                                 metadataJSON: metadataJSON.keeping(positions), texts: texts?.keeping(positions),
                                 textSource: textSource, validThrough: newValid)
        store.profiles = profiles?.keeping(positions)
        store.profileFingerprint = profileFingerprint
        swap(&self, &store)
    }

    private init(ids: [String], titles: StringTable, langs: StringTable, metadataJSON: StringTable, texts: StringTable?,
                 textSource: String?, validThrough: [Int: String]) {
        self.ids = ids
        self.titles = titles
        self.langs = langs
        self.metadataJSON = metadataJSON
        self.texts = texts
        self.textSource = textSource
        var index = [String: Int](minimumCapacity: ids.count)
        for (i, id) in ids.enumerated() { index[id] = i }
        self.baseIndex = index
        self.validThrough = validThrough
    }

    /// Posting i's fields as a change log records them (`text` nil when the model stores none).
    func row(at i: Int) throws -> PostingRow {
        PostingRow(id: ids[i], title: titles[i], lang: langs[i], metadataJSON: metadataJSON[i], text: try checkedText(at: i))
    }

    static func encodeMetadata(_ metadata: [String: String]) -> String {
        guard !metadata.isEmpty,
              let data = try? JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeMetadata(_ json: String) -> [String: String] {
        guard json != "{}", let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String] else { return [:] }
        return object
    }
}
