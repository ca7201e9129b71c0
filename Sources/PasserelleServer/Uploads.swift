import Foundation
import HTTPTypes
import Passerelle
import DocumentReaders
import PasserelleCore

/// A document sent to the server (a CV to rank for, a posting to add), read by the CLI's readers
/// (`DocumentReader`), by its file extension. Only PDF needs a file (`pdftotext`): it is written to a
/// private temporary folder (mode 700) and removed as soon as it is read. Nothing else touches the disk.
enum Uploads {
    /// The formats a single-document upload may have.
    static let extensions: Set<String> = ["txt", "md", "markdown", "html", "htm", "docx", "pdf"]

    /// Extension for a media type, when a raw body or a part names no file.
    static func fileExtension(mediaType: String) -> String? {
        switch mediaType {
        case "text/plain": return "txt"
        case "text/markdown", "text/x-markdown": return "md"
        case "text/html", "application/xhtml+xml": return "html"
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return "docx"
        case "application/pdf": return "pdf"
        default: return nil
        }
    }

    /// The name under which an upload is read and named in errors: the client's file name (its last
    /// component, control characters dropped), else "upload.EXT" from the media type.
    static func displayName(filename: String?, mediaType: String?, allowCorpora: Bool = false) throws -> String {
        if let filename {
            let last = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
            let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init).prefix(120))
            let ext = (clean as NSString).pathExtension.lowercased()
            guard !clean.isEmpty, clean != ".", clean != ".." else { throw APIError.badRequest("the uploaded file has no usable name", fr: "le fichier envoyé n'a pas de nom utilisable") }
            guard extensions.contains(ext) || (allowCorpora && DocumentReader.isStreamed(ext)) else {
                throw APIError(.unsupportedMediaType, allowCorpora ? "\(clean): postings must be .txt, .md, .html, .docx, .pdf, .jsonl or .csv" : "\(clean): a CV must be .txt, .md, .html, .docx or .pdf",
                               fr: allowCorpora ? "\(clean) : les offres doivent être en .txt, .md, .html, .docx, .pdf, .jsonl ou .csv" : "\(clean) : un CV doit être en .txt, .md, .html, .docx ou .pdf")
            }
            return clean
        }
        guard let mediaType, let ext = fileExtension(mediaType: mediaType) else {
            throw APIError(.unsupportedMediaType, "send a CV as JSON {\"text\": …}, as multipart/form-data with a file, or as a body of type text/plain, text/markdown, text/html, application/pdf or application/vnd.openxmlformats-officedocument.wordprocessingml.document (or name the file with ?filename=cv.pdf)")
        }
        return "upload." + ext
    }

    /// Reads one document from uploaded bytes.
    static func document(_ data: Data, name: String, maxBytes: Int) throws -> Document {
        guard data.count <= maxBytes else { throw APIError.tooLarge(name, limit: maxBytes) }
        let reader = DocumentReader(maxFileSize: maxBytes)
        let ext = (name as NSString).pathExtension.lowercased()
        let result: ReadResult
        if ext == "pdf" {
            result = try withPrivateFile(data, name: name) { path in
                do { return try reader.read(file: path) } catch let error as UserFacingError {
                    // Name the upload, not the temporary folder.
                    let folder = (path as NSString).deletingLastPathComponent + "/"
                    throw APIError.badRequest(error.userMessage.replacingOccurrences(of: folder, with: ""),
                                              fr: error.frenchMessage?.replacingOccurrences(of: folder, with: ""))
                }
            }
        } else {
            result = try reader.read(data: data, path: name)
        }
        guard result.documents.count == 1 else { throw APIError.badRequest("\(name): holds \(result.documents.count) documents; send one",
                                                                                       fr: "\(name) : contient \(result.documents.count) documents ; envoyez-en un") }
        return result.documents[0]
    }

    /// Writes `data` to a new file in a new private folder, gives its path to `body`, removes both.
    static func withPrivateFile<T>(_ data: Data, name: String, _ body: (String) throws -> T) throws -> T {
        let folder = try privateFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = (folder as NSString).appendingPathComponent(name)
        try writePrivate(data, to: path)
        return try body(path)
    }

    /// A new folder only this user can enter (mkdtemp: mode 700), inside this process's temporary folder.
    static func privateFolder() throws -> String {
        var template = Array((TemporaryFolder.current() as NSString).appendingPathComponent("upload-XXXXXX").utf8CString)
        guard let folderPointer = mkdtemp(&template) else { throw APIError(.internalServerError, "cannot make a temporary folder for the upload") }
        return String(cString: folderPointer)
    }

    /// Writes a new file (never an existing one), readable by this user only.
    static func writePrivate(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw APIError(.internalServerError, "cannot write the upload to a temporary file") }
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        close(fd)
        guard written else { throw APIError(.internalServerError, "cannot write the upload to a temporary file") }
    }
}

/// The temporary folder of one server process: `passerelle-tmp-PID-XXXXXX` (mode 700) in the system's
/// temporary folder, holding every upload written to disk (a PDF for `pdftotext`, a batch's pool). Files
/// are removed when their request ends; a process killed with SIGKILL cannot do that, so each server
/// sweeps, when it starts, the folders of processes that no longer run (and the `passerelle-upload-*`
/// folders of versions before 0.5 older than ten minutes). The readers open files by path (the batch
/// pipeline reads its pool as a file, `pdftotext` runs in a child process), so a file cannot be unlinked
/// while it is read.
public enum TemporaryFolder {
    static let prefix = "passerelle-tmp-"
    private static let folder: String? = {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("\(prefix)\(getpid())-XXXXXX").utf8CString)
        guard let pointer = mkdtemp(&template) else { return nil }
        return String(cString: pointer)
    }()

    /// This process's folder (the system's temporary folder if it cannot be made).
    public static func current() -> String { folder ?? NSTemporaryDirectory() }

    /// Removes the folders left by server processes that no longer run. Returns the names removed.
    @discardableResult
    public static func sweep(in parent: String = NSTemporaryDirectory(), now: Date = Date()) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        var removed: [String] = []
        for name in names {
            let path = (parent as NSString).appendingPathComponent(name)
            if name.hasPrefix(prefix) {
                let rest = name.dropFirst(prefix.count)
                guard let pidText = rest.split(separator: "-").first, let pid = pid_t(pidText), pid != getpid() else { continue }
                if kill(pid, 0) == 0 || errno == EPERM { continue }   // still running
            } else if name.hasPrefix("passerelle-upload-") {
                let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? now
                guard now.timeIntervalSince(modified) > 600 else { continue }
            } else {
                continue
            }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(name) }
        }
        return removed
    }
}
