import ArgumentParser
import Foundation
import Passerelle
import DocumentReaders

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct ModelOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Model file (default: the model built from Data/postings, cached in Models/).", valueName: "file"))
    var model: String?
}

/// Runs a command body, turning known errors into one clear line on stderr and exit code 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let e as UserError {
        Console.error("passerelle: \(e)"); throw ExitCode(1)
    } catch let e as ReaderError {
        Console.error("passerelle: \(e)"); throw ExitCode(1)
    } catch let e as ModelFileError {
        Console.error("passerelle: \(e)"); throw ExitCode(1)
    } catch let e as EngineError {
        Console.error("passerelle: \(e)"); throw ExitCode(1)
    } catch let e as ExitCode {
        throw e
    } catch let e as CustomStringConvertible where !(e is ValidationError) && !(e is CleanExit) {
        Console.error("passerelle: \(e)"); throw ExitCode(1)
    }
}

/// Reads exactly one document from a file (a CV or a posting used as a query).
func readSingleDocument(_ path: String, maxFileSize: Int) throws -> Document {
    let result = try DocumentReader(maxFileSize: maxFileSize).read(file: path)
    for w in result.warnings { Console.info("passerelle: warning: \(w)") }
    guard result.documents.count == 1 else {
        throw UserError("\(path): holds \(result.documents.count) documents; give a file with one")
    }
    return result.documents[0]
}
