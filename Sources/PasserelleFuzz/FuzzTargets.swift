import Competencies
import DocumentReaders
import Foundation
import Passerelle
import TextAnalysis

/// One fuzz input → one of the targets, chosen by its first byte; the rest is the payload. (The command-line
/// parser is a second fuzzer, built from the passerelle target itself: see `CLIFuzz` there.)
///
/// Every target must either succeed or throw: a trap (index out of range, overflow, force unwrap) is a
/// crash that libFuzzer reports. Checks that hold on every input are `fuzzCheck`s (they trap on failure).
/// PDF is not fuzzed here: it goes through the pdftotext process, which is poppler's to fuzz.
enum FuzzTargets {
    static let count = 10

    static func run(_ input: Data) {
        guard let selector = input.first else { return }
        let payload = input.dropFirst()
        let target = Int(selector) % count
        // The shared state is built once, outside the time per byte: the first detection input used to pay for
        // parsing the taxonomy and analysing its forms (0.41 s of CPU under AddressSanitizer for a 1.5 KB seed).
        _ = warmedUp
        let started = threadCPUSeconds()
        switch target {
        case 0: read(payload, as: "txt")
        case 1: read(payload, as: "jsonl")
        case 2: read(payload, as: "html")
        case 3: read(payload, as: "docx")
        case 4: read(payload, as: "csv")
        case 5: analyze(payload)
        case 6: loadModel(Data(payload))
        case 7: loadModel(repairingHeaderOf: Data(payload))
        case 8: csvRecords(payload)
        default: detect(payload)
        }
        // Time per byte: text handling must be linear in its input (a one-line CV of 128 KB once took over
        // 100 s to rank, quadratic in the line's length). CPU time of this thread, so a loaded machine does
        // not make findings; the .docx reader (a zip, with its own timeout) and the model loader (a fold
        // whatever the size) are left out.
        if target != 3 && target != 6 && target != 7 {
            let seconds = threadCPUSeconds() - started
            fuzzCheck(seconds <= timeBound(bytes: payload.count),
                      String(format: "target %d: %.3f s of CPU for %d bytes (%.1f µs per byte; bound %.3f s): slower than linear?",
                             target, seconds, payload.count, 1e6 * seconds / Double(max(1, payload.count)), timeBound(bytes: payload.count)))
        }
    }

    /// The most CPU time an input of `bytes` may take: 50 ms plus 50 µs per byte — a hundred times the
    /// per-byte cost of the slowest target measured in a release build, ten or so under AddressSanitizer;
    /// a quadratic pass over a 16 KB line takes seconds.
    static func timeBound(bytes: Int) -> Double { 0.05 + 50e-6 * Double(bytes) }

    /// CPU seconds used by the calling thread.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The targets' shared state (the detector, the reader), built on first use of any target.
    static let warmedUp: Void = {
        _ = detector
        _ = reader
    }()

