import Foundation
import XCTest
import Competencies
import DocumentReaders
@testable import Passerelle
@testable import PasserelleApp
import PasserelleCore
import PasserelleTestSupport

/// Explanations read the postings' profiles a model file stores (`StoredProfiles`, `PostingProfileCache`):
/// the same bytes as computing them; a stale fingerprint falls back to computing; a compaction keeps the
/// stored ones and profiles the added postings; an unreadable stored profile is an error naming the model.
final class StoredProfileUseTests: XCTestCase {
    var folder: URL!
    override func setUp() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-stored-profiles-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    /// The fitted model of the shipped postings but the last `heldBack` (`LiveModelTests.fitted`), as read.
    func fitted(heldBack: Int = 2) throws -> (model: LSAModel, pipeline: Pipeline, held: [Document]) {
        let (bytes, held) = try LiveModelTests.fitted(heldBack: heldBack)
        let model = try ModelFile.decode(bytes, path: "fitted.plm")
        return (model, try EngineSetup.pipeline(settings: model.settings, resources: model.resources), held)
    }

    func write(_ model: LSAModel, _ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try ModelFile.write(model, to: path)
        return path
    }

    func cvs() throws -> [Document] {
        try DocumentReader().read(paths: [TestFixtures.candidates.path, TestFixtures.packageRoot.appendingPathComponent("Data/judged-cvs").path]).documents
    }

    /// rank's JSON for each CV (top 10, the language rule's window profiled), as every front end renders it.
    func answers(_ path: String, _ cvs: [Document]) throws -> [String] {
        let service = MatchService(loaded: try ModelProvider.load(path: path))
        return try cvs.map { cv in
            try ReportRenderer.render(try service.report(command: "rank", queries: [try service.rank(cv: cv, file: "cv.txt", options: QueryOptions(top: 10))]),
                                      format: .json, style: .plain, width: 100).replacingOccurrences(of: path, with: "MODEL")
        }
    }

    func testRankAnswersTheSameBytesFromStoredProfilesAsFromComputedOnes() throws {
        let (model, pipeline, _) = try fitted()
        let withProfiles = try write(try StoredProfiles.storing(model, pipeline: pipeline), "stored.plm")
        let without = try write(model, "computed.plm")
        let loaded = try ModelProvider.load(path: withProfiles)
        XCTAssertEqual(ModelDescription(loaded: loaded).postingProfiles, "stored")
        XCTAssertEqual(ModelDescription(loaded: loaded).postingProfilesStored, model.postingCount)
        XCTAssertEqual(ModelDescription(loaded: try ModelProvider.load(path: without)).postingProfiles, "not stored")
        let cvs = try cvs()
        XCTAssertGreaterThan(cvs.count, 30)
        let stored = try answers(withProfiles, cvs), computed = try answers(without, cvs)
        XCTAssertEqual(stored.count, computed.count)
        for (i, (a, b)) in zip(stored, computed).enumerated() where Array(a.utf8) != Array(b.utf8) {
            XCTFail("\(cvs[i].id): rank's JSON differs with the stored profiles")
        }
        // The answers do quote the postings' evidence.
        XCTAssertGreaterThan(stored.joined().components(separatedBy: "\"posting_evidence\"").count, 300)
    }

