/// Why a file could not be read; every case names the file (and the line for JSON Lines).
public enum ReaderError: Error, CustomStringConvertible, Equatable {
    case notFound(path: String)
    case empty(path: String)
    case binary(path: String)
    case tooLarge(path: String, bytes: Int, limit: Int)
    case unsupported(path: String, ext: String)
    case invalidJSON(path: String, line: Int, why: String)
    case missingField(path: String, line: Int, field: String)
    case noDocuments(path: String)
    case duplicateID(id: String, first: String, second: String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file or folder"
        case .empty(let path): return "\(path): the file is empty"
        case .binary(let path): return "\(path): this looks like a binary file, not text"
        case .tooLarge(let path, let bytes, let limit):
            return "\(path): the file is \(bytes) bytes, over the limit of \(limit) bytes (see --max-file-size)"
        case .unsupported(let path, let ext):
            return "\(path): unsupported file type '.\(ext)' (supported: .txt, .md, .jsonl, .ndjson)"
        case .invalidJSON(let path, let line, let why): return "\(path):\(line): invalid JSON line: \(why)"
        case .missingField(let path, let line, let field): return "\(path):\(line): missing or empty field \"\(field)\""
        case .noDocuments(let path): return "\(path): no documents found"
        case .duplicateID(let id, let first, let second): return "duplicate id '\(id)' in \(first) and \(second)"
        }
    }
}
