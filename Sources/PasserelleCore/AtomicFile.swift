import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A file that could not be written, with the reason in words a user can act on (the system's own
/// words for the error, and which folder or file is at fault).
public struct FileWriteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path as the user gave it.
    public var path: String
    public var reason: String
    /// True when another writer holds the file's `WriterLock` and the caller chose not to wait: a front
    /// end can then say how to wait (the CLI: leave out --no-wait).
    public var lockHeld: Bool
    public init(path: String, reason: String, lockHeld: Bool = false) {
        self.path = path
        self.reason = reason
        self.lockHeld = lockHeld
    }
    public var description: String { "cannot write \(path): \(reason)" }
    public var frenchMessage: String? { "impossible d'écrire \(path) : \(FrenchPhrasebook.files.translate(reason))" }
}

/// The system's message for an errno value, lower-cased to sit inside a sentence ("permission denied").
public func systemErrorText(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    guard let first = text.first else { return "error \(code)" }
    // Only the first letter: "No space left on device" → "no space left on device".
    return first.lowercased() + text.dropFirst()
}

/// What is at a path, following symbolic links: the facts readers and writers need to say why a
/// path cannot be used, instead of a generic "no such file".
public enum PathKind: Equatable, Sendable {
    case missing
    case regular(size: Int)
    case directory
    /// A named pipe, a device or a socket, described in words ("a named pipe").
    case special(String)
    /// The path cannot be looked at: a symbolic-link loop, a folder without search permission…
    case unreachable(String)

    public static func of(_ path: String) -> PathKind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT, ENOTDIR: return .missing
            case ELOOP: return .unreachable("too many levels of symbolic links (a symbolic link loop?)")
            case let code: return .unreachable(systemErrorText(code))
            }
        }
        return kind(of: info)
    }

    static func kind(of info: stat) -> PathKind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int(info.st_size))
        case S_IFDIR: return .directory
        default: return .special(describe(mode: info.st_mode))
        }
    }

    /// "a named pipe", "a character device"… for a mode that is not a regular file or a folder.
    public static func describe(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a folder"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }
}

/// The one way Passerelle replaces a file (models, reports, checkpoints, merged batch outputs): bytes go to
/// a temporary file beside the target, are fsynced, then renamed over it, so a reader — or a crash — only
/// ever sees the old file or the new one.
///
/// Around that, the faults a probe found: a target that is a device, a pipe, a socket or a folder is
/// refused (replacing `/dev/null` by a regular file would break the system); a symbolic link is written
/// through (the file it points to is replaced, the link stays a link); the temporary file is removed on
/// every error path (a full disk leaves nothing behind); and temporaries of the same target left by
/// writers that were killed (`.NAME.tmp-PID` whose PID is gone) are removed before writing.
public enum AtomicFile {
    /// Writes `data` to `path` atomically. `createFolders` makes the missing folders of the target;
    /// otherwise a missing folder is an error saying so.
    public static func write(_ data: Data, to path: String, createFolders: Bool = false) throws {
        let writer = try Writer(path: path, createFolders: createFolders)
        try writer.write(data)
        try writer.commit()
    }

