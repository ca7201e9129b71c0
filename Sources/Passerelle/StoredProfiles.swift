import Foundation
import Dispatch
import Synchronization
import TextAnalysis
import Competencies

/// The match-side profiles of a model's postings (`TextProfile`, `sides: .match`: competencies,
/// language statements, languages written, years and condition asked), worked out once when a model
/// file is written and stored in it (section `PPRF`), so that a rank explains its matches without
/// detecting them (issue 25: building the profiles of ~11 postings never seen before was half of a cold
/// rank's CPU at 20,000 postings).
///
/// **Fingerprint.** A stored profile is what the detector of the binary that wrote it found. It is used
/// only when the running binary would find the same: the model's fingerprint must equal
/// `fingerprint(resources:)` — the codec and detector versions below and a hash of the taxonomy's text
/// the detector is built from. Otherwise every profile is computed from the text as before (`info`
/// says which).
///
/// **Encoding** (one byte string per posting in a `StringTable`; empty: not stored, computed when
/// needed — a posting added after the write): unsigned LEB128 varints, signed ones zigzagged;
/// strings as a varint length and their UTF-8. A quote (`Evidence.quote`) is stored as the range of the
/// posting's text it copies (two varints relative to the match, and whether "…" opens or closes it), so
/// decoding needs the text (the explanations quote it anyway); a quote that is not such a copy is
/// stored as it is. Decoded profiles equal computed ones field by field (`ProfileStoreTests`).
/// About 230–420 bytes per posting of the shipped and ROME texts (a few on `scripts/benchmarks/bench_corpus.py`'s, which
/// hold almost no competency), plus 16 bytes of offsets; the section is read whole at load.
public enum StoredProfiles {
    /// Bump when anything that changes a posting's match-side profile changes: a rule of the
    /// competency detector (`CompetencyDetector`, `Optionality`, `PostingSections`, `LanguageStatementDetector`),
    /// the analyzer it runs (`FrenchEnglishAnalyzer`, stemmers, normalization), `LanguageIdentifier`,
    /// `ExperienceYears.required`, `Eligibility.condition`, or `TextProfile.init`. Models written before
    /// the bump keep working: their profiles are ignored and computed as they are shown.
    /// `ProfileStoreTests.testTheDetectorVersionIsBumpedWhenTheProfilesChange` fails when the profiles of
    /// the shipped postings change and this constant did not.
    public static let detectorVersion = 5
    /// Version of the byte encoding below.
    public static let codecVersion = 1

    /// The fingerprint of the profiles this binary computes with `resources`' taxonomy; nil without a
    /// taxonomy (no detector: no profiles are stored).
    public static func fingerprint(resources: [String: String]) -> String? {
        guard let taxonomy = resources[EngineSetup.taxonomyResource] else { return nil }
        let hash = ModelFile.payloadChecksum(Data(taxonomy.utf8))
        return "profiles \(codecVersion) detector \(detectorVersion) taxonomy " + String(hash, radix: 16)
    }

    /// The match-side profile of a posting's text, as stored and as computed on demand.
    public static func compute(_ text: String, detector: CompetencyDetector) -> TextProfile {
        TextProfile(text: text, detector: detector, isPosting: true, sides: .match)
    }

