/// An order on selected entries: `ranksBefore(a, b)` when a is the better of the two. It must be a strict
/// total order on the values a heap will hold (break every tie, e.g. by index or id), so that what is
/// kept, and in which order, never depends on the order of arrival.
public protocol RankedEntry {
    static func ranksBefore(_ a: Self, _ b: Self) -> Bool
}

/// The best `capacity` entries offered so far under a ranking — `Element.ranksBefore` for a
/// `RankedEntry`, or a comparator given to each call (for entries whose tie-break needs a table, such
/// as a posting's candidates ranked by id): the one heap of the engine (a query's top postings, a
/// posting's top candidates, baseline retrievers' top documents).
///
/// Invariants (checked by `isValid` in tests):
/// - `count ≤ capacity`;
/// - min-heap on rank: no entry ranks after (is worse than) a child of its, so the root is the worst
///   entry kept — the one a better newcomer evicts, and the floor a newcomer must beat.
///
/// Storage grows with what is offered, never beyond `capacity`: asking for the top 10⁶ of seven
/// entries allocates seven slots.
///
/// - Complexity: `offer` O(log capacity) when the entry is kept, O(1) when it is refused (one compare
///   with the root); `sorted()` O(c log c) for c kept entries. Memory O(min(capacity, offered)).
public struct BoundedHeap<Element> {
    /// The kept entries, heap-ordered.
    @usableFromInline var storage: [Element] = []
    /// The most entries kept; 0 keeps nothing.
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Kept entries in heap order (not sorted).
    public var elements: [Element] { storage }
    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }
    public var isFull: Bool { storage.count >= capacity }

    /// The worst entry kept (the root), nil when empty.
    public var worst: Element? { storage.first }

    /// Keeps `entry` if the heap has room or it ranks before the worst entry kept (which it then evicts).
    /// Every call on one heap must pass the same strict total order. Returns whether it was kept.
    @inlinable @discardableResult
    public mutating func offer(_ entry: Element, by ranksBefore: (Element, Element) -> Bool) -> Bool {
        if storage.count < capacity {
            storage.append(entry)
            siftUp(storage.count - 1, by: ranksBefore)
            return true
        }
        guard capacity > 0, ranksBefore(entry, storage[0]) else { return false }
        storage[0] = entry
        siftDown(0, by: ranksBefore)
        return true
    }

    /// The kept entries, best first.
    public func sorted(by ranksBefore: (Element, Element) -> Bool) -> [Element] {
        storage.sorted(by: ranksBefore)
    }

    /// Whether the heap invariants hold (for tests).
    public func isValid(by ranksBefore: (Element, Element) -> Bool) -> Bool {
        guard storage.count <= capacity else { return false }
        for child in storage.indices.dropFirst() where ranksBefore(storage[(child - 1) / 2], storage[child]) {
            return false
        }
        return true
    }

    @inlinable mutating func siftUp(_ start: Int, by ranksBefore: (Element, Element) -> Bool) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard ranksBefore(storage[parent], storage[child]) else { return }
            storage.swapAt(parent, child)
            child = parent
        }
    }

    @inlinable mutating func siftDown(_ start: Int, by ranksBefore: (Element, Element) -> Bool) {
        var parent = start
        let count = storage.count
        while true {
            let left = 2 * parent + 1
            if left >= count { return }
            var worst = left
            let right = left + 1
            if right < count && ranksBefore(storage[left], storage[right]) { worst = right }
            guard ranksBefore(storage[parent], storage[worst]) else { return }
            storage.swapAt(parent, worst)
            parent = worst
        }
    }
}

extension BoundedHeap where Element: RankedEntry {
    /// `offer(_:by:)` under `Element.ranksBefore`.
    @inlinable @discardableResult
    public mutating func offer(_ entry: Element) -> Bool { offer(entry, by: Element.ranksBefore) }
    /// The kept entries, best first.
    public func sorted() -> [Element] { sorted(by: Element.ranksBefore) }
    /// Whether the heap invariants hold (for tests).
    public var isValid: Bool { isValid(by: Element.ranksBefore) }
}

extension BoundedHeap: Sendable where Element: Sendable {}
