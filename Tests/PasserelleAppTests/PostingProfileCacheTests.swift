import Foundation
import XCTest
@testable import Passerelle
@testable import PasserelleApp
import PasserelleCore
import PasserelleTestSupport

/// The posting profiles explanations use are kept while in use and bounded: a server that has shown every
/// posting does not hold a profile for each (issue 25's memory), and a profile dropped is detected again
/// the same.
final class PostingProfileCacheTests: XCTestCase {
    func testTwoGenerationsKeepWhatIsInUseAndNeverMoreThanTheCapacity() {
        var g = Generations<String>()
        let half = 3
        for i in 0 ..< 3 { g.insert("p\(i)", at: i, half: half) }
        // Full: the current generation became the previous one.
        XCTAssertEqual(g.current.count, 0)
        XCTAssertEqual(Set(g.previous.keys), [0, 1, 2])
        // 1 is used again: it moves back to the current generation.
        XCTAssertEqual(g.find(1, half: half), "p1")
        XCTAssertEqual(Set(g.current.keys), [1])
        XCTAssertEqual(Set(g.previous.keys), [0, 2])
        g.insert("p3", at: 3, half: half)
        g.insert("p4", at: 4, half: half)
        // Full again: 0 and 2, not used since, are dropped; 1 (used) survives.
        XCTAssertEqual(Set(g.previous.keys), [1, 3, 4])
        XCTAssertNil(g.find(0, half: half))
        XCTAssertNil(g.find(2, half: half))
        XCTAssertEqual(g.find(4, half: half), "p4")
        for i in 5 ..< 200 {
            g.insert("p\(i)", at: i, half: half)
            XCTAssertLessThanOrEqual(g.current.count + g.previous.count, 2 * half)
            XCTAssertTrue(Set(g.current.keys).isDisjoint(with: g.previous.keys))
        }
    }

    func testABoundedCacheGivesTheProfilesOfAFreshOne() throws {
        let (bytes, _) = try LiveModelTests.fitted(heldBack: 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-profile-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.plm").path
        try bytes.write(to: URL(fileURLWithPath: path))
        let loaded = try ModelProvider.load(path: path)
        let small = PostingProfileCache(loaded: loaded, capacity: 4)
        let n = loaded.model.postingCount
        XCTAssertGreaterThan(n, 8)
        for i in (0 ..< n).map({ ($0 * 7) % n }) + [0, 1, 0, 1, n - 1] {
            XCTAssertEqual(ProfileDump.lines(try small.profile(i)), ProfileDump.lines(try PostingProfileCache(loaded: loaded).profile(i)), "posting \(i)")
            XCTAssertLessThanOrEqual(small.cachedCount, 4)
        }
        XCTAssertEqual(PostingProfileCache(loaded: loaded).capacity, PostingProfileCache.defaultCapacity)
    }
}