    /// The file a write to `path` really replaces: `path`, or the file at the end of its chain of symbolic
    /// links (which may not exist yet). Refuses folders and special files, naming what they are.
    public static func target(of path: String) throws -> String {
        var current = path
        for _ in 0 ..< 40 {
            var info = stat()
            if lstat(current, &info) != 0 {
                if errno == ENOENT { return current }
                throw FileWriteError(path: path, reason: systemErrorText(errno))
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                    throw FileWriteError(path: path, reason: "cannot read the symbolic link \(current): \(systemErrorText(errno))")
                }
                current = destination.hasPrefix("/") ? destination : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
            case S_IFREG:
                return current
            case S_IFDIR:
                throw FileWriteError(path: path, reason: "\(current == path ? "it" : current) is a folder; give a file name")
            default:
                throw FileWriteError(path: path, reason: "\(current == path ? "it" : current) is \(PathKind.describe(mode: info.st_mode)), not a regular file; it is left alone: give the name of a regular file")
            }
        }
        throw FileWriteError(path: path, reason: "too many levels of symbolic links (a symbolic link loop?)")
    }

    /// The folder holding `file` ("." for a bare name).
    public static func folder(of file: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    static let temporaryMarker = ".tmp-"

    /// "permission denied (the folder /x is read-only for this user)": the folder is named in full, as a
    /// bare "." says little in a script's log.
    static func readOnlyFolderReason(_ code: Int32, _ folder: String) -> String {
        let shown = folder == "." ? FileManager.default.currentDirectoryPath : folder
        return code == EROFS ? "\(systemErrorText(code)) (the folder \(shown) is on a read-only file system)"
            : "\(systemErrorText(code)) (the folder \(shown) is read-only for this user)"
    }

    /// Temporaries of `target` (`.NAME.tmp-PID`) whose writer is no longer running: left by a writer killed
    /// between creating its temporary and renaming it.
    public static func staleTemporaries(of target: String) -> [String] {
        let folder = folder(of: target)
        let prefix = "." + (target as NSString).lastPathComponent + temporaryMarker
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { name in
            guard name.hasPrefix(prefix), let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { return false }
            // Signal 0 checks for the process without touching it: ESRCH means it is gone. (EPERM means it
            // exists under another user: still writing, left alone.)
            return kill(pid, 0) != 0 && errno == ESRCH
        }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Removes the stale temporaries of `target`; returns those removed.
    @discardableResult
    public static func removeStaleTemporaries(of target: String) -> [String] {
        staleTemporaries(of: target).filter { unlink($0) == 0 }
    }

    /// An atomic write in progress, for outputs produced piece by piece: `write` as often as needed, then
    /// `commit`. Dropped without `commit` (an error, an early exit), it removes its temporary file.
    public final class Writer {
        /// The path as given (for messages).
        public let path: String
        /// The file that is replaced (symbolic links followed).
        public let target: String
        public let temporaryPath: String
        /// The temporary file's descriptor, for callers that write with `write(2)` themselves.
        public private(set) var fileDescriptor: Int32
        private var finished = false

        public init(path: String, createFolders: Bool = false) throws {
            self.path = path
            let target = try AtomicFile.target(of: path)
            self.target = target
            let folder = AtomicFile.folder(of: target)
            if createFolders, PathKind.of(folder) == .missing {
                do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw FileWriteError(path: path, reason: "cannot create the folder \(folder) (\(Self.reason(of: error)))")
                }
            }
            switch PathKind.of(folder) {
            case .directory: break
            case .missing: throw FileWriteError(path: path, reason: "the folder \(folder) does not exist")
            case .unreachable(let why): throw FileWriteError(path: path, reason: "the folder \(folder) cannot be reached: \(why)")
            default: throw FileWriteError(path: path, reason: "\(folder) is not a folder")
            }
            AtomicFile.removeStaleTemporaries(of: target)
            temporaryPath = (folder as NSString).appendingPathComponent("." + (target as NSString).lastPathComponent + AtomicFile.temporaryMarker + "\(getpid())")
            // A temporary of this PID can only be a leftover of an earlier process that had the same PID.
            unlink(temporaryPath)
            // The new file keeps the mode of the one it replaces (a model made private stays private).
            var existing = stat()
            let keepsMode = stat(target, &existing) == 0
            let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, keepsMode ? existing.st_mode & 0o7777 : 0o666)
            guard fd >= 0 else {
                let code = errno
                switch code {
                case EACCES, EPERM, EROFS: throw FileWriteError(path: path, reason: AtomicFile.readOnlyFolderReason(code, folder))
                default: throw FileWriteError(path: path, reason: "cannot create a temporary file in \(folder): \(systemErrorText(code))")
                }
            }
            if keepsMode { _ = fchmod(fd, existing.st_mode & 0o7777) }
            fileDescriptor = fd
        }

        deinit { if !finished { abandon() } }

        public func write(_ data: Data) throws {
            try data.withUnsafeBytes { try write($0) }
        }

        /// Writes all the bytes (a short write or EINTR is retried); on failure the temporary is removed.
        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            guard !finished else { throw FileWriteError(path: path, reason: "the file was already closed") }
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    abandon()
                    throw FileWriteError(path: path, reason: systemErrorText(code))
                }
                offset += n
            }
        }

        /// Makes what was written so far durable (fsync) without putting it in place: a later `commit`
        /// then has little left to sync (a caller that commits under a lock syncs first, outside it).
        public func sync() throws {
            guard !finished else { throw FileWriteError(path: path, reason: "the file was already closed") }
            if fsync(fileDescriptor) != 0 {
                let code = errno
                abandon()
                throw FileWriteError(path: path, reason: systemErrorText(code))
            }
        }

        /// Makes the new content durable (fsync), then puts it in place of the target (rename). After an
        /// error the target is as it was and the temporary is gone.
        public func commit() throws {
            guard !finished else { throw FileWriteError(path: path, reason: "the file was already closed") }
            if fsync(fileDescriptor) != 0 {
                let code = errno
                abandon()
                throw FileWriteError(path: path, reason: systemErrorText(code))
            }
            let closed = close(fileDescriptor)
            let closeError = errno
            fileDescriptor = -1
            guard closed == 0 else {
                abandon()
                throw FileWriteError(path: path, reason: systemErrorText(closeError))
            }
            // The target may have become a folder or a device since it was looked at: refuse it still.
            do { _ = try AtomicFile.target(of: target) } catch let error as FileWriteError {
                abandon()
                throw FileWriteError(path: path, reason: error.reason)
            }
            if rename(temporaryPath, target) != 0 {
                let code = errno
                abandon()
                throw FileWriteError(path: path, reason: code == EISDIR ? "\(target) is a folder; give a file name" : systemErrorText(code))
            }
            finished = true
            // The rename itself is durable once the folder is synced (best effort: some file systems refuse it).
            let folderDescriptor = open(AtomicFile.folder(of: target), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folderDescriptor >= 0 { _ = fsync(folderDescriptor); close(folderDescriptor) }
        }

        /// Gives up: closes and removes the temporary file; the target is untouched.
        public func abandon() {
            if fileDescriptor >= 0 { close(fileDescriptor); fileDescriptor = -1 }
            if !finished { unlink(temporaryPath) }
            finished = true
        }

        static func reason(of error: Error) -> String {
            if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
                return systemErrorText(Int32(posix.code))
            }
            return error.localizedDescription
        }
    }
}

