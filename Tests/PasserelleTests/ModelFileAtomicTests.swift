import XCTest
@testable import Passerelle
import PasserelleCore

/// The one atomic writer (`AtomicFile`) and the writers' lock (`WriterLock`) under the faults of issue 11:
/// special files, symbolic links, stale temporaries, failures half way, a model that cannot be read.
final class ModelFileAtomicTests: XCTestCase {
    var dir: URL!
    override func setUp() { dir = temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() }

    func testASymbolicLinkIsWrittenThroughAndStaysALink() throws {
        try Data("old".utf8).write(to: URL(fileURLWithPath: path("target")))
        try FileManager.default.createSymbolicLink(atPath: path("link"), withDestinationPath: "target")
        try FileManager.default.createSymbolicLink(atPath: path("link2"), withDestinationPath: path("link"))
        try AtomicFile.write(Data("new".utf8), to: path("link2"))
        XCTAssertEqual(try String(contentsOfFile: path("target"), encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("link")), "target")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path("link2")), path("link"))
        // A dangling link: the file it names is created.
        try FileManager.default.createSymbolicLink(atPath: path("dangling"), withDestinationPath: "created")
        try AtomicFile.write(Data("made".utf8), to: path("dangling"))
        XCTAssertEqual(try String(contentsOfFile: path("created"), encoding: .utf8), "made")
        XCTAssertEqual(names(), ["created", "dangling", "link", "link2", "target"])
    }

    func testSpecialFilesFoldersAndLinkLoopsAreRefusedAndLeftAlone() throws {
        XCTAssertEqual(mkfifo(path("pipe"), 0o644), 0)
        try FileManager.default.createDirectory(atPath: path("folder"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path("to-pipe"), withDestinationPath: "pipe")
        try FileManager.default.createSymbolicLink(atPath: path("a"), withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: path("b"), withDestinationPath: "a")
        for (name, reason) in [("pipe", "it is a named pipe, not a regular file"), ("folder", "it is a folder"),
                               ("to-pipe", "is a named pipe, not a regular file"), ("a", "too many levels of symbolic links")] {
            XCTAssertThrowsError(try AtomicFile.write(Data("x".utf8), to: path(name))) { error in
                let e = error as? FileWriteError
                XCTAssertEqual(e?.path, path(name))
                XCTAssertTrue(e?.reason.contains(reason) == true, "\(name): \(error)")
            }
        }
        var info = stat()
        XCTAssertEqual(lstat(path("pipe"), &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
        XCTAssertEqual(lstat(path("to-pipe"), &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK)
        XCTAssertEqual(names(), ["a", "b", "folder", "pipe", "to-pipe"], "no temporary left")
        // The model writer says the same through its own error.
        XCTAssertThrowsError(try ModelFile.write(try TestCorpus.model(), to: path("pipe"))) { error in
            guard case ModelFileError.writeFailed(_, let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("named pipe"), why)
        }
    }

    func testStaleTemporariesAreRemovedAndAnAbandonedWriteLeavesNothing() throws {
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        try Data("old".utf8).write(to: URL(fileURLWithPath: path("m.plm")))
        try Data().write(to: URL(fileURLWithPath: path(".m.plm.tmp-\(gone.processIdentifier)")))
        try Data().write(to: URL(fileURLWithPath: path(".m.plm.tmp-1")))   // PID 1 is alive
        try Data().write(to: URL(fileURLWithPath: path(".m.plm.tmp-notapid")))
        XCTAssertEqual(AtomicFile.staleTemporaries(of: path("m.plm")), [path(".m.plm.tmp-\(gone.processIdentifier)")])
        // Dropped without commit (an error half way): the target and the folder are as before.
        var writer: AtomicFile.Writer? = try AtomicFile.Writer(path: path("m.plm"))
        try writer!.write(Data(count: 1000))
        XCTAssertTrue(FileManager.default.fileExists(atPath: writer!.temporaryPath))
        writer = nil
        XCTAssertEqual(names(), [".m.plm.tmp-1", ".m.plm.tmp-notapid", "m.plm"])
        XCTAssertEqual(try String(contentsOfFile: path("m.plm"), encoding: .utf8), "old")
        // A full write keeps the mode of the file it replaces.
        chmod(path("m.plm"), 0o600)
        try AtomicFile.write(Data("new".utf8), to: path("m.plm"))
        var info = stat()
        XCTAssertEqual(stat(path("m.plm"), &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        // A missing folder is said so, unless asked to create it.
        XCTAssertThrowsError(try AtomicFile.write(Data(), to: path("no/such/x"))) { XCTAssertTrue("\($0)".contains("does not exist"), "\($0)") }
        try AtomicFile.write(Data("x".utf8), to: path("made/here/x"), createFolders: true)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("made/here/x")))
    }

    func testTheWritersLockIsExclusiveAndReleased() throws {
        let first = try WriterLock(for: path("m.plm"))
        XCTAssertEqual(first.lockPath, path(".m.plm.lock"))
        XCTAssertThrowsError(try WriterLock(for: path("m.plm"), wait: false)) { error in
            XCTAssertTrue("\(error)".contains("another passerelle is changing it"), "\(error)")
        }
        // Through a symbolic link: the same lock, beside the file really written.
        try FileManager.default.createSymbolicLink(atPath: path("link.plm"), withDestinationPath: "m.plm")
        XCTAssertThrowsError(try WriterLock(for: path("link.plm"), wait: false))
        first.release()
        let second = try WriterLock(for: path("link.plm"), wait: false)
        XCTAssertEqual(second.lockPath, path(".m.plm.lock"))
    }

    func testAModelThatCannotBeReadIsNotCalledDamaged() throws {
        XCTAssertEqual(mkfifo(path("pipe.plm"), 0o644), 0)
        try FileManager.default.createDirectory(atPath: path("folder.plm"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path("a.plm"), withDestinationPath: "b.plm")
        try FileManager.default.createSymbolicLink(atPath: path("b.plm"), withDestinationPath: "a.plm")
        XCTAssertThrowsError(try ModelFile.read(from: path("pipe.plm"))) {
            XCTAssertEqual($0 as? ModelFileError, .notARegularFile(path: path("pipe.plm"), kind: "a named pipe"))
        }
        XCTAssertThrowsError(try ModelFile.read(from: path("folder.plm"))) {
            XCTAssertEqual($0 as? ModelFileError, .notARegularFile(path: path("folder.plm"), kind: "a folder"))
        }
        XCTAssertThrowsError(try ModelFile.read(from: path("a.plm"))) { error in
            guard case ModelFileError.unreadable(_, let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("too many levels of symbolic links"), why)
            XCTAssertFalse("\(error)".contains("rebuild"), "\(error)")
        }
    }
}
