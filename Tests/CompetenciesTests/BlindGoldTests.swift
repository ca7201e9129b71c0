import Foundation
import XCTest
import TextAnalysis
@testable import Competencies

/// Detection on the blind gold of issue 24 (`Data/blind-gold`, written by someone who had not read the taxonomy's forms
/// nor the detector): a CV's competencies (`detect(_:as: .cv)`) against its `shown` rows, a posting's required ones
/// (`detect(_:as: .posting)`, not `desirable`) against its `required` rows. Tune and unseen parts (SHA-256 split, see
/// Data/blind-gold/README.md) are measured and printed separately; the floors are regression guards set from the TUNE part
/// only (a little under the measured values), the unseen part is printed, never tuned on. Fit labels and missing items
/// need a model: `scripts/evaluation/eval-blind-gold.py`.
final class BlindGoldTests: XCTestCase {
    static let gold = packageRoot.appendingPathComponent("Data/blind-gold")

    /// Measured 2026-12-03 on the tune part (20 documents): precision 0.875, recall 0.724 (tp 105, fp 15, fn 40); floors a
    /// little under. The target (precision ≥ 0.90 at recall ≥ 0.85) is not reached: see the closing note of issue 24.
    /// Issue 24b (forms and sense checks written from the tune part's misses): precision 0.953, recall 0.979 (tp 142, fp 7,
    /// fn 3) on the tune part, which these forms were written from — the unseen figure is the one to read.
    static let tunePrecisionFloor = 0.94
    static let tuneRecallFloor = 0.96

    static func isUnseen(_ id: String) -> Bool {
        // First hex digit of SHA-256(id) odd. Foundation has no SHA-256 on Linux without CryptoKit: a small one below.
        Int(String(SHA256.hex(Array(id.utf8)).prefix(1)), radix: 16)! % 2 == 1
    }

    struct Figures { var tp = 0, fp = 0, fn = 0
        var precision: Double { Double(tp) / Double(max(1, tp + fp)) }
        var recall: Double { Double(tp) / Double(max(1, tp + fn)) }
    }

    func measure(unseen: Bool) throws -> Figures {
        let rows = try String(contentsOf: Self.gold.appendingPathComponent("competencies.tsv"), encoding: .utf8).split(separator: "\n").dropFirst()
        var positives = [String: Set<String>]()
        for r in rows {
            let f = r.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 4 else { continue }
            if f[3] == "shown" || f[3] == "required" { positives[f[0], default: []].insert(f[2]) }
        }
        let detector = CompetencyDetector(taxonomy: try Taxonomy.load(path: taxonomyPath), analyzer: FrenchEnglishAnalyzer(phrases: false))
        let docs = try FileManager.default.contentsOfDirectory(atPath: Self.gold.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.filter { Self.isUnseen($0) == unseen }.sorted()
        XCTAssertGreaterThanOrEqual(docs.count, 10)
        var fig = Figures()
        for id in docs {
            let text = try String(contentsOf: Self.gold.appendingPathComponent("docs/\(id).txt"), encoding: .utf8)
            let posting = id.hasPrefix("bg-job-")
            let found = Set(detector.detect(text, as: posting ? .posting : .cv).competencies.filter { !$0.desirable }.map(\.id))
            let gold = positives[id] ?? []
            fig.tp += found.intersection(gold).count
            fig.fp += found.subtracting(gold).count
            fig.fn += gold.subtracting(found).count
        }
        return fig
    }

    func testDetectionOnTheBlindGold() throws {
        let tune = try measure(unseen: false)
        print(String(format: "blind gold detection, tune: precision %.3f recall %.3f (tp %d fp %d fn %d)", tune.precision, tune.recall, tune.tp, tune.fp, tune.fn))
        // The unseen part is printed on request only (BLIND_GOLD_UNSEEN=1), so that tuning never looks at it by accident.
        if ProcessInfo.processInfo.environment["BLIND_GOLD_UNSEEN"] == "1" {
            let unseen = try measure(unseen: true)
            print(String(format: "blind gold detection, unseen: precision %.3f recall %.3f (tp %d fp %d fn %d)",
                         unseen.precision, unseen.recall, unseen.tp, unseen.fp, unseen.fn))
        }
        XCTAssertGreaterThanOrEqual(tune.precision, Self.tunePrecisionFloor)
        XCTAssertGreaterThanOrEqual(tune.recall, Self.tuneRecallFloor)
    }

    func testSplitRule() {
        // Checked against Python's hashlib: sha256("abc") starts with "ba78".
        XCTAssertEqual(String(SHA256.hex(Array("abc".utf8)).prefix(4)), "ba78")
    }
}

/// SHA-256 (FIPS 180-4), only for the split rule of the blind gold.
enum SHA256 {
    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
        0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
        0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
        0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var m = message
        let bits = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for i in (0..<8).reversed() { m.append(UInt8((bits >> (UInt64(i) * 8)) & 0xff)) }
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        for chunk in stride(from: 0, to: m.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 64)
            for i in 0..<16 {
                w[i] = UInt32(m[chunk + 4 * i]) << 24 | UInt32(m[chunk + 4 * i + 1]) << 16 | UInt32(m[chunk + 4 * i + 2]) << 8 | UInt32(m[chunk + 4 * i + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            h = [h[0] &+ a, h[1] &+ b, h[2] &+ c, h[3] &+ d, h[4] &+ e, h[5] &+ f, h[6] &+ g, h[7] &+ hh]
        }
        return h.map { String(format: "%08x", $0) }.joined()
    }
}
