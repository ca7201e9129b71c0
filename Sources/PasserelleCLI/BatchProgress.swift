import Foundation

/// Progress on stderr when it is a terminal: count, rate, ETA; at most four updates a second.
final class BatchProgress {
    let total: Int
    let enabled: Bool
    private let start = Date()
    private let initial: Int
    private var last = Date.distantPast
    private var printed = false

    init(total: Int, done: Int, enabled: Bool) {
        self.total = total
        self.initial = done
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.25 || done == total else { return }
        last = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done - initial) / elapsed : 0
        let eta = rate > 0 ? Int((Double(total - done) / rate).rounded()) : 0
        let percent = total > 0 ? 100 * done / total : 100
        let line = String(format: "passerelle batch: %d/%d candidates (%d%%), %.0f/s, ETA %d:%02d", done, total, percent, rate, eta / 60, eta % 60)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        printed = true
    }

    func finish() {
        if printed { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
