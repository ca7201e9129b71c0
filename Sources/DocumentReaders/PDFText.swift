import Foundation
import PasserelleCore

/// A PDF → one document, through `pdftotext -layout -enc UTF-8 FILE -` (Debian's poppler-utils).
///
/// A PDF made of page pictures (a scan, a photo) has no text layer: fewer than `minimumLetters` letters
/// come out, and it is refused with advice to OCR it rather than scored on nothing. pdftotext runs in a
/// child process with a time limit (`DocumentReader.pdfTimeout`), so a hostile PDF cannot hang a run.
struct PDFText {
    var reader: DocumentReader
    /// Fewer letters than this means no usable text layer.
    static let minimumLetters = 20

    func read(path: String) throws -> ReadResult {
        let tool = try locateTool(for: path)
        // A file name starting with "-" would be taken for an option.
        let argument = path.hasPrefix("-") ? "./" + path : path
        let output = try run(tool, arguments: ["-layout", "-enc", "UTF-8", argument, "-"], path: path)
        // Pages are separated by form feeds; layout mode pads lines with spaces.
        let lines = String(decoding: output, as: UTF8.self)
            .replacingOccurrences(of: "\u{0C}", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.reversed().drop(while: { $0 == " " || $0 == "\r" }).reversed()) }
        let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let letters = text.reduce(0) { $0 + ($1.isLetter ? 1 : 0) }
        guard letters >= Self.minimumLetters else { throw ReaderError.noTextLayer(path: path, letters: letters) }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let first = lines.lazy.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.first { !$0.isEmpty } ?? stem
        return ReadResult(documents: [Document(id: stem, title: String(first.prefix(160)), text: text, lang: nil, metadata: [:])],
                          warnings: [], skipped: 0)
    }

    /// The pdftotext executable: the reader's `pdfToTextPath`, or the first `pdftotext` in `PATH`.
    func locateTool(for path: String) throws -> String {
        if let given = reader.pdfToTextPath {
            guard FileManager.default.isExecutableFile(atPath: given) else { throw ReaderError.pdfToolMissing(path: path, tool: given) }
            return given
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") {
            let candidate = (String(folder) as NSString).appendingPathComponent("pdftotext")
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ReaderError.pdfToolMissing(path: path, tool: "pdftotext in PATH")
    }

    /// Runs the tool, collecting stdout (bounded by 8 × the file size limit) and stderr; kills it after the timeout.
    func run(_ tool: String, arguments: [String], path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try process.run() } catch { throw ReaderError.pdfToolMissing(path: path, tool: tool) }

        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box(), errBox = Box()
        let readers = DispatchGroup()
        let limit = max(reader.maxFileSize, 1 << 20) * 8
        DispatchQueue.global().async(group: readers) {
            let handle = out.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                if outBox.data.count < limit { outBox.data.append(chunk) }
            }
        }
        DispatchQueue.global().async(group: readers) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }

        if finished.wait(timeout: .now() + reader.pdfTimeout) == .timedOut {
            process.terminate()
            // Foundation notices the exit only once every process holding its descriptors is gone: bound each wait.
            if finished.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = finished.wait(timeout: .now() + 2)
            }
            // A grandchild may still hold the pipes open: do not wait for it.
            _ = readers.wait(timeout: .now() + 2)
            throw ReaderError.pdfFailed(path: path, why: "took over \(String(format: "%g", reader.pdfTimeout)) s; stopped")
        }
        readers.wait()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let message = String(decoding: errBox.data, as: UTF8.self)
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.prefix(2).joined(separator: "; ")
            throw ReaderError.pdfFailed(path: path, why: message.isEmpty ? "exit status \(process.terminationStatus)" : message)
        }
        return outBox.data
    }
}
