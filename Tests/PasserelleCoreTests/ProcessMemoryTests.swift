import XCTest
@testable import PasserelleCore

final class ProcessMemoryTests: XCTestCase {
    /// 64 MiB in 1 KiB blocks, touched, then freed behind a block still in use: glibc keeps the freed
    /// pages inside its heap (they are below the top), so the resident set stays up until a trim gives
    /// them back — what the server does after its writes.
    func testFreedPagesHeldByTheAllocatorAreGivenBackByATrim() throws {
        guard ProcessMemory.residentBytes() != nil else { throw XCTSkip("no /proc/self/statm here") }
        let blockBytes = 1024, blocks = 64 * 1024
        var pointers = [UnsafeMutableRawPointer]()
        pointers.reserveCapacity(blocks)
        for _ in 0 ..< blocks {
            let p = UnsafeMutableRawPointer.allocate(byteCount: blockBytes, alignment: 16)
            p.initializeMemory(as: UInt8.self, repeating: 1, count: blockBytes)
            pointers.append(p)
        }
        let sentinel = UnsafeMutableRawPointer.allocate(byteCount: blockBytes, alignment: 16)
        defer { sentinel.deallocate() }
        for p in pointers { p.deallocate() }
        pointers = []
        let held = try XCTUnwrap(ProcessMemory.residentBytes())
        XCTAssertTrue(ProcessMemory.returnFreePages(), "malloc_trim found and something given back")
        let after = try XCTUnwrap(ProcessMemory.residentBytes())
        XCTAssertGreaterThan(held - after, 32 << 20, "resident \(held >> 20) MiB before the trim, \(after >> 20) MiB after")
    }

    func testTheResidentSetIsMeasured() throws {
        guard let bytes = ProcessMemory.residentBytes() else { throw XCTSkip("no /proc/self/statm here") }
        XCTAssertGreaterThan(bytes, 1 << 20)
        XCTAssertEqual(bytes % Int(sysconf(Int32(_SC_PAGESIZE))), 0, "whole pages")
    }
}
