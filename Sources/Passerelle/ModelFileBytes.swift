import Foundation
import PasserelleCore

/// Where `ModelFile.decode` reads a model's bytes from: the file, read (`pread`) section by section as
/// the sections are decoded, or a buffer (a model encoded in memory, a fuzz input).
///
/// Why: reading the file whole and then copying each section into its array held every byte twice —
/// at 100,000 postings a load allocated and touched 1 GB for 0.5 GB of model, and spent most of its time
/// in page faults and copies. Read from the file, a section's numbers go straight into their array
/// (`array(_:of:)`): one buffer, one pass to check it. Never mapped (issue 23: a mapping of a file
/// overwritten in place kills the reader with SIGBUS); a file that shrinks while it is read is a
/// truncated model.
struct ModelFileBytes {
    /// Bytes in all (the file's size).
    let count: Int
    private let path: String
    private let descriptor: Int32?
    private let buffer: Data?

    /// The file open at `descriptor` (not closed here), `size` bytes long; `path` names it in errors.
    init(descriptor: Int32, size: Int, path: String) {
        self.count = size
        self.path = path
        self.descriptor = descriptor
        self.buffer = nil
    }

    /// The bytes of `data`.
    init(_ data: Data, path: String) {
        self.count = data.count
        self.path = path
        self.descriptor = nil
        self.buffer = data
    }

    /// The file's descriptor when the bytes are read from a file (nil for a buffer).
    var fileDescriptor: Int32? { descriptor }

    /// Bytes `range`: a slice of the buffer (no copy), or read from the file.
    /// - Precondition: `range` lies within `0 ..< count`.
    func data(_ range: Range<Int>) throws -> Data {
        if let buffer { return buffer[(buffer.startIndex + range.lowerBound) ..< (buffer.startIndex + range.upperBound)] }
        var out = Data(count: range.count)
        try out.withUnsafeMutableBytes { try copy(range, into: $0) }
        return out
    }

    /// Bytes `range` as `range.count / stride` values of `T`, read straight into the array's storage
    /// (little-endian in the file; the caller swaps on a big-endian machine).
    /// - Precondition: `range.count` is a multiple of `MemoryLayout<T>.stride` and `T` is a plain number.
    /// - Complexity: O(`range.count`), one copy (from the page cache or the buffer).
    func array<T>(_ range: Range<Int>, of type: T.Type) throws -> [T] {
        let n = range.count / MemoryLayout<T>.stride
        return try [T](unsafeUninitializedCapacity: n) { storage, initialized in
            try copy(range, into: UnsafeMutableRawBufferPointer(storage))
            initialized = n
        }
    }

    /// Copies bytes `range` into `destination` (exactly `range.count` bytes long).
    private func copy(_ range: Range<Int>, into destination: UnsafeMutableRawBufferPointer) throws {
        precondition(destination.count == range.count && range.lowerBound >= 0 && range.upperBound <= count)
        guard range.count > 0 else { return }
        if let buffer {
            buffer.withUnsafeBytes { destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[range])) }
            return
        }
        var done = 0
        while done < range.count {
            let n = pread(descriptor!, destination.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw ModelFileError.unreadable(path: path, why: systemErrorText(errno)) }
            guard n > 0 else { throw ModelFileError.truncated(path: path, expected: range.upperBound, actual: range.lowerBound + done) }
            done += n
        }
    }
}
