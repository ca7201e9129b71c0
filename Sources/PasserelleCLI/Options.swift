import ArgumentParser
import Foundation
import Passerelle
import DocumentReaders
import PasserelleApp
import PasserelleCore

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct ModelOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Model file (default: the model built from Data/postings, cached in Models/).", valueName: "file"))
    var model: String?

    /// The model this option names (or the default one) with its pipeline, the provider's notices on stderr.
    /// - Parameter termIndex: `.onDemand` for a command that answers one query (`rank`, `similar`).
    func load(forWriting: Bool = false, wait: Bool = true, termIndex: ModelFile.TermIndexReading = .whole) throws -> ModelProvider.Loaded {
        try ModelProvider.Loaded(open(forWriting: forWriting, wait: wait, termIndex: termIndex))
    }

    /// The model this option names, without its pipeline (for commands that read no text: `info`).
    func open(forWriting: Bool = false, wait: Bool = true, termIndex: ModelFile.TermIndexReading = .whole) throws -> ModelProvider.Opened {
        do {
            return try ModelProvider.open(path: model, forWriting: forWriting, wait: wait, termIndex: termIndex, notice: Console.notice)
        } catch let error as FileWriteError where error.lockHeld {
            throw WriterOptions.withHint(error)
        }
    }
}

/// How a command that changes a model (add, remove, index --out) meets another one changing it.
struct WriterOptions: ParsableArguments {
    @Flag(name: .long, help: "Fail at once when another passerelle is changing the same model, instead of waiting for it.")
    var noWait = false

    /// The writers' lock of `path` (`index --out`), waiting unless --no-wait.
    func lock(_ path: String) throws -> WriterLock {
        do {
            return try ModelProvider.lockForWriting(path, wait: !noWait, createFolders: true, notice: Console.notice)
        } catch let error as FileWriteError where error.lockHeld {
            throw Self.withHint(error)
        }
    }

    /// The lock-held error with the way to wait instead.
    static func withHint(_ error: FileWriteError) -> UserError {
        UserError(error.description + ", or leave out --no-wait to wait for it",
                  french: (error.frenchMessage ?? error.description) + ", ou retirez --no-wait pour l'attendre")
    }
}

/// Runs a command body, turning known errors into one clear line on stderr and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let e as UserFacingError {
        Console.error("passerelle: \(e.message(french: Console.french))"); throw ExitCode(1)
    } catch let e as ExitCode {
        throw e
    } catch let e as CustomStringConvertible where !(e is ValidationError) && !(e is CleanExit) {
        Console.error("passerelle: \(e)"); throw ExitCode(1)
    }
}

/// Which postings to look at, by their metadata: applied before the top N (`PostingFilter`).
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("where"), parsing: .singleValue,
            help: ArgumentHelp("Only postings whose KEY contains TEXT (KEY~TEXT), equals it (KEY=TEXT) or sorts after or before it (KEY>=TEXT, KEY<=TEXT: date>=2026-11-01 on imported postings); without case or accents; repeatable (all must hold). KEY: id, title, lang or a field the model's postings have (`passerelle info` lists them: location, organization for the shipped postings; url, date, contract, salary too for imported ones); a key no posting has is an error.", valueName: "KEY~TEXT"))
    var expressions: [String] = []

    func validate() throws {
        do { _ = try PostingFilter(parsing: expressions) } catch { throw ValidationError("--where: \(error)") }
    }

    var filter: PostingFilter { (try? PostingFilter(parsing: expressions)) ?? PostingFilter() }
}

/// The size limit on one input document or record, shared by every command that reads documents
/// (one declaration, one constant, one check).
struct RecordSizeOptions: ParsableArguments {
    @Option(name: [.customLong("max-record-size"), .customLong("max-file-size")],
            help: ArgumentHelp("Largest document accepted, in bytes (\(OptionLimits.text(OptionLimits.maxFileSize))): a whole .txt/.md/.html/.docx/.pdf file, or one line of a JSON Lines file or one row of a CSV file (those are streamed, so the file itself may be of any size). --max-file-size is the old name.", valueName: "bytes"))
    var maxFileSize: Int = DocumentReader.defaultMaxFileSize

    func validate() throws {
        try OptionLimits.check(maxFileSize, in: OptionLimits.maxFileSize, "--max-record-size (--max-file-size)")
    }
}

/// Bounds of the numeric options, checked in `validate()` — before anything is allocated — and stated
/// in `--help`. Without them `batch --top 100000000` asked for 21 GB and aborted, and `--top` or `--shard`
/// near Int.max trapped on overflow; the bounds are far above any real use.
enum OptionLimits {
    /// n of `--shard i/n`.
    static let shards = 1 ... 100_000
    /// Candidates per block in `batch` (the automatic choice stays within 16…1024).
    static let blockSize = 1 ... 4096
    /// `--blas-threads`, `--fold-threads`, `--scan-threads`.
    static let threads = 1 ... 256
    /// Latent dimensions k (`index --dims`, `eval --sweep`): the basis holds vocabulary × k floats.
    static let dimensions = 1 ... 2000
    static let minDF = 1 ... 1_000_000_000
    /// Largest document or record, in bytes (1 TiB: a document is read whole, so RAM bounds it long before).
    static let maxFileSize = 1 ... (1 << 40)
    static let depth = 1 ... 1_000_000
    static let worst = 0 ... 10_000
    static let checkpointSeconds = 0.0 ... 86_400.0
    static let holdAfterBlocks = 1 ... 1_000_000_000
    /// `index --first-line-repeat`: extra counts of a text's first line (each one repeats the title's
    /// terms in every text: 1e7 asked for 1.8 GB and over 30 s per posting).
    static let firstLineRepeat = 0 ... 100
    /// `index --concept-threshold`, `--concept-saturation`, `--concept-scale` (concept occurrences; stored
    /// as Float in the model, which JSON cannot hold when infinite: 1e300 failed after the whole fit).
    static let conceptCount: ClosedRange<Float> = 0 ... 1_000_000
    /// `index --background-weight`: a positive factor on the background rows (0 is --no-background; NaN or
    /// infinity reached LAPACK as a failed SVD).
    static let backgroundWeight: ClosedRange<Float> = 0.001 ... 1000

    /// "1…10000", as the help and the errors state a range.
    static func text(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)…\(range.upperBound)" }

    /// Throws "--NAME must be in LOW…HIGH (got VALUE)" when out of range.
    static func check(_ value: Int, in range: ClosedRange<Int>, _ name: String) throws {
        guard range.contains(value) else { throw ValidationError("\(name) must be in \(text(range)) (got \(value))") }
    }

    /// The same for a real-valued option: NaN and ±infinity are refused with the range.
    static func check<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F, in range: ClosedRange<F>, _ name: String) throws {
        guard value.isFinite, range.contains(value) else {
            throw ValidationError("\(name) must be a number in \(range.lowerBound)…\(range.upperBound) (got \(value))")
        }
    }
}