    /// Each posting's stored profile replaced by a marker: read when the fingerprint is the running binary's,
    /// ignored (computed from the text) when it is another's.
    func testAStoredProfileIsReadOnlyUnderTheRunningDetectorsFingerprint() throws {
        let (model, pipeline, _) = try fitted()
        let detector = try XCTUnwrap(pipeline.detector)
        let marker = Evidence(start: 0, end: 6, quote: "MARKER", quoteMatchStart: 0, quoteMatchEnd: 6)
        let markerProfile = TextProfile(stored: CompetencyProfile(competencies: [CompetencyMatch(id: "facilitation", count: 1, weight: 0.25, evidence: [marker])],
                                                                  languages: []),
                                        writtenIn: ["fr"], displayLanguage: .fr, yearsAsked: 42, eligibilityAsked: nil)
        var blobs = [[UInt8]]()
        for i in 0 ..< model.postingCount {
            blobs.append(StoredProfiles.encode(markerProfile, text: try XCTUnwrap(model.postings.checkedText(at: i))))
        }
        let current = try XCTUnwrap(pipeline.profileFingerprint)
        for (fingerprint, read) in [(current, true), (current.replacingOccurrences(of: "detector \(StoredProfiles.detectorVersion)", with: "detector 0"), false),
                                    (current + "0", false)] {
            var marked = model
            marked.postings.setProfiles(StringTable(byteStrings: blobs), fingerprint: fingerprint)
            let loaded = try ModelProvider.load(path: try write(marked, "marked.plm"))
            XCTAssertEqual(ModelDescription(loaded: loaded).postingProfiles, read ? "stored" : "stale", fingerprint)
            for i in [0, model.postingCount / 2, model.postingCount - 1] {
                let profile = try PostingProfileCache(loaded: loaded).profile(i)
                let expected = read ? markerProfile : StoredProfiles.compute(try XCTUnwrap(model.postings.checkedText(at: i)), detector: detector)
                XCTAssertEqual(ProfileDump.lines(profile), ProfileDump.lines(expected), "\(fingerprint) posting \(i)")
            }
        }
    }

    func testACompactionKeepsTheStoredProfilesAndProfilesTheAddedPostings() throws {
        let (model, pipeline, held) = try fitted(heldBack: 2)
        let detector = try XCTUnwrap(pipeline.detector)
        let stored = try StoredProfiles.storing(model, pipeline: pipeline)
        let path = try write(stored, "m.plm")
        var loaded = try ModelProvider.load(path: path, forWriting: true)
        defer { loaded.lock?.release() }
        try ModelEditing.add(held, to: &loaded)
        // Before the compaction the added postings have none (computed when shown).
        XCTAssertEqual(loaded.model.postings.storedProfileCount, model.postingCount)
        XCTAssertEqual(try PostingProfileCache(loaded: loaded).profile(model.postingCount).competencies,
                       StoredProfiles.compute(held[0].text, detector: detector).competencies)
        try LiveModel.compact(&loaded)
        let after = try ModelFile.read(from: path)
        XCTAssertEqual(after.postingCount, model.postingCount + held.count)
        XCTAssertEqual(after.postings.storedProfileCount, after.postingCount)
        for i in 0 ..< model.postingCount { XCTAssertEqual(after.postings.storedProfile(at: i), stored.postings.storedProfile(at: i)) }
        for (j, document) in held.enumerated() {
            let i = model.postingCount + j
            let decoded = try XCTUnwrap(StoredProfiles.decode(try XCTUnwrap(after.postings.storedProfile(at: i)), text: document.text))
            XCTAssertEqual(ProfileDump.lines(decoded), ProfileDump.lines(StoredProfiles.compute(document.text, detector: detector)))
        }
    }

    func testAnUnreadableStoredProfileIsAnErrorNamingTheModel() throws {
        let (model, pipeline, _) = try fitted()
        var broken = model
        broken.postings.setProfiles(StringTable(byteStrings: Array(repeating: [0xff, 0xff], count: model.postingCount)),
                                    fingerprint: try XCTUnwrap(pipeline.profileFingerprint))
        let path = try write(broken, "broken.plm")
        let service = MatchService(loaded: try ModelProvider.load(path: path))
        let cv = Document(id: "cv", title: "", text: "Médiation culturelle, animation d'ateliers avec les publics, concertation citoyenne, accueil des scolaires.")
        XCTAssertThrowsError(try service.rank(cv: cv, file: "cv.txt", options: QueryOptions(top: 5))) { error in
            guard case .malformed(let p, let what)? = error as? ModelFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(p, path)
            XCTAssertTrue(what.contains("PPRF"), what)
        }
    }
}
