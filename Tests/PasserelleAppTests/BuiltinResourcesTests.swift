import XCTest
import Passerelle
@testable import PasserelleApp

/// Where the taxonomy and the term list come from (issue 30): the project's Data/, else the installed
/// share folder beside the binary, else the build tree the binary was built in.
final class BuiltinResourcesTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("builtin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    private func write(_ text: String, _ relative: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func testInstalledShareFolderBesideTheBinary() throws {
        try write("taxonomy", "usr/share/passerelle/competencies.tsv")
        try write("lexicon", "usr/share/passerelle/lexicon/esco-en-fr.tsv")
        let found = try BuiltinResources.locate(home: nil, executable: root.appendingPathComponent("usr/bin/passerelle"))
        XCTAssertEqual(found.texts[EngineSetup.taxonomyResource], "taxonomy")
        XCTAssertEqual(found.texts[EngineSetup.lexiconResource], "lexicon")
        XCTAssertEqual(found.location(of: EngineSetup.taxonomyResource)?.origin, .installed)
    }

    func testTheProjectOverridesTheInstalledCopyResourceByResource() throws {
        try write("installed taxonomy", "usr/share/passerelle/competencies.tsv")
        try write("installed lexicon", "usr/share/passerelle/lexicon/esco-en-fr.tsv")
        try write("project taxonomy", "project/Data/competencies.tsv")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("project/Data/postings"), withIntermediateDirectories: true)
        let home = ProjectHome(root: root.appendingPathComponent("project"))
        let found = try BuiltinResources.locate(home: home, executable: root.appendingPathComponent("usr/bin/passerelle"))
        XCTAssertEqual(found.texts[EngineSetup.taxonomyResource], "project taxonomy")
        XCTAssertEqual(found.location(of: EngineSetup.taxonomyResource)?.origin, .project)
        // The project has no lexicon: the installed one, not none.
        XCTAssertEqual(found.texts[EngineSetup.lexiconResource], "installed lexicon")
        XCTAssertEqual(found.location(of: EngineSetup.lexiconResource)?.origin, .installed)
    }

    func testTheBuildTreeOfABinaryRunFromItsBuildFolder() throws {
        try write("// swift-tools-version:6.0", "tree/Package.swift")
        try write("tree taxonomy", "tree/Data/competencies.tsv")
        let exe = root.appendingPathComponent("tree/.build/x86_64-unknown-linux-gnu/release/passerelle")
        let found = try BuiltinResources.locate(home: nil, executable: exe)
        XCTAssertEqual(found.texts[EngineSetup.taxonomyResource], "tree taxonomy")
        XCTAssertEqual(found.location(of: EngineSetup.taxonomyResource)?.origin, .buildTree)
        XCTAssertNil(found.texts[EngineSetup.lexiconResource])
        XCTAssertTrue(found.summary.contains { $0.hasPrefix(EngineSetup.lexiconResource) && $0.contains("not found") }, "\(found.summary)")
    }

    func testNothingFoundForABinaryOutsideAnyTreeOrPrefix() throws {
        let found = try BuiltinResources.locate(home: nil, executable: root.appendingPathComponent("bin/passerelle"))
        XCTAssertTrue(found.texts.isEmpty)
        XCTAssertNil(BuiltinResources.buildTree(of: root.appendingPathComponent("x/.build/debug/passerelle")))
    }

    func testAnUnreadableResourceIsAnErrorNotASilentSkip() throws {
        try write("taxonomy", "usr/share/passerelle/competencies.tsv")
        let url = root.appendingPathComponent("usr/share/passerelle/competencies.tsv")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: url.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path) }
        if getuid() == 0 { throw XCTSkip("root reads a file of mode 000") }
        XCTAssertThrowsError(try BuiltinResources.locate(home: nil, executable: root.appendingPathComponent("usr/bin/passerelle")))
    }
}
