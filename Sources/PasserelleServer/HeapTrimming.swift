import Dispatch
import Foundation
import PasserelleCore
import Synchronization

/// Gives the allocator's free pages back to the system after the server's writes, at most once per
/// `interval`, off the writers' queue.
///
/// Why: an add allocates and frees as it goes (its body, its fold, a delta segment, the segments it
/// merges); glibc keeps the freed pages for later, so without this the server's resident memory grows
/// with the adds it has made rather than with the postings it holds (issue 25: RSS within ±10% over
/// a 10-minute soak of 10 adds/s). A trim costs under a millisecond at 100,000 postings
/// (`passerelle-bench adds --trim-every`), so once a second is free; requests in between coalesce.
final class HeapTrimming: Sendable {
    private let queue = DispatchQueue(label: "passerelle.serve.heap-trim", qos: .utility)
    /// Whether a trim is queued, and when the last one started.
    private let state = Mutex<(queued: Bool, last: ContinuousClock.Instant?)>((false, nil))
    let interval: Duration
    /// What a trim does (tests count the calls).
    private let trim: @Sendable () -> Void

    init(interval: Duration = .seconds(1), trim: @escaping @Sendable () -> Void = { ProcessMemory.returnFreePages() }) {
        self.interval = interval
        self.trim = trim
    }

    /// Asks for a trim: it runs once `interval` has passed since the last one; a request while one is
    /// queued adds nothing.
    func request() {
        let now = ContinuousClock.now
        let delay: Duration? = state.withLock { s in
            guard !s.queued else { return nil }
            s.queued = true
            guard let last = s.last else { return .zero }
            return max(.zero, last + interval - now)
        }
        guard let delay else { return }
        let (seconds, attoseconds) = delay.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        queue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
            self.state.withLock { s in
                s.queued = false
                s.last = ContinuousClock.now
            }
            self.trim()
        }
    }
}