/// An exclusive lock for the writers of one file (`add`, `remove`, `index --out` on one model): each holds
/// it from reading the file to renaming the new one over it, so two writers run one after the other
/// instead of both reading the old model and the last rename dropping the other's change. Readers take no
/// lock: the rename already shows them a whole file.
///
/// The lock is `flock` on `.NAME.lock` beside the file really written (symbolic links followed, so two links
/// to one model share it). The lock file stays (empty): removing it would let a third writer lock a new
/// file while the second still waits on the old one. The kernel drops the lock when the process ends, so
/// a killed writer never leaves the model locked.
public final class WriterLock: Sendable {
    public let path: String
    public let lockPath: String
    /// The lock file's descriptor, -1 once released (`release` may be called from any thread, and again).
    private let fileDescriptor: Mutex<Int32>

    /// Takes the lock for writing `path`. With `wait`, blocks until the writer holding it is done (calling
    /// `waiting` once first, to say so); without, throws at once.
    public init(for path: String, wait: Bool = true, createFolders: Bool = false, waiting: ((String) -> Void)? = nil) throws {
        self.path = path
        let target = try AtomicFile.target(of: path)
        let folder = AtomicFile.folder(of: target)
        if createFolders, PathKind.of(folder) == .missing {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        lockPath = (folder as NSString).appendingPathComponent("." + (target as NSString).lastPathComponent + ".lock")
        var fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o666)
        // A lock file made by another user is not writable here, but flock needs only a descriptor: the
        // model's own permissions decide whether the write can happen (and say so if not).
        var code = errno
        if fd < 0 && (code == EACCES || code == EPERM || code == EROFS) {
            fd = open(lockPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            if fd < 0 && errno != ENOENT { code = errno }
        }
        guard fd >= 0 else {
            switch code {
            case EACCES, EPERM, EROFS:
                throw FileWriteError(path: path, reason: AtomicFile.readOnlyFolderReason(code, folder))
            case ENOENT: throw FileWriteError(path: path, reason: "the folder \(folder) does not exist")
            default: throw FileWriteError(path: path, reason: "cannot open the lock file \(lockPath): \(systemErrorText(code))")
            }
        }
        fileDescriptor = Mutex(fd)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                fileDescriptor.withLock { $0 = -1 }   // closed here: deinit must not close the number again
                close(fd)
                throw FileWriteError(path: path, reason: "cannot lock \(lockPath): \(systemErrorText(code))")
            }
            guard wait else {
                fileDescriptor.withLock { $0 = -1 }   // closed here: deinit must not close the number again
                close(fd)
                throw FileWriteError(path: path, reason: "another passerelle is changing it (it holds \(lockPath)); try again when it is done", lockHeld: true)
            }
            waiting?(lockPath)
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let code = errno
                    fileDescriptor.withLock { $0 = -1 }   // closed here: deinit must not close the number again
                    close(fd)
                    throw FileWriteError(path: path, reason: "cannot lock \(lockPath): \(systemErrorText(code))")
                }
            }
            break
        }
    }

    public func release() {
        fileDescriptor.withLock { fd in
            if fd >= 0 { flock(fd, LOCK_UN); close(fd); fd = -1 }
        }
    }

    deinit { release() }
}
