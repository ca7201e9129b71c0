import Foundation
import Synchronization

/// Waits on a condition instead of sleeping "long enough": a file appearing, a line on a child's stderr, a
/// lock held, a pool's load. The condition is polled every `every` seconds until it holds; when `within`
/// seconds pass first, the wait throws `Wait.TimedOut` naming what was awaited (and `detail`, e.g. what the
/// child said), so a test fails with a clear line instead of asserting on a state that was never reached.
/// The deadlines are generous (default 120 s: CI runs two classes at a time on two loaded cores); a wait
/// that succeeds returns as soon as the condition holds, so a generous deadline costs nothing.
public enum Wait {
    public struct TimedOut: Error, CustomStringConvertible {
        public let description: String
    }

    public static let defaultSeconds = 120.0

    /// Polls `condition` until it holds; throws `TimedOut` after `seconds`.
    public static func until(_ what: @autoclosure () -> String, within seconds: Double = defaultSeconds, every: Double = 0.02,
                             detail: () -> String = { "" }, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if try condition() { return }
            if Date() >= deadline {
                let more = detail()
                throw TimedOut(description: "waited \(Int(seconds)) s for \(what()), in vain" + (more.isEmpty ? "" : ": \(more)"))
            }
            usleep(useconds_t(every * 1e6))
        }
    }

    /// The same in an async test: the polls sleep the task, not a thread of the concurrency pool.
    public static func untilAsync(_ what: @autoclosure () -> String, within seconds: Double = defaultSeconds, every: Double = 0.01,
                             detail: () -> String = { "" }, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if try await condition() { return }
            if Date() >= deadline {
                let more = detail()
                throw TimedOut(description: "waited \(Int(seconds)) s for \(what()), in vain" + (more.isEmpty ? "" : ": \(more)"))
            }
            try await Task.sleep(nanoseconds: UInt64(every * 1e9))
        }
    }

    /// Whether `path` exists.
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The number of lines of the file at `path` (0 when it is missing).
    public static func lineCount(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}

/// What a child process writes on a pipe, read on a thread of its own as it comes (the child never blocks
/// on a full pipe; the test never blocks on a read): `text` so far, `wait(for:)` a piece of text, `whole()`
/// once the child has closed it.
public final class ChildOutput: Sendable {
    public let pipe = Pipe()
    private let buffer = Mutex(Data())
    private let closed = DispatchSemaphore(value: 0)

    public init() {
        let handle = pipe.fileHandleForReading
        // The thread holds `self` until the end of the stream.
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData   // some bytes, or none at the end of the stream
                if chunk.isEmpty { break }
                buffer.withLock { $0.append(chunk) }
            }
            closed.signal()
        }
        thread.start()
    }

    /// Everything read so far.
    public var text: String { String(decoding: buffer.withLock { $0 }, as: UTF8.self) }

    /// Waits until `piece` has been written; throws `Wait.TimedOut` (with what was written) after `seconds`.
    public func wait(for piece: String, within seconds: Double = Wait.defaultSeconds) throws {
        try Wait.until("\"\(piece)\" from the child", within: seconds, detail: { "it wrote: \(self.text)" }) { self.text.contains(piece) }
    }

    /// Everything, once the child (and any process that inherited the pipe) has closed it. Call after the
    /// process was started (the parent's copy of the write end is closed by `Process.run`).
    public func whole() -> String {
        closed.wait()
        closed.signal()
        return text
    }
}