    /// The shipped taxonomy, read from the package's Data/ (nil when absent: the target then does nothing).
    static let detector: CompetencyDetector? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        guard let taxonomy = try? Taxonomy.load(path: root.appendingPathComponent("Data/competencies.tsv").path) else { return nil }
        return CompetencyDetector(taxonomy: taxonomy, analyzer: FrenchEnglishAnalyzer())
    }()

    /// Any bytes → text → competencies and language statements, as a CV and as a posting (the explanations'
    /// detection: quotes, sense checks, posting sections). Evidence lies inside the text; quotes are bounded.
    static func detect(_ bytes: Data.SubSequence) {
        guard let detector else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let scalars = text.unicodeScalars.count
        for kind in [CompetencyDetector.TextKind.cv, .posting] {
            let (plain, explained) = detector.detectBoth(text, as: kind)
            for profile in [plain, explained] {
                for m in profile.competencies {
                    for e in m.evidence {
                        fuzzCheck(e.start >= 0 && e.start <= e.end && e.end <= scalars, "evidence \(e.start)..<\(e.end) outside 0..<\(scalars)")
                        fuzzCheck(e.quote.unicodeScalars.count <= 2 * 240 + 2 + (e.end - e.start), "quote of \(e.quote.unicodeScalars.count) scalars")
                    }
                }
            }
        }
    }

    static let reader: DocumentReader = {
        var r = DocumentReader(maxFileSize: 1 << 20, skipInvalid: false)
        r.pdfTimeout = 5
        r.docxTimeout = 2   // under libFuzzer's -timeout; a spinning ZIPFoundation thread is left behind
        return r
    }()

    /// Bytes as a file of the given type, read in memory, strictly and skipping invalid records.
    static func read(_ bytes: Data.SubSequence, as ext: String) {
        let data = Data(bytes)
        let path = "fuzz-input.\(ext)"
        for skipInvalid in [false, true] {
            var r = reader
            r.skipInvalid = skipInvalid
            guard let result = try? r.read(data: data, path: path) else { continue }
            fuzzCheck(!result.documents.isEmpty, "a successful read returns documents")
            fuzzCheck(skipInvalid || result.skipped == 0, "nothing is skipped without skipInvalid")
            fuzzCheck(Set(result.documents.map(\.id)).count == result.documents.count, "ids are unique within a file")
            for d in result.documents {
                fuzzCheck(!d.id.isEmpty, "documents have ids")
                fuzzCheck(d.text.contains { !$0.isWhitespace }, "documents have text")
            }
        }
    }

    /// Any bytes → CSV records (`CSVRecordReader`, the reader of every CSV input), both delimiters and a
    /// small record limit. Records start on increasing lines; each record, written back with `CSVWriter`'s
    /// quoting, reads back as the same fields; a failure names a line that was reached.
    static func csvRecords(_ bytes: Data.SubSequence) {
        for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
            var reader = CSVRecordReader(stream: ByteStream(bytes: bytes), delimiter: delimiter, maxRecordBytes: 4096)
            var lastLine = 0
            var lines = 1 + bytes.filter { $0 == 0x0A || $0 == 0x0D }.count
            lines = max(lines, 1)
            while true {
                let record: CSVRecordReader.Record
                do {
                    guard let r = try reader.next() else { break }
                    record = r
                } catch let failure as CSVRecordReader.Failure {
                    fuzzCheck(failure.line >= 1 && failure.line <= lines, "failure on line \(failure.line) of \(lines)")
                    if !failure.resumable { break }
                    continue
                } catch {
                    fuzzCheck(false, "CSVRecordReader threw a \(type(of: error))")
                    return
                }
                fuzzCheck(record.line > lastLine && record.line <= lines, "record on line \(record.line) after \(lastLine), of \(lines)")
                lastLine = record.line
                // (A leading U+FEFF would be read back as a byte order mark and dropped, as intended.)
                guard !record.readAsWindows1252, delimiter == UInt8(ascii: ","), record.fields != [""],
                      record.fields.first?.hasPrefix("\u{FEFF}") != true else { continue }
                let written = record.fields.map(CSVWriter.quoted).joined(separator: ",") + "\r\n"
                var again = CSVRecordReader(stream: ByteStream(bytes: Array(written.utf8)))
                let back = try? again.next()
                fuzzCheck(back?.fields == record.fields, "round trip: \(record.fields) → \(written.debugDescription) → \(String(describing: back?.fields))")
            }
        }
        // Writing: a text cell that looks like a formula is neutralised, and reading undoes it.
        let text = String(decoding: bytes, as: UTF8.self)
        let neutral = CSVWriter.neutralized(text)
        fuzzCheck(CSVWriter.unneutralized(neutral) == text, "unneutralized(neutralized(x)) == x")
        if let first = neutral.unicodeScalars.first { fuzzCheck(!CSVWriter.formulaStarts.contains(first), "neutralised cell starts with \(first)") }
        let shown = TerminalText.sanitized(text)
        fuzzCheck(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "sanitized text has no control character")
    }

    /// Any bytes → text → tokens whose offsets lie inside the text and come in order.
    static func analyze(_ bytes: Data.SubSequence) {
        let text = String(decoding: bytes, as: UTF8.self)
        let scalars = text.unicodeScalars.count
        for analyzer in [FrenchEnglishAnalyzer() as any Analyzer, PlainAnalyzer()] {
            let tokens = analyzer.analyze(text)
            for t in tokens {
                fuzzCheck(t.start >= 0 && t.start < t.end && t.end <= scalars,
                          "\(analyzer.identifier): token \(t.term) at \(t.start)..<\(t.end) outside 0..<\(scalars)")
                fuzzCheck(!t.term.isEmpty, "\(analyzer.identifier): empty term")
            }
            fuzzCheck(analyzer.terms(text) == tokens.map(\.term), "\(analyzer.identifier): terms(_:) agrees with analyze(_:)")
        }
        _ = LanguageIdentifier.identify(text)
    }

    /// Model bytes → a model or a `ModelFileError`; a loaded model is used once, so that a decoder that
    /// accepted inconsistent shapes shows up as a crash.
    static func loadModel(_ data: Data) {
        // Read whole, and opened for one query (the term index's rows read as a query asks: `TermIndexOnDemand`).
        for reading in [ModelFile.TermIndexReading.whole, .onDemand] {
            do {
                let model = try ModelFile.decode(data, path: "fuzz.plm", termIndex: reading)
                exercise(model)
            } catch is ModelFileError {
            } catch {
                fuzzCheck(false, "ModelFile.decode threw a \(type(of: error)), not a ModelFileError: \(error)")
            }
        }
    }

    /// The same, after writing the payload length and checksum the header expects, so that mutations
    /// reach the section table and sections instead of stopping at the checksum.
    static func loadModel(repairingHeaderOf data: Data) {
        var data = data
        let headerSize = 64   // ModelFile's header: magic 8, version 4, sections 4, payload length 8, checksum 8, padding
        if data.count >= headerSize {
            let payload = data.subdata(in: headerSize..<data.count)
            data.replaceSubrange(16..<24, with: withUnsafeBytes(of: UInt64(payload.count).littleEndian) { Data($0) })
            // The checksums the header's format version expects (version 1: one lane over the payload; 2: four
            // lanes; 3: each section's own checksum in its table entry, the header's over the section table).
            let version = data.readLittleEndianUInt32(at: 8)
            if version >= 3 {
                let sections = Int(data.readLittleEndianUInt32(at: 12))
                let entry = 32   // tag 4, padding 4, offset 8, length 8, checksum 8
                if sections > 0, sections <= 64, headerSize + sections * entry <= data.count {
                    for s in 0 ..< sections {
                        let base = headerSize + s * entry
                        let offset = data.readLittleEndianUInt64(at: base + 8), length = data.readLittleEndianUInt64(at: base + 16)
                        guard offset <= UInt64(payload.count), length <= UInt64(payload.count) - offset else { continue }
                        let sum = ModelFile.payloadChecksum(payload.subdata(in: Int(offset) ..< Int(offset + length)))
                        data.replaceSubrange((base + 24) ..< (base + 32), with: withUnsafeBytes(of: sum.littleEndian) { Data($0) })
                    }
                    let table = data.subdata(in: headerSize ..< (headerSize + sections * entry))
                    data.replaceSubrange(24..<32, with: withUnsafeBytes(of: ModelFile.payloadChecksum(table).littleEndian) { Data($0) })
                }
            } else {
                let sum = version == 1 ? ModelFile.checksum(payload) : ModelFile.payloadChecksum(payload)
                data.replaceSubrange(24..<32, with: withUnsafeBytes(of: sum.littleEndian) { Data($0) })
            }
        }
        loadModel(data)
    }

    static func exercise(_ model: LSAModel) {
        fuzzCheck(model.basis.values.count == model.basis.rows * model.basis.cols, "basis shape")
        fuzzCheck(model.postingVectors.cols == model.postingCount, "posting vectors")
        for i in 0..<model.postingCount { _ = model.postings.title(at: i); _ = model.postings.text(at: i) }
        guard model.postingCount > 0, model.dimensions > 0 else { return }
        let featurizer = Featurizer(analyzer: FrenchEnglishAnalyzer())
        let matcher = Matcher(model: model, featurizer: featurizer, minimumKnownTerms: 1)
        if let query = try? matcher.fold(model.vectorizer.terms.prefix(8).joined(separator: " "), name: "fuzz") {
            // A model opened for one query reads the query's rows first; a damaged row is a ModelFileError.
            guard let reading = try? matcher.readingTermRows(for: query) else { return }
            for m in reading.top(for: query, count: 3) { fuzzCheck(!m.score.isNaN, "no NaN score") }
            _ = try? reading.readingWholeTermIndex()
        }
    }
}

/// A failed check: print and trap, so libFuzzer saves the input.
func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("fuzz check failed: \(message())\n".utf8))
        abort()
    }
}

/// libFuzzer's entry point (linked only in the fuzz build, where libFuzzer provides `main`; harmless otherwise).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let bytes, size > 0 else { return 0 }
    FuzzTargets.run(Data(bytes: bytes, count: size))
    return 0
}

private extension Data {
    func readLittleEndianUInt32(at offset: Int) -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(self[startIndex + offset + i]) << (8 * UInt32(i)) }
        return v
    }

    func readLittleEndianUInt64(at offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(self[startIndex + offset + i]) << (8 * UInt64(i)) }
        return v
    }
}