    /// `model` with every posting's profile stored: those it holds under `pipeline`'s fingerprint are
    /// kept as they are (a compaction computes only the postings added since), the others computed
    /// from their texts on `threads` threads (blocks of postings; the bytes do not depend on the count).
    /// A model without texts or a pipeline without a detector is returned without profiles.
    /// - Throws: `ModelFileError.checksumMismatch` when a stored text is damaged.
    /// - Complexity: O(total text) for the postings computed (about 1–2 ms each), O(stored bytes) for the others.
    public static func storing(_ model: LSAModel, pipeline: Pipeline, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> LSAModel {
        var model = model
        guard let detector = pipeline.detector, let fingerprint = fingerprint(resources: pipeline.resources), model.postings.storesText else {
            model.postings.setProfiles(nil, fingerprint: nil)
            return model
        }
        let n = model.postingCount
        let reuse = model.postings.profileFingerprint == fingerprint
        let postings = model.postings
        var blobs = [[UInt8]](repeating: [], count: n)
        let failed = Mutex<Bool>(false)
        let blockSize = 64
        let blocks = (n + blockSize - 1) / blockSize
        blobs.withUnsafeMutableBufferPointer { out in
            let out = UnsafeSendable(out)
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, blocks))) { worker in
                var b = worker
                while b < blocks {
                    for i in b * blockSize ..< min(n, (b + 1) * blockSize) {
                        if reuse, let stored = postings.storedProfile(at: i) {
                            out.value[i] = [UInt8](stored)
                            continue
                        }
                        guard let text = try? postings.checkedText(at: i) else { failed.withLock { $0 = true }; continue }
                        out.value[i] = encode(compute(text, detector: detector), text: text)
                    }
                    b += max(1, min(threads, blocks))
                }
            }
        }
        if failed.withLock({ $0 }) { throw ModelFileError.checksumMismatch(path: model.postings.textSource ?? "model") }
        model.postings.setProfiles(StringTable(byteStrings: blobs), fingerprint: fingerprint)
        return model
    }

    // MARK: Encoding

    /// The bytes of a match-side profile of `text`.
    /// Empty (not stored: computed when shown) for a profile `decode` would refuse: evidence outside the text or
    /// a weight that is not finite, which the detector never makes.
    public static func encode(_ profile: TextProfile, text: String) -> [UInt8] {
        var w = Writer()
        let scalars = Array(text.unicodeScalars)
        let evidence = profile.competencies.competencies.flatMap(\.evidence) + profile.competencies.languages.map(\.evidence)
        guard evidence.allSatisfy({ Self.isInText($0, scalars.count) }), profile.competencies.competencies.allSatisfy({ $0.weight.isFinite }) else { return [] }
        w.uint(UInt64(profile.writtenIn.count))
        for l in profile.writtenIn { w.string(l) }
        w.string(profile.displayLanguage.rawValue)
        w.optionalInt(profile.yearsAsked)
        w.string(profile.eligibilityAsked?.rawValue ?? "")
        w.uint(UInt64(profile.competencies.competencies.count))
        for c in profile.competencies.competencies {
            w.string(c.id)
            w.int(c.count)
            w.double(c.weight)
            w.uint(c.desirable ? 1 : 0)
            w.uint(UInt64(c.evidence.count))
            for e in c.evidence { w.evidence(e, scalars) }
        }
        w.uint(UInt64(profile.competencies.languages.count))
        for s in profile.competencies.languages {
            w.string(s.language)
            w.int(s.level.rawValue)
            w.uint((s.desirable ? 1 : 0) | (s.levelStated ? 2 : 0))
            w.evidence(s.evidence, scalars)
        }
        return w.bytes
    }

    /// The profile `encode` wrote for `text`; nil when the bytes are not such a profile (the caller
    /// names the model file in its error).
    public static func decode(_ bytes: Data, text: String) -> TextProfile? {
        let scalars = Array(text.unicodeScalars)
        return bytes.withUnsafeBytes { raw -> TextProfile? in
            var r = Reader(raw: raw, scalars: scalars)
            guard let writtenCount = r.count() else { return nil }
            var written = [String]()
            for _ in 0 ..< writtenCount { guard let l = r.string() else { return nil }; written.append(l) }
            guard let display = r.string().flatMap(Language.init(rawValue:)), let years = r.optionalInt(), let condition = r.string() else { return nil }
            let eligibility: Eligibility.Condition?
            if condition.isEmpty { eligibility = nil } else { guard let c = Eligibility.Condition(rawValue: condition) else { return nil }; eligibility = c }
            guard let competencyCount = r.count() else { return nil }
            var competencies = [CompetencyMatch]()
            competencies.reserveCapacity(competencyCount)
            for _ in 0 ..< competencyCount {
                guard let id = r.string(), let count = r.int(), let weight = r.double(), weight.isFinite, let flags = r.uint(), flags <= 1,
                      let evidenceCount = r.count() else { return nil }
                var evidence = [Evidence]()
                evidence.reserveCapacity(evidenceCount)
                for _ in 0 ..< evidenceCount { guard let e = r.evidence() else { return nil }; evidence.append(e) }
                competencies.append(CompetencyMatch(id: id, count: count, weight: weight, evidence: evidence, desirable: flags == 1))
            }
            guard let languageCount = r.count() else { return nil }
            var languages = [LanguageStatement]()
            for _ in 0 ..< languageCount {
                guard let language = r.string(), let levelValue = r.int(), let level = LanguageLevel(rawValue: levelValue),
                      let flags = r.uint(), flags <= 3, let evidence = r.evidence() else { return nil }
                languages.append(LanguageStatement(language: language, level: level, evidence: evidence, desirable: flags & 1 != 0,
                                                   levelStated: flags & 2 != 0))
            }
            guard r.atEnd else { return nil }
            return TextProfile(stored: CompetencyProfile(competencies: competencies, languages: languages), writtenIn: written,
                               displayLanguage: display, yearsAsked: years, eligibilityAsked: eligibility)
        }
    }

    /// Whether the evidence's span lies in a text of `count` scalars (what `decode` accepts: a crafted file
    /// with sound checksums gives no span a report could not quote).
    static func isInText(_ e: Evidence, _ count: Int) -> Bool { 0 <= e.start && e.start <= e.end && e.end <= count }

    /// How a quote is stored.
    private enum QuoteKind: UInt64 {
        /// As it is: a length and its UTF-8.
        case literal = 0
        /// The scalars `lo ..< hi` of the text, "…" before when bit 1 of the flags, after when bit 2.
        case slice = 1
    }

    private struct Writer {
        var bytes: [UInt8] = []
        mutating func uint(_ v: UInt64) {
            var v = v
            while v >= 0x80 { bytes.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
            bytes.append(UInt8(v))
        }
        mutating func int(_ v: Int) { let v = Int64(v); uint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
        mutating func optionalInt(_ v: Int?) { if let v { uint(1); int(v) } else { uint(0) } }
        mutating func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        mutating func string(_ s: String) { let u = Array(s.utf8); uint(UInt64(u.count)); bytes.append(contentsOf: u) }

        /// start, end, the match in the quote (flag bit 0), then the quote as a slice of the text when
        /// it is one (`TextSpans.quoteWithOffset`: a "…", scalars of the text, a "…"), else as it is.
        mutating func evidence(_ e: Evidence, _ scalars: [Unicode.Scalar]) {
            int(e.start)
            int(e.end)
            // Bit 0: the match's start in the quote follows; bit 1: its end.
            uint((e.quoteMatchStart != nil ? 1 : 0) | (e.quoteMatchEnd != nil ? 2 : 0))
            if let a = e.quoteMatchStart { int(a) }
            if let b = e.quoteMatchEnd { int(b) }
            if let (lo, hi, flags) = Self.slice(of: e, scalars) {
                uint(QuoteKind.slice.rawValue)
                uint(flags)
                int(lo - max(0, min(e.start, scalars.count)))
                int(hi - lo)
            } else {
                uint(QuoteKind.literal.rawValue)
                string(e.quote)
            }
        }

        /// The text range the quote copies, found from where the match lies in it; nil when it is not a
        /// copy (checked scalar by scalar, so that decoding gives the same bytes).
        static func slice(of e: Evidence, _ scalars: [Unicode.Scalar]) -> (lo: Int, hi: Int, flags: UInt64)? {
            guard let offset = e.quoteMatchStart else { return nil }
            let q = Array(e.quote.unicodeScalars)
            let ellipsis: Unicode.Scalar = "…"
            for flags: UInt64 in [0, 1, 2, 3] {
                let before = flags & 1 != 0 ? 1 : 0, after = flags & 2 != 0 ? 1 : 0
                guard q.count >= before + after, before == 0 || q.first == ellipsis, after == 0 || q.last == ellipsis else { continue }
                let start = max(0, min(e.start, scalars.count))
                let lo = start - (offset - before), hi = lo + q.count - before - after
                guard lo >= 0, lo <= hi, hi <= scalars.count else { continue }
                if q[before ..< q.count - after].elementsEqual(scalars[lo ..< hi]) { return (lo, hi, flags) }
            }
            return nil
        }
    }

    private struct Reader {
        let raw: UnsafeRawBufferPointer
        let scalars: [Unicode.Scalar]
        var at = 0
        var atEnd: Bool { at == raw.count }

        mutating func uint() -> UInt64? {
            var v: UInt64 = 0, shift: UInt64 = 0
            while at < raw.count, shift < 64 {
                let b = raw[at]; at += 1
                v |= UInt64(b & 0x7f) << shift
                if b < 0x80 { return v }
                shift += 7
            }
            return nil
        }
        mutating func int() -> Int? { uint().map { Int(Int64(bitPattern: ($0 >> 1) ^ (0 &- ($0 & 1)))) } }
        mutating func optionalInt() -> Int?? {
            guard let flag = uint() else { return nil }
            if flag == 0 { return .some(nil) }
            guard flag == 1, let v = int() else { return nil }
            return .some(v)
        }
        mutating func double() -> Double? {
            guard at + 8 <= raw.count else { return nil }
            let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            at += 8
            return Double(bitPattern: bits)
        }
        mutating func string() -> String? {
            guard let n = uint(), n <= UInt64(raw.count - at) else { return nil }
            let s = String(decoding: UnsafeRawBufferPointer(rebasing: raw[at ..< at + Int(n)]), as: UTF8.self)
            at += Int(n)
            return s
        }
        /// A count of elements that follow (each takes a byte at least, so a count past the bytes left is not one).
        mutating func count() -> Int? {
            guard let n = uint(), n <= UInt64(raw.count - at) else { return nil }
            return Int(n)
        }
        mutating func evidence() -> Evidence? {
            guard let start = int(), let end = int(), let matchFlag = uint(), matchFlag <= 3, 0 <= start, start <= end, end <= scalars.count else { return nil }
            var matchStart: Int? = nil, matchEnd: Int? = nil
            if matchFlag & 1 != 0 { guard let a = int() else { return nil }; matchStart = a }
            if matchFlag & 2 != 0 { guard let b = int() else { return nil }; matchEnd = b }
            guard let kindValue = uint(), let kind = QuoteKind(rawValue: kindValue) else { return nil }
            let quote: String
            switch kind {
            case .literal:
                guard let s = string() else { return nil }
                quote = s
            case .slice:
                // Bounded before any sum: a crafted delta or length cannot overflow.
                guard let flags = uint(), flags <= 3, let delta = int(), let length = int(), length >= 0, length <= scalars.count,
                      -scalars.count <= delta, delta <= scalars.count else { return nil }
                let lo = start + delta, hi = lo + length
                guard lo >= 0, hi <= scalars.count else { return nil }
                var utf8 = [UInt8]()
                utf8.reserveCapacity(hi - lo + 6)
                if flags & 1 != 0 { utf8 += Array("…".utf8) }
                for s in scalars[lo ..< hi] { UTF8.encode(s) { utf8.append($0) } }
                if flags & 2 != 0 { utf8 += Array("…".utf8) }
                quote = String(decoding: utf8, as: UTF8.self)
            }
            return Evidence(start: start, end: end, quote: quote, quoteMatchStart: matchStart, quoteMatchEnd: matchEnd)
        }
    }
}

/// A mutable buffer handed to the workers of `DispatchQueue.concurrentPerform`, each writing its own
/// elements only.
private struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension TextProfile {
    /// A match-side profile as stored (`StoredProfiles.decode`): the query side's fields empty, as
    /// `TextProfile(text:detector:isPosting:sides: .match)` leaves them.
    init(stored competencies: CompetencyProfile, writtenIn: [String], displayLanguage: Language, yearsAsked: Int?,
         eligibilityAsked: Eligibility.Condition?) {
        self.competencies = competencies
        self.writtenIn = writtenIn
        self.displayLanguage = displayLanguage
        self.yearsAsked = yearsAsked
        self.yearsShown = nil
        self.eligibilityAsked = eligibilityAsked
        self.eligibilityShown = []
    }
}
