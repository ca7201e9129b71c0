import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// This process's memory as the system sees it, and a way to give back what the allocator keeps.
///
/// Why: a long-running process that allocates and frees as it goes (the server: each add folds a
/// posting, makes a delta segment and merges older ones) leaves freed pages inside glibc's heap, which
/// keeps them for later allocations; resident memory then grows with the work done, not with the data
/// held. Measured with `passerelle-bench adds` at 100,000 postings: of 58 MiB grown over 3,000 adds, 28
/// MiB were free pages the allocator still held (`malloc_trim` gave them back in under 1 ms). Used by
/// `index` before the SVD (the per-document counts, millions of small blocks, are free by then) and by
/// the server after its writes (`HeapTrimming`).
public enum ProcessMemory {
    /// Resident set size now, in bytes (`/proc/self/statm`); nil where there is no such file.
    public static func residentBytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Returns the allocator's free pages to the system (glibc's `malloc_trim(0)`, looked up at run time:
    /// Swift's Glibc module does not export `malloc.h`); does nothing with another allocator.
    /// - Returns: whether memory was given back.
    /// - Complexity: O(free chunks of the heap); well under a millisecond for a few hundred MiB here.
    @discardableResult
    public static func returnFreePages() -> Bool {
        guard let trim = mallocTrim else { return false }
        return trim(0) != 0
    }

    private typealias MallocTrim = @convention(c) (Int) -> Int32
    private static let mallocTrim: MallocTrim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
        .map { unsafeBitCast($0, to: MallocTrim.self) }
}
