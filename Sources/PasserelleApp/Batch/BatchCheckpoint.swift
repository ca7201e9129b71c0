import Foundation
import Passerelle
import PasserelleCore

/// The state of an interrupted `batch --out FILE` run, in the sidecar `FILE.checkpoint`.
///
/// Written after a block's candidate rows are flushed and fsynced, through a temporary file and a
/// rename, so the file on disk always describes a prefix of the output that is really there: on
/// `--resume` the output is cut back to `outputBytes` (dropping rows written after the checkpoint) and
/// scoring continues at record `processed` with the postings' heaps as saved. Nothing is lost, nothing
/// is written twice. Layout (little-endian): magic "PSRLBCKP", UInt32 version, UInt32 JSON length,
/// JSON `State`, UInt32 candidate-name count, names (UInt32 length + UTF-8, id then title), UInt32
/// posting count, per posting UInt32 count and (UInt32 name index, UInt32 score bits) entries, then the
/// UInt64 checksum of everything before.
public struct BatchCheckpoint {
    public struct State: Codable, Equatable {
        /// Identifies the run (model, candidates, shard, top, format): a checkpoint of another run is refused.
        public var fingerprint: String
        /// Records of the shard consumed (scored, unscored or skipped).
        public var processed: Int
        public var outputBytes: Int
        public var candidateRows: Int
        public var scored: Int
        public var unscored: Int
        public var skipped: Int

        public init(fingerprint: String, processed: Int, outputBytes: Int, candidateRows: Int, scored: Int, unscored: Int, skipped: Int) {
            self.fingerprint = fingerprint; self.processed = processed; self.outputBytes = outputBytes
            self.candidateRows = candidateRows; self.scored = scored; self.unscored = unscored; self.skipped = skipped
        }
    }

    public var state: State
    public var rankings: [[CandidateScore]]

    public init(state: State, rankings: [[CandidateScore]]) { self.state = state; self.rankings = rankings }

    public static let magic = Array("PSRLBCKP".utf8)
    public static let version: UInt32 = 1

    public static func path(forOutput out: String) -> String { out + ".checkpoint" }

    /// Where the rows of a run in progress go (`FILE.partial`), renamed over FILE when the run completes;
    /// the checkpoint's `outputBytes` counts this file.
    public static func partialPath(forOutput out: String) -> String { out + ".partial" }

    public func encoded() throws -> Data {
        var data = Data(Self.magic)
        data.appendUInt32(Self.version)
        let json = try JSONEncoder().encode(state)
        data.appendUInt32(UInt32(json.count))
        data.append(json)
        var nameIndex = [String: UInt32]()
        var names = [(String, String)]()
        for list in rankings { for e in list where nameIndex[e.id] == nil { nameIndex[e.id] = UInt32(names.count); names.append((e.id, e.title)) } }
        data.appendUInt32(UInt32(names.count))
        for (id, title) in names { data.appendString(id); data.appendString(title) }
        data.appendUInt32(UInt32(rankings.count))
        for list in rankings {
            data.appendUInt32(UInt32(list.count))
            for e in list { data.appendUInt32(nameIndex[e.id]!); data.appendUInt32(e.score.bitPattern) }
        }
        var sum = ModelFile.checksum(data).littleEndian
        withUnsafeBytes(of: &sum) { data.append(contentsOf: $0) }
        return data
    }

    /// Through the one atomic writer: a kill leaves the previous checkpoint or this one, never half of one.
    public func write(to path: String) throws { try AtomicFile.write(try encoded(), to: path) }

    /// The checkpoint at `path`, nil when there is none; a damaged one is an error naming the file.
    public static func read(from path: String) throws -> BatchCheckpoint? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("\(path): cannot read the checkpoint", french: "\(path) : impossible de lire le point de reprise") }
        let damaged = UserError("\(path): the checkpoint is damaged; delete it and run without --resume",
                                french: "\(path) : le point de reprise est endommagé ; supprimez-le et relancez sans --resume")
        guard data.count >= 24, Array(data.prefix(8)) == magic else { throw damaged }
        let body = data.prefix(data.count - 8)
        var sum: UInt64 = 0
        withUnsafeMutableBytes(of: &sum) { $0.copyBytes(from: data.suffix(8)) }
        guard ModelFile.checksum(Data(body)) == UInt64(littleEndian: sum) else { throw damaged }
        var reader = ByteReader(data: Data(body), offset: 8)
        guard let v = reader.uint32(), v == version, let jsonLength = reader.uint32(), let json = reader.bytes(Int(jsonLength)),
              let state = try? JSONDecoder().decode(State.self, from: json), let nameCount = reader.uint32() else { throw damaged }
        var names = [(String, String)]()
        for _ in 0 ..< nameCount {
            guard let id = reader.string(), let title = reader.string() else { throw damaged }
            names.append((id, title))
        }
        guard let postings = reader.uint32() else { throw damaged }
        var rankings = [[CandidateScore]]()
        for _ in 0 ..< postings {
            guard let count = reader.uint32() else { throw damaged }
            var list = [CandidateScore]()
            for _ in 0 ..< count {
                guard let i = reader.uint32(), Int(i) < names.count, let bits = reader.uint32() else { throw damaged }
                list.append(CandidateScore(id: names[Int(i)].0, title: names[Int(i)].1, score: Float(bitPattern: bits)))
            }
            rankings.append(list)
        }
        return BatchCheckpoint(state: state, rankings: rankings)
    }
}

private struct ByteReader {
    let data: Data
    var offset: Int
    mutating func uint32() -> UInt32? {
        guard offset + 4 <= data.count else { return nil }
        var v: UInt32 = 0
        withUnsafeMutableBytes(of: &v) { $0.copyBytes(from: data[(data.startIndex + offset) ..< (data.startIndex + offset + 4)]) }
        offset += 4
        return UInt32(littleEndian: v)
    }
    mutating func bytes(_ n: Int) -> Data? {
        guard n >= 0, offset + n <= data.count else { return nil }
        defer { offset += n }
        return data[(data.startIndex + offset) ..< (data.startIndex + offset + n)]
    }
    mutating func string() -> String? {
        guard let n = uint32(), let b = bytes(Int(n)) else { return nil }
        return String(data: b, encoding: .utf8)
    }
}

private extension Data {
    mutating func appendUInt32(_ v: UInt32) { var x = v.littleEndian; Swift.withUnsafeBytes(of: &x) { append(contentsOf: $0) } }
    mutating func appendString(_ s: String) { let b = Array(s.utf8); appendUInt32(UInt32(b.count)); append(contentsOf: b) }
}
