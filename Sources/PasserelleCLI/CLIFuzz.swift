import ArgumentParser
import Foundation
import PasserelleApp

/// The command-line parser as a fuzz target: argument vectors built from fuzz bytes are parsed with the
/// real commands (`PasserelleCommand.parseAsRoot`, which also runs every `validate()`), never run.
///
/// It lives in the executable target because the commands do: an executable target cannot be imported by
/// the PasserelleFuzz target, and moving every command into a library only for the fuzzer would split the
/// CLI in two. scripts/checks/fuzz.sh builds this target a second time with `-sanitize=fuzzer -D
/// PASSERELLE_LIBFUZZER`, where `Main` is left out and libFuzzer calls `LLVMFuzzerTestOneInput` below.
/// Parsing must end in a command or a thrown error (usage, `--help`, a failed validation); a trap is a crash.
enum CLIFuzz {
    /// Arguments: the bytes split at NUL (as the kernel hands `argv` over), each decoded as UTF-8 (invalid
    /// sequences repaired, as the standard library does for `CommandLine.arguments`).
    static func arguments(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        bytes.split(separator: 0, omittingEmptySubsequences: false).prefix(64).map { String(decoding: $0, as: UTF8.self) }
    }

    static func parse(_ arguments: [String]) {
        do {
            let command = try PasserelleCommand.parseAsRoot(arguments)
            _ = type(of: command).configuration.commandName
        } catch {
            // A usage error or a help request: the message must render without trapping.
            _ = PasserelleCommand.message(for: error)
            _ = PasserelleCommand.exitCode(for: error)
        }
    }
}

#if PASSERELLE_LIBFUZZER
@_cdecl("LLVMFuzzerTestOneInput")
public func cliFuzzTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let bytes else { return 0 }
    CLIFuzz.parse(CLIFuzz.arguments(UnsafeBufferPointer(start: bytes, count: size)))
    return 0
}
#endif
