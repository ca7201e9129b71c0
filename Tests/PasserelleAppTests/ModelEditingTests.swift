import Foundation
import XCTest
import DocumentReaders
import Passerelle
import PasserelleApp

/// Adding and removing postings through the application library: persisted to the model file, refused
/// with the model left as it was when the change makes no sense.
final class ModelEditingTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testAddThenRemoveIsPersistedAndBadChangesLeaveTheModelAsItWas() throws {
        let home = try ProjectHome.locate(from: Self.root)
        let resources = try home.resources()
        let postings = try DocumentReader().read(paths: [home.postings.path]).documents
        let settings = EngineSetup.defaultSettings(resources: resources)
        let pipeline = try EngineSetup.pipeline(settings: settings, resources: resources)
        let model = try LSAModel.fit(postings: Array(postings.dropLast(2)), featurizer: pipeline.featurizer, settings: settings, resources: resources)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.plm").path
        try ModelFile.write(model, to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        var loaded = try ModelProvider.load(path: path, forWriting: true)
        // A duplicate id: refused, naming where it came from; the file is untouched.
        XCTAssertThrowsError(try ModelEditing.add([postings[0]], sources: ["x.jsonl"], to: &loaded)) { error in
            XCTAssertTrue("\(error)".contains("x.jsonl") && "\(error)".contains(postings[0].id), "\(error)")
        }
        XCTAssertEqual(ModelEditing.takenID([postings[0]], sources: ["x.jsonl"], in: loaded),
                       ModelEditing.DuplicatePostingID(id: postings[0].id, inModel: true, modelPath: path, source: "x.jsonl: "))
        // Two new postings sharing an id: refused before anything is folded (the same check the server runs
        // on a request's postings); the file is untouched.
        let twice = [postings[postings.count - 1], postings[postings.count - 1]]
        XCTAssertNil(ModelEditing.takenID(twice, in: loaded))
        XCTAssertThrowsError(try ModelEditing.add(twice, to: &loaded)) { error in
            XCTAssertEqual(error as? ModelEditing.DuplicatePostingID,
                           ModelEditing.DuplicatePostingID(id: twice[0].id, inModel: false, modelPath: path, source: ""))
            XCTAssertEqual("\(error)", "duplicate posting id '\(twice[0].id)' among the postings added; give each its own id")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertNil(ModelEditing.repeatedID(Array(postings.suffix(2))))
        try ModelEditing.add(Array(postings.suffix(2)), to: &loaded)
        loaded.lock?.release()
        XCTAssertEqual(try ModelProvider.load(path: path).model.postingCount, postings.count)

        var again = try ModelProvider.load(path: path, forWriting: true)
        XCTAssertEqual(try ModelEditing.remove(ids: [postings[0].id, postings[0].id], from: &again), [postings[0].id])
        XCTAssertThrowsError(try ModelEditing.remove(ids: ["no-such-posting"], from: &again))
        XCTAssertThrowsError(try ModelEditing.remove(ids: again.model.postings.ids, from: &again)) { error in
            XCTAssertTrue("\(error)".contains("no posting"), "\(error)")
        }
        again.lock?.release()
        let reloaded = try ModelProvider.load(path: path).model
        XCTAssertEqual(reloaded.postingCount, postings.count - 1)
        XCTAssertNil(reloaded.postingIndex(id: postings[0].id))
    }

    /// Postings prepared (checked and folded) against one snapshot and committed to a later one of the same
    /// fit give the change log and the answers of a plain `add`; prepared against another fit (the model file
    /// replaced meanwhile) they are folded again; an id taken meanwhile is refused at the commit.
    func testPreparedPostingsCommitToALaterSnapshotOrAreFoldedAgainForAnotherFit() throws {
        let home = try ProjectHome.locate(from: Self.root)
        let resources = try home.resources()
        let postings = try DocumentReader().read(paths: [home.postings.path]).documents
        let settings = EngineSetup.defaultSettings(resources: resources)
        let pipeline = try EngineSetup.pipeline(settings: settings, resources: resources)
        let model = try LSAModel.fit(postings: Array(postings.dropLast(3)), featurizer: pipeline.featurizer, settings: settings, resources: resources)
        var other = settings
        other.dimensions = max(2, settings.dimensions / 2)
        let otherFit = try LSAModel.fit(postings: Array(postings.dropLast(3)), featurizer: pipeline.featurizer, settings: other, resources: resources)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-prepare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, b, c) = (postings[postings.count - 3], postings[postings.count - 2], postings[postings.count - 1])

        // Plain adds, one after the other: the reference log.
        let plain = folder.appendingPathComponent("plain.plm").path
        try ModelFile.write(model, to: plain)
        var reference = try ModelProvider.load(path: plain, forWriting: true)
        try ModelEditing.add([a], to: &reference)
        try ModelEditing.add([b], to: &reference)
        reference.lock?.release()

        // b prepared against the snapshot before a was added, committed after it.
        let early = folder.appendingPathComponent("early.plm").path
        try ModelFile.write(model, to: early)
        var loaded = try ModelProvider.load(path: early, forWriting: true)
        let prepared = try ModelEditing.prepare([b], against: loaded)
        let sameA = try ModelEditing.prepare([a], against: loaded)
        try ModelEditing.add(sameA, to: &loaded)
        try ModelEditing.add(prepared, to: &loaded)
        // A prepared posting whose id was taken since is refused at the commit, the log untouched.
        let logBefore = try Data(contentsOf: URL(fileURLWithPath: early + ".log"))
        XCTAssertThrowsError(try ModelEditing.add(prepared, to: &loaded)) { error in
            XCTAssertEqual((error as? ModelEditing.DuplicatePostingID)?.id, b.id, "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: early + ".log")), logBefore)
        loaded.lock?.release()
        let viaPrepared = try ModelProvider.load(path: early).model, viaPlain = try ModelProvider.load(path: plain).model
        XCTAssertEqual(viaPrepared.postings.ids, viaPlain.postings.ids)
        XCTAssertEqual(viaPrepared.postingVectors.values, viaPlain.postingVectors.values)
        XCTAssertEqual(viaPrepared.termIndex, viaPlain.termIndex)

        // Prepared against another fit: folded again by the model it is committed to.
        let otherPath = folder.appendingPathComponent("other.plm").path
        try ModelFile.write(otherFit, to: otherPath)
        let foreign = try ModelEditing.prepare([c], against: try ModelProvider.load(path: otherPath))
        let target = folder.appendingPathComponent("target.plm").path
        try ModelFile.write(model, to: target)
        var onTarget = try ModelProvider.load(path: target, forWriting: true)
        XCTAssertFalse(onTarget.model.foldToken.matches(otherFit))
        try ModelEditing.add(foreign, to: &onTarget)
        onTarget.lock?.release()
        let added = try ModelProvider.load(path: target).model
        let expected = try model.additions(of: [c], featurizer: pipeline.featurizer)[0].vector
        XCTAssertEqual(added.postingVector(added.postingIndex(id: c.id)!), expected)
    }
}
