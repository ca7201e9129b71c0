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
        var line = Console.french
            ? String(format: "passerelle batch : %d/%d candidats (%d %%), %.0f/s, fin dans %d:%02d", done, total, percent, rate, eta / 60, eta % 60)
            : String(format: "passerelle batch: %d/%d candidates (%d%%), %.0f/s, ETA %d:%02d", done, total, percent, rate, eta / 60, eta % 60)
        // Never wider than the terminal: a wrapped line would scroll at every update instead of redrawing.
        let width = Self.terminalWidth()
        if line.count >= width { line = String(line.prefix(max(1, width - 2))) + "…" }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        printed = true
    }

    /// Columns of the terminal on stderr (80 when it cannot be asked).
    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    func finish() {
        if printed { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// A message printed when the user interrupts a long run (SIGINT), before exiting with 130.
enum InterruptHint {
    nonisolated(unsafe) private static var message: [UInt8] = []

    /// Installs the handler; `text` is copied once so the handler only calls `write(2)` and `_exit`.
    static func install(_ text: String) {
        message = Array("\n\(text)\n".utf8)
        signal(SIGINT) { _ in
            InterruptHint.message.withUnsafeBufferPointer { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
            _exit(130)
        }
    }
}
