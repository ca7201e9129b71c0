import Foundation
import Passerelle
import PasserelleCore

/// Where `batch` and `merge` write: a file (truncated to a checkpointed length on resume) or stdout.
/// Rows are buffered per block and written with one `write(2)`; `sync` adds an `fsync` for files.
public final class BatchSink {
    private let fd: Int32
    private let isFile: Bool
    private let name: String
    /// Bytes in the output so far (written, not pending).
    public private(set) var bytes: Int
    private var pending = [UInt8]()
    /// Set for an output replaced whole at the end (`merge --out`): rows go to its temporary file.
    private var atomic: AtomicFile.Writer?

    /// Standard output.
    public init() {
        fd = STDOUT_FILENO
        isFile = false
        name = "standard output"
        bytes = 0
    }

    /// The file at `path`, created when missing, cut back to its first `keepingBytes` bytes. A device, a
    /// pipe or a folder is refused; a symbolic link is written through (see `AtomicFile.target(of:)`).
    public init(path: String, keepingBytes: Int) throws {
        let target = try AtomicFile.target(of: path)
        let folder = (target as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw UserError("\(path): cannot open for writing: \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0, Int(info.st_size) >= keepingBytes else {
            close(fd)
            throw UserError("\(path): the output is shorter than its checkpoint says; it was changed since: run without --resume")
        }
        guard ftruncate(fd, off_t(keepingBytes)) == 0, lseek(fd, off_t(keepingBytes), SEEK_SET) >= 0 else {
            close(fd)
            throw UserError("\(path): cannot truncate: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        isFile = true
        name = path
        bytes = keepingBytes
    }

    /// A file replaced only when `commit()` is called (through `AtomicFile.Writer`): a failed run leaves
    /// the previous file, never a part of the new one.
    public init(replacing path: String) throws {
        let writer = try AtomicFile.Writer(path: path, createFolders: true)
        atomic = writer
        fd = writer.fileDescriptor
        isFile = true
        name = path
        bytes = 0
    }

    deinit { if isFile && atomic == nil { close(fd) } }

    /// Writes what is pending and puts the file in place (for `init(replacing:)`; otherwise `sync`).
    public func commit() throws {
        try flush()
        if let atomic { try atomic.commit() } else { try sync() }
    }

    public func write(_ text: String) { pending.append(contentsOf: text.utf8) }

    /// Writes what is pending.
    public func flush() throws {
        var offset = 0
        try pending.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    // Rows are flushed whole: cutting the file back to what was there before this flush
                    // leaves only complete rows (a full disk left a cut JSON line), and never less than a
                    // checkpoint names, so --resume still works.
                    if isFile { _ = ftruncate(fd, off_t(bytes)) }
                    throw UserError("\(name): write failed: \(String(cString: strerror(code)))")
                }
                offset += n
            }
        }
        bytes += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes what is pending and, for a file, makes it durable (before a checkpoint names its length).
    public func sync() throws {
        try flush()
        if isFile && fsync(fd) != 0 { throw UserError("\(name): fsync failed: \(String(cString: strerror(errno)))") }
    }

    /// For a file opened with `init(path:keepingBytes:)` at `partial`: makes it durable, then renames it over
    /// `final` (symbolic links followed, as `AtomicFile` does) and syncs the folder. Until then `final` is
    /// as it was: a batch that fails — or is killed — never leaves its previous output cut or empty.
    public func commit(renaming partial: String, to final: String) throws {
        try sync()
        let target: String
        do { target = try AtomicFile.target(of: final) } catch let error as FileWriteError { throw UserError(error.description, french: error.frenchMessage) }
        if rename(partial, target) != 0 {
            throw UserError("\(final): cannot put the output in place: \(String(cString: strerror(errno)))")
        }
        let folder = (target as NSString).deletingLastPathComponent
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 { _ = fsync(folderDescriptor); close(folderDescriptor) }
    }
}

/// A bounded hand-off between the folding thread and the scoring thread (two blocks in flight at most,
/// so memory stays bounded whatever the pool size).
public final class BlockQueue<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items = [Item]()
    private let capacity: Int
    private var cancelled = false

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Blocks while full; false once the consumer has cancelled.
    public func put(_ item: Item) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    public func take() -> Item {
        condition.lock(); defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    public func cancel() {
        condition.lock(); cancelled = true; items.removeAll(); condition.broadcast(); condition.unlock()
    }
}

/// Seconds since an arbitrary origin (monotonic).
public func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// "i/n" with 1 ≤ i ≤ n.
public func parseShard(_ text: String) -> (index: Int, count: Int)? {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else { return nil }
    return (i, n)
}

/// The bytes 16..<32 of a model file's header (payload length and checksum), hex: identifies the model
/// a checkpoint was made with without reading the file.
public func modelIdentity(path: String) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "unknown" }
    defer { try? handle.close() }
    let header = handle.readData(ofLength: 32)
    guard header.count == 32 else { return "unknown" }
    return header.suffix(16).map { String(format: "%02x", $0) }.joined()
}
