/// A posting or a profile as the engine sees it: plain text plus identity and metadata.
/// Readers (in the CLI) turn files into documents; the engine never touches files of documents.
public struct Document: Equatable, Sendable, Codable {
    /// Stable identifier (file name stem, front-matter `id`, or the JSON Lines `id`).
    public var id: String
    /// Human title (front-matter `title`, first non-empty line, or the JSON Lines `title`).
    public var title: String
    /// Full text, as written (offsets in explanations point into it).
    public var text: String
    /// Declared language code ("fr", "en", "mixed"), if any.
    public var lang: String?
    /// Other fields, kept and shown in reports (organization, location, source, …).
    public var metadata: [String: String]

    public init(id: String, title: String, text: String, lang: String? = nil, metadata: [String: String] = [:]) {
        self.id = id
        self.title = title
        self.text = text
        self.lang = lang
        self.metadata = metadata
    }
}
