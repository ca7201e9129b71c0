import Foundation

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
    private var textSource: String?
    private var index: [String: Int]

    init(ids: [String], titles: StringTable, langs: StringTable, metadataJSON: StringTable, texts: StringTable?, textSource: String? = nil) {
        self.ids = ids
        self.titles = titles
        self.langs = langs
        self.metadataJSON = metadataJSON
        self.texts = texts
        self.textSource = textSource
        var index = [String: Int](minimumCapacity: ids.count)
        for (i, id) in ids.enumerated() { index[id] = i }
        self.index = index
    }

    public init(documents: [Document], storeText: Bool) {
        self.init(ids: documents.map(\.id), titles: StringTable(documents.map(\.title)),
                  langs: StringTable(documents.map { $0.lang ?? "" }),
                  metadataJSON: StringTable(documents.map { Self.encodeMetadata($0.metadata) }),
                  texts: storeText ? StringTable(documents.map(\.text)) : nil)
    }

    public var count: Int { ids.count }
    public var storesText: Bool { texts != nil }

    public func position(of id: String) -> Int? { index[id] }

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

    public func record(at i: Int) -> PostingRecord {
        let lang = langs[i]
        return PostingRecord(id: ids[i], title: titles[i], lang: lang.isEmpty ? nil : lang, metadata: Self.decodeMetadata(metadataJSON[i]))
    }

    /// Appends documents (the caller has checked ids are new).
    mutating func append(_ documents: [Document]) throws {
        let old = try (0..<count).map { i in (ids[i], titles[i], langs[i], metadataJSON[i], try checkedText(at: i)) }
        let new = documents.map { ($0.id, $0.title, $0.lang ?? "", Self.encodeMetadata($0.metadata), Optional($0.text)) }
        self = Self.make(old + new, storeText: storesText)
    }

    /// Keeps the postings at these positions, in this order.
    mutating func keep(_ positions: [Int]) throws {
        let rows = try positions.map { i in (ids[i], titles[i], langs[i], metadataJSON[i], try checkedText(at: i)) }
        self = Self.make(rows, storeText: storesText)
    }

    private static func make(_ rows: [(String, String, String, String, String?)], storeText: Bool) -> PostingStore {
        PostingStore(ids: rows.map(\.0), titles: StringTable(rows.map(\.1)), langs: StringTable(rows.map(\.2)),
                     metadataJSON: StringTable(rows.map(\.3)), texts: storeText ? StringTable(rows.map { $0.4 ?? "" }) : nil)
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
