import Foundation
import ArgumentParser
import DocumentReaders
import PasserelleApp

/// Writing to the terminal: results on stdout, messages on stderr.
///
/// Both go through `write(2)` loops, never `FileHandle.write`, which traps when the write fails: a full
/// disk (`> /dev/full`) or a closed stdout (`>&-`) crashed `rank` with exit 132. A result that cannot be
/// written is a failure of the command: one line on stderr, exit 1 (from any command, as this is where
/// every result goes).
enum Console {
    /// Every error, warning and notice goes through here: control characters from file names, ids and
    /// texts (`ESC ]0;… BEL`, `ESC [2J`) are made visible (`TerminalText.message`), never sent raw.
    static func error(_ message: String) {
        let message = TerminalText.message(message)
        // A message that cannot be written (stderr full or closed) has nowhere else to go: dropped.
        _ = writeAll(STDERR_FILENO, message.hasSuffix("\n") ? message : message + "\n")
    }

    /// Progress and summaries on stderr, in French for a French user (`FrenchNotices`); silenced by
    /// `--quiet` (errors never are).
    static func info(_ message: String) { if !quiet { error(french ? FrenchNotices.translate(message) : message) } }

    /// Set once by a command's `--quiet` before it does anything (one thread then).
    nonisolated(unsafe) static var quiet = false

    /// Set once by a command's `--lang` (rank, similar) before it does anything: true for fr, false for en.
    nonisolated(unsafe) static var languageOverride: Bool?

    /// The application library's notices, on stderr with the program's name.
    static let notice: Notice = { Console.info("passerelle: \($0)") }

    /// Prints a result on stdout, ending the line.
    static func out(_ text: String) { write(text.hasSuffix("\n") ? text : text + "\n") }

    /// Prints a result on stdout as is; when stdout fails, says so on stderr and exits 1.
    static func write(_ text: String) {
        if let code = writeAll(STDOUT_FILENO, text) {
            let closed = code == EBADF ? " (standard output is closed)" : ""
            error("passerelle: cannot write the output: \(String(cString: strerror(code)))\(closed)")
            exit(1)
        }
    }

    /// Writes all of `text` to `fd`, retrying short writes and EINTR; the errno of a failure, else nil.
    static func writeAll(_ fd: Int32, _ text: String) -> Int32? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }

    /// Standard streams that were closed by the caller (`>&-`) are opened on /dev/null — stdout and stderr
    /// read-only, so that writing them fails with EBADF and is reported — before anything else opens a
    /// file: otherwise the first file opened (a model, a `--out`) would get descriptor 1 and the results
    /// would be written into it.
    static func guardStandardStreams() {
        for (fd, flags) in [(STDIN_FILENO, O_RDONLY), (STDOUT_FILENO, O_RDONLY), (STDERR_FILENO, O_RDONLY)] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", flags)
            if opened >= 0 && opened != fd { dup2(opened, fd); close(opened) }
        }
    }

    /// The user's messages language is French: the command's `--lang` when it has one and it is given,
    /// else LC_ALL, LC_MESSAGES or LANG starting with "fr".
    static var french: Bool {
        if let languageOverride { return languageOverride }
        let env = ProcessInfo.processInfo.environment
        let locale = [env["LC_ALL"], env["LC_MESSAGES"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().hasPrefix("fr")
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Terminal width for tables: the terminal's, else $COLUMNS, else 100.
    static var width: Int {
        var size = winsize()
        if stdoutIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c >= 40 { return c }
        return 100
    }
}

/// `--quiet` of the long commands (index, add, remove, eval, merge; batch and import have their own).
struct QuietOption: ParsableArguments {
    @Flag(name: .long, help: "Say nothing on stderr but errors (no progress, no summary).")
    var quiet = false

    func apply() { if quiet { Console.quiet = true } }
}
