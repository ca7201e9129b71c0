import Foundation

/// Bytes of a file (read in chunks) or of a buffer already in memory, consumed front to back.
///
/// The JSON Lines and CSV readers pull records from it one at a time, so a file of any size is read
/// incrementally and only one record is ever held: the size limit applies to a record, not to the file.
/// A UTF-8 byte order mark at the start is dropped.
///
/// - Complexity: O(n) over the n bytes, in chunks of `chunkSize`; memory O(chunkSize) plus the record
///   the caller keeps.
public final class ByteStream {
    public static let chunkSize = 1 << 16

    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8]
    private var position = 0
    private var atEnd = false
    /// Bytes consumed before the current buffer (for the binary sniff and for errors).
    public private(set) var consumedBefore = 0

    /// Opens a regular file (through a symbolic link too). Refuses, with the reason, a file that cannot be
    /// opened (missing, unreadable) and anything but a regular file: a FIFO or a device would block or never
    /// end. Opened non-blocking, so that checking a FIFO cannot hang, then read blocking.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw ReaderError.notFound(path: path) }
            throw ReaderError.corrupt(path: path, why: "cannot be opened (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            let isFolder = (info.st_mode & S_IFMT) == S_IFDIR
            close(fd)
            if isFolder { throw ReaderError.notFound(path: path) }
            throw ReaderError.corrupt(path: path, why: "not a regular file (a FIFO, device or socket)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        guard let f = fdopen(fd, "rb") else {
            close(fd)
            throw ReaderError.corrupt(path: path, why: "cannot be opened (\(String(cString: strerror(errno))))")
        }
        file = f
        buffer = []
        refill()
        dropByteOrderMark()
    }

    /// Reads from memory.
    public init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        file = nil
        buffer = Array(bytes)
        atEnd = true
        dropByteOrderMark()
    }

    deinit { if let file { fclose(file) } }

    private func dropByteOrderMark() {
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
    }

    /// Loads the next chunk; false at the end of the input.
    @discardableResult
    private func refill() -> Bool {
        guard !atEnd, let file else { return false }
        consumedBefore += buffer.count
        buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, Self.chunkSize, file) }
        buffer.removeSubrange(n...)
        position = 0
        if n < Self.chunkSize { atEnd = true }
        return n > 0
    }

    /// The bytes already buffered from the current position (at least one when not at the end), without
    /// consuming them: the first chunk serves to sniff binary content and the CSV delimiter.
    public func peekBuffered() -> ArraySlice<UInt8> {
        if position >= buffer.count { refill() }
        return buffer[position...]
    }

    /// The next byte, or nil at the end.
    @inline(__always)
    public func next() -> UInt8? {
        if position < buffer.count {
            defer { position += 1 }
            return buffer[position]
        }
        guard refill(), position < buffer.count else { return nil }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next byte without consuming it.
    @inline(__always)
    public func peek() -> UInt8? {
        if position < buffer.count { return buffer[position] }
        guard refill(), position < buffer.count else { return nil }
        return buffer[position]
    }

    /// The bytes up to the next LF (not included; the LF is consumed), keeping at most `limit` of them;
    /// `length` is the line's full length. nil at the end of the input.
    ///
    /// - Complexity: O(line length), with `memchr` over each chunk.
    public func nextLine(limit: Int) -> (bytes: [UInt8], length: Int)? {
        var kept = [UInt8]()
        var length = 0
        var sawAny = false
        while true {
            if position >= buffer.count {
                guard refill(), position < buffer.count else { return sawAny ? (kept, length) : nil }
            }
            sawAny = true
            let found: Int? = buffer.withUnsafeBufferPointer { p in
                guard let start = p.baseAddress else { return nil }
                guard let hit = memchr(start + position, 0x0A, p.count - position) else { return nil }
                return start.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            let end = found ?? buffer.count
            let room = max(0, limit - kept.count)
            if room > 0 { kept.append(contentsOf: buffer[position ..< min(end, position + room)]) }
            length += end - position
            if let found {
                position = found + 1
                return (kept, length)
            }
            position = buffer.count
        }
    }
}

/// Text of one record: UTF-8 when valid, else Windows-1252 (every byte maps to a character).
///
/// The policy of every text reader (plain text, JSON Lines, CSV): a file exported from an old
/// spreadsheet or Windows tool is read rather than refused, and the reader reports it once per file.
func decodeRecord<Bytes: Collection>(_ bytes: Bytes) -> (text: String, isUTF8: Bool) where Bytes.Element == UInt8 {
    if let s = String(validating: bytes, as: UTF8.self) { return (s, true) }
    return (windows1252String(bytes), false)
}

/// Refuses a streamed file that is empty, blank or binary, from its first chunk, before any record is parsed
/// (the same tests as `DocumentReader.decodedText` makes on a whole file).
func sniff(_ stream: ByteStream, path: String) throws {
    let head = stream.peekBuffered()
    // A first chunk of white space only is a blank file unless more follows (then the records decide).
    if !head.contains(where: { !isASCIIWhitespace($0) }) && head.count < ByteStream.chunkSize { throw ReaderError.empty(path: path) }
    guard !looksBinary(Array(head.prefix(8192))) else { throw ReaderError.binary(path: path) }
}
