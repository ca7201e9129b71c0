import Foundation
import XCTest
import DocumentReaders
import Passerelle
import PasserelleApp
import PasserelleCore

/// The libraries are usable from outside: everything below goes through public API alone (no
/// `@testable`), as another program — a server, a notebook bridge — would: read postings, fit and write
/// a model, load it through the application library, rank postings for a CV, explain the first match by
/// its terms.
final class PublicAPITests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testRanksPostingsForACVThroughThePublicAPIAlone() throws {
        let home = try ProjectHome.locate(from: Self.root)
        let resources = try home.resources()
        let postings = try DocumentReader().read(paths: [home.postings.path]).documents
        XCTAssertGreaterThan(postings.count, 40)
        let settings = EngineSetup.defaultSettings(resources: resources)
        let pipeline = try EngineSetup.pipeline(settings: settings, resources: resources)
        let model = try LSAModel.fit(postings: postings, featurizer: pipeline.featurizer, settings: settings, resources: resources)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.plm").path
        try ModelFile.write(model, to: path)

        final class Notices: @unchecked Sendable {  // appended under the lock
            let lock = NSLock()
            var messages = [String]()
        }
        let notices = Notices()
        let loaded = try ModelProvider.load(path: path, notice: { message in notices.lock.lock(); notices.messages.append(message); notices.lock.unlock() })
        XCTAssertEqual(loaded.model.postingCount, postings.count)
        let cv = try DocumentReader().read(file: home.candidates.appendingPathComponent("cv-fr-mediation.txt").path).documents[0]
        let matcher = Matcher(model: loaded.model, featurizer: loaded.featurizer)
        let (query, matches) = try matcher.rank(text: cv.text, name: cv.id, top: 5)
        XCTAssertEqual(matches.count, 5)
        XCTAssertEqual(matches.map(\.rank), [1, 2, 3, 4, 5])
        XCTAssertTrue(matches.map(\.score) == matches.map(\.score).sorted(by: >))
        // A mediation CV's best posting is a mediation role.
        XCTAssertTrue(matches[0].id.contains("media") || matches[0].id.contains("exeko") || matches[0].id.contains("philo"), matches[0].id)
        let terms = matcher.contributions(of: query, postingIndex: matches[0].index)
        XCTAssertEqual(terms.map(\.contribution).reduce(0, +), matches[0].score, accuracy: 1e-4)
        XCTAssertTrue(notices.messages.isEmpty, "loading a given model file says nothing: \(notices.messages)")

        // The application library's one query path: the same answer, explained and rendered, as `rank` prints.
        let service = MatchService(loaded: loaded)
        let ranked = try service.rank(cv: cv, file: nil, options: QueryOptions(top: 5, ignoreLanguageFit: true))
        XCTAssertEqual(ranked.matches.map(\.match.id), matches.map(\.id))
        XCTAssertEqual(ranked.matches.map(\.match.score), matches.map(\.score))
        XCTAssertFalse(ranked.matches[0].explanation.shared.isEmpty, "a mediation CV shares competencies with its best posting")
        let report = try service.report(command: "rank", queries: [ranked])
        let json = try JSONSerialization.jsonObject(with: Data(try ReportRenderer.render(report, format: .json).utf8)) as? [String: Any]
        let first = (json?["matches"] as? [[String: Any]])?.first
        XCTAssertEqual(first?["id"] as? String, matches[0].id)
        XCTAssertNotNil(first?["competencies"])
        // With the language rule (the default), the scores are similarity × factor, best first.
        let ruled = try service.rank(cv: cv, file: nil, options: QueryOptions(top: 5))
        XCTAssertTrue(ruled.matches.map(\.match.score) == ruled.matches.map(\.match.score).sorted(by: >))
        let similar = try service.similar(postingID: matches[0].id, options: QueryOptions(top: 3))
        XCTAssertEqual(similar.matches.count, 3)
        XCTAssertFalse(similar.matches.contains { $0.match.id == matches[0].id }, "a posting is not similar to itself")
    }

    /// Errors of every layer carry a message a user can act on, through one protocol.
    func testErrorsAreUserFacing() throws {
        XCTAssertThrowsError(try DocumentReader().read(file: "/nonexistent/cv.txt")) { error in
            let message = (error as? UserFacingError)?.userMessage ?? ""
            XCTAssertTrue(message.contains("/nonexistent/cv.txt"), message)
        }
        XCTAssertThrowsError(try ModelProvider.load(path: "/nonexistent/m.plm")) { error in
            XCTAssertTrue(error is UserFacingError, "\(error)")
        }
        XCTAssertEqual(UserError("x: cannot read").userMessage, "x: cannot read")
    }
}
