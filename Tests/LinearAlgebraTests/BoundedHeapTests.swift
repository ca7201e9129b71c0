import XCTest
import LinearAlgebra

final class BoundedHeapTests: XCTestCase {
    /// Random offers (with many equal scores): the heap keeps exactly the best `capacity` of a full sort,
    /// its invariants hold after every offer, and it never stores more than `capacity`.
    func testKeepsTheBestUnderATotalOrderWithInvariantsAfterEveryOffer() {
        var g = SeededGenerator(seed: 5)
        for capacity in [0, 1, 2, 7, 64] {
            var heap = BoundedHeap<ScoredIndex>(capacity: capacity)
            var all = [ScoredIndex]()
            for i in 0 ..< 500 {
                let entry = ScoredIndex(index: i, score: Float(Int.random(in: 0 ..< 40, using: &g)) / 8)
                all.append(entry)
                let kept = heap.offer(entry)
                XCTAssertTrue(heap.isValid, "capacity \(capacity) after offer \(i)")
                XCTAssertLessThanOrEqual(heap.count, capacity)
                if capacity == 0 { XCTAssertFalse(kept) }
            }
            XCTAssertEqual(heap.sorted(), Array(all.sorted(by: ScoredIndex.ranksBefore).prefix(capacity)), "capacity \(capacity)")
        }
    }

    /// The result does not depend on the order of arrival.
    func testOrderOfArrivalDoesNotMatter() {
        let entries = (0 ..< 100).map { ScoredIndex(index: $0, score: Float($0 % 10)) }
        var forward = BoundedHeap<ScoredIndex>(capacity: 15), backward = BoundedHeap<ScoredIndex>(capacity: 15)
        for e in entries { forward.offer(e) }
        for e in entries.reversed() { backward.offer(e) }
        XCTAssertEqual(forward.sorted(), backward.sorted())
        XCTAssertEqual(forward.sorted().first, ScoredIndex(index: 9, score: 9))
    }

    /// A huge capacity allocates for what is offered, not for the capacity.
    func testStorageGrowsWithOffersNotCapacity() {
        var heap = BoundedHeap<ScoredIndex>(capacity: Int.max)
        for i in 0 ..< 7 { heap.offer(ScoredIndex(index: i, score: 1)) }
        XCTAssertEqual(heap.count, 7)
        XCTAssertFalse(heap.isFull)
        XCTAssertEqual(heap.worst, ScoredIndex(index: 6, score: 1))
    }
}
