import Foundation
import XCTest
import PasserelleTestSupport

/// The faults a probe found (issue 11) through the CLI: concurrent writers, special files and symbolic links
/// given to --out, failing stdout, huge option values, misleading errors, leftovers. Each case gives one
/// clear line naming the file and a non-zero exit, never a crash, and loses nothing.
final class FaultTests: XCTestCase {
    nonisolated(unsafe) static var modelBytes = Data()
    static let cv = CLI.packageRoot.appendingPathComponent("Data/candidates/cv-fr-design.txt").path
    static let candidates = CLI.packageRoot.appendingPathComponent("Data/candidates").path

    override class func setUp() {
        super.setUp()
        modelBytes = (try? Data(contentsOf: URL(fileURLWithPath: CLI.shippedModelPath))) ?? Data()
    }

    var dir: URL!
    override func setUp() { dir = CLI.temporaryDirectory() }
    override func tearDown() {
        // Folders made read-only or unreadable by a test are given back first.
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        try? FileManager.default.removeItem(at: dir)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// A copy of the shipped model that a test may change.
    func modelCopy(_ name: String = "m.plm") throws -> String {
        try Self.modelBytes.write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    /// A program run with its stdout sent to `stdout` (a file handle) or captured, stderr captured.
    func run(_ executable: String, _ arguments: [String], stdout: FileHandle? = nil) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = CLI.packageRoot
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PASSERELLE_HOME")
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = stdout ?? out
        process.standardError = err
        try process.run()
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let group = DispatchGroup()
        if stdout == nil {
            group.enter()
            DispatchQueue.global().async { box.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: box.data, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `passerelle ARGS` run by bash after `setup` (ulimit, redirections); `"$@"` are the arguments.
    func runInShell(_ setup: String, _ arguments: [String]) throws -> CLI.Result {
        try run("/bin/bash", ["-c", "\(setup); exec \"$0\" \"$@\"", CLI.binary.path] + arguments)
    }

    /// `passerelle ARGS` run as an unprivileged user (nobody), so that permissions apply even when the
    /// tests run as root; skipped when that is not possible.
    func runUnprivileged(_ arguments: [String]) throws -> CLI.Result {
        if getuid() != 0 { return try CLI.run(arguments) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw XCTSkip("running as root without setpriv: permissions do not apply") }
        return try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary.path] + arguments)
    }

    /// Exit 1 (or `status`), nothing on stdout, one line on stderr mentioning each of `mentions`, no crash.
    func assertRefused(_ r: CLI.Result, mentioning mentions: [String], status: Int32 = 1, _ context: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, status, "\(context): \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stdout.isEmpty, "\(context): \(r.stdout)", file: file, line: line)
        for m in mentions { XCTAssertTrue(r.stderr.contains(m), "\(context): '\(m)' not in \(r.stderr)", file: file, line: line) }
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(context): one clear line: \(r.stderr)", file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Fatal error") || r.stderr.contains("try!"), "\(context): \(r.stderr)", file: file, line: line)
    }

    func postingIDs(_ model: String) throws -> [String] {
        let info = try CLI.run(["info", "--model", model, "--format", "json", "--ids"])
        XCTAssertEqual(info.status, 0, info.stderr)
        return try XCTUnwrap(try CLI.json(info.stdout)["posting_ids"] as? [String])
    }

    func hiddenFiles(_ folder: String? = nil) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder ?? dir.path)) ?? []).filter { $0.hasPrefix(".") }.sorted()
    }

    // MARK: 1. Lost update

    /// Four `add`s of distinct postings on one model at once: every posting is in the model at the end
    /// (before the writers' lock, each read the old model and the last rename kept only its own posting).
    func testConcurrentAddsAndRemovesOnOneModelLoseNothing() throws {
        let model = try modelCopy()
        let before = try postingIDs(model)
        var processes = [Process]()
        for i in 1 ... 4 {
            let file = try write("p\(i).jsonl", "{\"id\": \"concurrent-\(i)\", \"title\": \"Poste \(i)\", \"text\": \"Médiation culturelle, ateliers et concertation citoyenne avec les habitants, poste \(i).\"}\n")
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["add", file, "--model", model]
            process.currentDirectoryURL = CLI.packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            processes.append(process)
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit(); XCTAssertEqual(p.terminationStatus, 0) }
        let after = try postingIDs(model)
        XCTAssertEqual(Set(after), Set(before).union((1 ... 4).map { "concurrent-\($0)" }), "every concurrent add kept")
        XCTAssertEqual(after.count, before.count + 4)

        // Removes at once, each of other postings: all of them gone.
        processes = (1 ... 4).map { i in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["remove", "concurrent-\(i)", "--model", model]
            process.currentDirectoryURL = CLI.packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit(); XCTAssertEqual(p.terminationStatus, 0) }
        XCTAssertEqual(try postingIDs(model), before)
        // The lock file stays beside the model (empty); no temporary is left.
        XCTAssertEqual(hiddenFiles(), [".m.plm.lock"])
    }

    /// While another process holds the writers' lock, `--no-wait` fails at once with a clear line; without
    /// it, the writer waits and then succeeds. Readers are not blocked. The lock is held until the test lets
    /// it go (no race with a timer, whatever the machine's load).
    func testAWriterWaitsForTheLockOrFailsClearlyWithNoWaitAndReadersDoNot() throws {
        let model = try modelCopy()
        // flock(1) holds the same lock as a writer would, until a line arrives on its standard input.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { throw XCTSkip("no flock(1)") }
        let release = Pipe()
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [path(".m.plm.lock"), "/bin/sh", "-c", "read line; echo held"]
        holder.standardInput = release
        let held = Pipe()
        holder.standardOutput = held
        try holder.run()
        defer { try? release.fileHandleForWriting.close(); holder.waitUntilExit() }
        // Wait until the lock is held: `flock -n LOCK true` fails then (it changes nothing).
        func lockIsHeld() throws -> Bool {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            probe.arguments = ["-n", path(".m.plm.lock"), "true"]
            try probe.run()
            probe.waitUntilExit()
            return probe.terminationStatus != 0
        }
        try Wait.until("flock(1) to hold \(path(".m.plm.lock"))", every: 0.05) { try lockIsHeld() }
        let refused = try CLI.run(["remove", "seed-region-design", "--model", model, "--no-wait"])
        assertRefused(refused, mentioning: ["m.plm", "another passerelle", "--no-wait"], "remove --no-wait")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), Self.modelBytes)
        let reader = try CLI.run(["info", "--model", model])
        XCTAssertEqual(reader.status, 0, reader.stderr)
        XCTAssertTrue(holder.isRunning, "the reader did not wait for the lock")
        // A writer without --no-wait says it waits, and is still waiting while the lock is held.
        let waiter = Process()
        waiter.executableURL = CLI.binary
        waiter.arguments = ["remove", "seed-region-design", "--model", model]
        waiter.currentDirectoryURL = CLI.packageRoot
        let said = ChildOutput()
        waiter.standardError = said.pipe
        waiter.standardOutput = FileHandle.nullDevice
        try waiter.run()
        defer { if waiter.isRunning { kill(waiter.processIdentifier, SIGKILL) } }
        try said.wait(for: "waiting for another passerelle")
        XCTAssertTrue(waiter.isRunning, "the writer did not wait for the lock")
        try release.fileHandleForWriting.write(contentsOf: Data("go\n".utf8))
        let stderr = said.whole()
        waiter.waitUntilExit()
        XCTAssertEqual(waiter.terminationStatus, 0, stderr)
        XCTAssertFalse(try postingIDs(model).contains("seed-region-design"))
    }

    // MARK: 2. --out on special files and symbolic links; stale temporaries; read-only folders

    func testOutRefusesDevicesPipesAndFoldersAndLeavesThemAlone() throws {
        let model = try modelCopy()
        let fifo = path("pipe.json")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        // A character device of our own (the same as /dev/null), never the system's.
        let device = path("null")
        let haveDevice = mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0   // major 1, minor 3
        let folder = path("folder.json")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var targets = [(fifo, "named pipe"), (folder, "folder")]
        if haveDevice { targets.append((device, "character device")) }
        let shard = path("shard.jsonl")
        let batchOut = try CLI.run(["batch", "--model", model, "--candidates", Self.candidates, "--quiet", "--top", "2", "--out", shard])
        XCTAssertEqual(batchOut.status, 0, batchOut.stderr)
        for (target, kind) in targets {
            let name = (target as NSString).lastPathComponent
            for command in [["rank", "--cv", Self.cv, "--model", model, "--out", target],
                            ["similar", "seed-region-design", "--model", model, "--out", target],
                            ["index", CLI.packageRoot.appendingPathComponent("Data/postings").path, "--out", target, "--dims", "5"],
                            ["batch", "--model", model, "--candidates", Self.candidates, "--quiet", "--out", target],
                            ["merge", shard, "--out", target]] {
                let r = try CLI.run(command)
                XCTAssertEqual(r.status, 1, "\(command[0]) --out \(name): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains(name) && r.stderr.contains(kind), "\(command[0]) --out \(name): \(r.stderr)")
                XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr)
            }
        }
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the named pipe is still one")
        if haveDevice {
            XCTAssertEqual(lstat(device, &info), 0)
            XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "the device is still one")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
        XCTAssertEqual(hiddenFiles().filter { $0.contains(".tmp-") }, [], "no temporary left")
    }

    /// `--out link` replaces the file the link points to; the link stays a link.
    func testOutWritesThroughASymbolicLink() throws {
        let model = try modelCopy()
        let shard = path("shard.jsonl")
        XCTAssertEqual(try CLI.run(["batch", "--model", model, "--candidates", Self.candidates, "--quiet", "--top", "2", "--out", shard]).status, 0)
        let targets = dir.appendingPathComponent("targets")
        try FileManager.default.createDirectory(at: targets, withIntermediateDirectories: true)
        for (name, command) in [("report.json", ["rank", "--cv", Self.cv, "--model", model, "--format", "json"]),
                                ("new.plm", ["index", CLI.packageRoot.appendingPathComponent("Data/postings").path, "--dims", "5"]),
                                ("batch.jsonl", ["batch", "--model", model, "--candidates", Self.candidates, "--quiet", "--top", "2"]),
                                ("merged.jsonl", ["merge", shard])] {
            let target = targets.appendingPathComponent(name).path
            try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
            let link = path("link-" + name)
            // A relative link, as users make them.
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "targets/" + name)
            let r = try CLI.run(command + ["--out", link])
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "targets/" + name, "\(name): the link stays a link")
            XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: target)), Data("old\n".utf8), "\(name): the target was replaced")
            if name == "new.plm" { XCTAssertEqual(try CLI.run(["info", "--model", link]).status, 0) }
        }
        XCTAssertEqual(hiddenFiles(targets.path).filter { $0.contains(".tmp-") }, [], "no temporary left")
    }

    /// Temporaries left by killed writers (`.M.plm.tmp-PID`, PID gone) are removed by the next write of the
    /// same model file (here `compact`); one of a running process is left alone.
    func testStaleTemporariesOfKilledWritersAreRemovedByTheNextWrite() throws {
        let model = try modelCopy("M.plm")
        // A PID that has just ended.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let stale = path(".M.plm.tmp-\(gone.processIdentifier)")
        try Data(count: 4096).write(to: URL(fileURLWithPath: stale))
        let running = path(".M.plm.tmp-\(getpid())")   // this test process is alive
        try Data("in progress".utf8).write(to: URL(fileURLWithPath: running))
        let other = path(".other.plm.tmp-\(gone.processIdentifier)")   // another target's: not ours to judge
        try Data("x".utf8).write(to: URL(fileURLWithPath: other))
        // `remove` appends to the model's change log; `compact` writes the model file itself.
        let r = try CLI.run(["remove", "seed-region-design", "--model", model])
        XCTAssertEqual(r.status, 0, r.stderr)
        let c = try CLI.run(["compact", "--model", model])
        XCTAssertEqual(c.status, 0, c.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "the stale temporary is removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: running), "a running writer's temporary is kept")
        XCTAssertTrue(FileManager.default.fileExists(atPath: other))
    }

    /// A folder the user cannot write: the error gives the system's reason and the folder; nothing is left.
    func testAReadOnlyFolderSaysPermissionDeniedAndNamesTheFolder() throws {
        let model = try modelCopy()
        let out = path("report.json")
        XCTAssertEqual(try CLI.run(["info", "--model", model]).status, 0)
        for command in [["rank", "--cv", Self.cv, "--model", model, "--out", out],
                        ["index", Self.cv, "--out", path("new.plm"), "--dims", "2"],
                        ["add", Self.cv, "--model", model],
                        ["remove", "seed-region-design", "--model", model]] {
            let r = try runUnprivileged(command)
            assertRefused(r, mentioning: ["permission denied", dir.path], "\(command[0]) in a read-only folder")
            XCTAssertTrue(r.stderr.contains("report.json") || r.stderr.contains("new.plm") || r.stderr.contains("m.plm"), r.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), Self.modelBytes)
        XCTAssertEqual(hiddenFiles().filter { $0.contains(".tmp-") }, [])
    }

    /// A write that fails half way (the file size limit stands for a full disk: EFBIG instead of ENOSPC)
    /// leaves the old model and no temporary; `batch --out` keeps only complete rows.
    func testAWriteFailingHalfWayLeavesNoTemporaryAndNoCutRow() throws {
        let model = try modelCopy()
        // 64 KiB: the model (about 800 KB) cannot be written whole.
        let index = try runInShell("ulimit -f 64; trap '' XFSZ", ["index", CLI.packageRoot.appendingPathComponent("Data/postings").path, "--out", model])
        XCTAssertEqual(index.status, 1, index.stderr)
        XCTAssertTrue(index.stderr.contains("m.plm") && index.stderr.contains("File too large".lowercased()), index.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), Self.modelBytes, "the old model is left")
        XCTAssertEqual(hiddenFiles().filter { $0.contains(".tmp-") }, [], "no temporary left")

        // batch --out: small blocks, a limit cutting the output; what is there is whole rows only.
        let out = path("rows.jsonl")
        let batch = try runInShell("ulimit -f 4; trap '' XFSZ", ["batch", "--model", model, "--candidates", Self.candidates, "--quiet",
                                                                 "--block-size", "2", "--top", "10", "--out", out])
        XCTAssertEqual(batch.status, 1, batch.stderr)
        XCTAssertTrue(batch.stderr.contains("rows.jsonl"), batch.stderr)
        // The rows go to FILE.partial, FILE only once complete (issue 23); a partial file left (with a
        // checkpoint, for --resume) holds whole rows only.
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "FILE appears only when the run completes")
        let text = (try? String(contentsOfFile: out + ".partial", encoding: .utf8)) ?? ""
        XCTAssertTrue(text.isEmpty || text.hasSuffix("\n"), "a cut row is left: …\(text.suffix(80))")
        for line in text.split(separator: "\n") {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), "not a whole row: \(line.prefix(80))")
        }
    }

    // MARK: 3. A failing stdout

    func testAFailingStdoutIsOneErrorLineAndExit1() throws {
        let model = CLI.shippedModelPath
        let commands = [["rank", "--cv", Self.cv, "--model", model],
                        ["rank", "--cv", Self.cv, "--model", model, "--format", "json"],
                        ["similar", "seed-region-design", "--model", model, "--format", "csv"],
                        ["info", "--ids", "--model", model],
                        ["analyze", Self.cv]]
        for command in commands {
            let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
            let r = try run(CLI.binary.path, command, stdout: full)
            assertRefused(r, mentioning: ["cannot write the output", "No space left on device"], "\(command.prefix(4)) > /dev/full")
            let closed = try runInShell("exec >&-", command)
            assertRefused(closed, mentioning: ["cannot write the output", "standard output is closed"], "\(command.prefix(4)) >&-")
        }
    }

    // MARK: 4. Large options

    func testNumericOptionsAreBoundedBeforeAnyAllocationWithTheLimitsInTheHelp() throws {
        let model = CLI.shippedModelPath
        let shard = path("shard.jsonl")
        XCTAssertEqual(try CLI.run(["batch", "--model", model, "--candidates", Self.candidates, "--quiet", "--top", "2", "--out", shard]).status, 0)
        let huge = "9223372036854775807"
        let cases: [([String], String)] = [
            (["batch", "--model", model, "--candidates", Self.candidates, "--top", "100000000"], "--top must be in 1…10000"),
            (["batch", "--model", model, "--candidates", Self.candidates, "--top", huge], "--top must be in 1…10000"),
            (["batch", "--model", model, "--candidates", Self.candidates, "--shard", "\(huge)/\(huge)"], "--shard must be i/n with 1 ≤ i ≤ n ≤ 100000"),
            (["batch", "--model", model, "--candidates", Self.candidates, "--shard", "1/100001"], "--shard must be"),
            (["batch", "--model", model, "--candidates", Self.candidates, "--block-size", huge], "--block-size must be in"),
            (["batch", "--model", model, "--candidates", Self.candidates, "--fold-threads", "100000"], "--fold-threads must be in"),
            (["batch", "--model", model, "--candidates", Self.candidates, "--max-file-size", huge], "--max-record-size (--max-file-size) must be in"),
            (["rank", "--cv", Self.cv, "--model", model, "--top", "1000000"], "--top must be in 1…10000"),
            (["similar", "seed-region-design", "--model", model, "--top", huge], "--top must be in 1…10000"),
            (["merge", shard, "--top", huge], "--top must be in 1…10000"),
            (["index", Self.cv, "--out", path("x.plm"), "--dims", huge], "--dims must be in 1…2000"),
            (["index", Self.cv, "--out", path("x.plm"), "--min-df", huge], "--min-df must be in"),
            (["eval", "--model", model, "--qrels", shard, "--task", "similar", "--depth", huge], "--depth must be in"),
            (["eval", "--model", model, "--qrels", shard, "--task", "similar", "--sweep", "2,\(huge)"], "--sweep"),
        ]
        for (arguments, message) in cases {
            let r = try CLI.run(arguments)
            XCTAssertNotEqual(r.status, 0, arguments.joined(separator: " "))
            XCTAssertNotEqual(r.status, 132, arguments.joined(separator: " "))
            XCTAssertNotEqual(r.status, 134, arguments.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(message), "\(arguments.joined(separator: " ")): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.plm")))
        // The limits are stated in --help.
        for (command, text) in [("rank", "(1…10000"), ("batch", "100000)"), ("index", "1…2000"), ("merge", "(1…10000")] {
            let help = try CLI.run([command, "--help"])
            XCTAssertTrue(help.stdout.contains(text), "\(command) --help: \(help.stdout)")
        }
        // The largest allowed --top on a small pool is fine.
        let r = try CLI.run(["batch", "--model", model, "--candidates", Self.candidates, "--quiet", "--top", "10000", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    // MARK: 5. Misleading errors

    func testUnreadableSpecialAndLoopingInputsSayWhatTheyAre() throws {
        let model = CLI.shippedModelPath
        let fifo = path("cv.txt")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: path("a.txt"), withDestinationPath: path("b.txt"))
        try FileManager.default.createSymbolicLink(atPath: path("b.txt"), withDestinationPath: path("a.txt"))
        for (file, what) in [(fifo, "is a named pipe, not a regular file"), (path("a.txt"), "too many levels of symbolic links")] {
            let name = (file as NSString).lastPathComponent
            for command in [["rank", "--cv", file, "--model", model], ["index", file, "--out", path("x.plm")],
                            ["add", file, "--model", try modelCopy()], ["analyze", file],
                            ["batch", "--model", model, "--candidates", file]] {
                assertRefused(try CLI.run(command), mentioning: [name, what], "\(command[0]) \(name)")
            }
        }
        // A model that is a named pipe, a folder or a loop: says so, never "rebuild".
        let modelPipe = path("pipe.plm")
        XCTAssertEqual(mkfifo(modelPipe, 0o644), 0)
        try FileManager.default.createDirectory(atPath: path("folder.plm"), withIntermediateDirectories: true)
        for (file, what) in [(modelPipe, "is a named pipe, not a regular file"), (path("folder.plm"), "is a folder, not a regular file"),
                             (path("a.txt"), "too many levels of symbolic links")] {
            for command in [["rank", "--cv", Self.cv], ["info"], ["add", Self.cv], ["remove", "seed-region-design"]] {
                let r = try CLI.run(command + ["--model", file])
                assertRefused(r, mentioning: [(file as NSString).lastPathComponent, what], "\(command[0]) --model \(file)")
                XCTAssertFalse(r.stderr.contains("rebuild"), r.stderr)
            }
        }
    }

    /// Unreadable files (as an unprivileged user when the tests run as root): "permission denied", and a
    /// model that cannot be read is never said to need a rebuild.
    func testUnreadableFilesSayPermissionDeniedAndAnUnreadableModelIsNotCalledDamaged() throws {
        let secret = path("secret.txt")
        try FileManager.default.copyItem(atPath: Self.cv, toPath: secret)
        let model = try modelCopy("secret.plm")
        for file in [secret, model] { try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: file) }
        let readable = try modelCopy("open.plm")
        let r = try runUnprivileged(["rank", "--cv", secret, "--model", readable])
        assertRefused(r, mentioning: ["secret.txt", "permission denied"], "unreadable CV")
        for command in [["rank", "--cv", Self.cv], ["info"]] {
            let m = try runUnprivileged(command + ["--model", model])
            assertRefused(m, mentioning: ["secret.plm", "cannot read the model file", "permission denied"], "unreadable model")
            XCTAssertFalse(m.stderr.contains("rebuild") || m.stderr.contains("malformed"), m.stderr)
        }
    }

    func testUTF16WithABOMIsReadAsText() throws {
        let text = try String(contentsOfFile: Self.cv, encoding: .utf8)
        var little = Data([0xFF, 0xFE]), big = Data([0xFE, 0xFF])
        for unit in text.utf16 {
            little.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)])
            big.append(contentsOf: [UInt8(unit >> 8), UInt8(unit & 0xFF)])
        }
        try little.write(to: URL(fileURLWithPath: path("cv-le.txt")))
        try big.write(to: URL(fileURLWithPath: path("cv-be.txt")))
        func matches(_ file: String) throws -> [String] {
            let r = try CLI.run(["rank", "--cv", file, "--model", CLI.shippedModelPath, "--format", "json", "--top", "5"])
            XCTAssertEqual(r.status, 0, r.stderr)
            return try XCTUnwrap(try CLI.json(r.stdout)["matches"] as? [[String: Any]]).map { "\($0["id"]!) \($0["score"]!)" }
        }
        let expected = try matches(Self.cv)
        XCTAssertEqual(try matches(path("cv-le.txt")), expected)
        XCTAssertEqual(try matches(path("cv-be.txt")), expected)
        try Data([0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]).write(to: URL(fileURLWithPath: path("cv32.txt")))
        assertRefused(try CLI.run(["rank", "--cv", path("cv32.txt"), "--model", CLI.shippedModelPath]),
                      mentioning: ["cv32.txt", "UTF-32 text is not supported; save it as UTF-8"], "UTF-32")
    }

    func testNonStringIDsInJSONLinesAreRefusedWithFileAndLine() throws {
        let good = "{\"id\": \"ok\", \"text\": \"Médiation culturelle, ateliers et concertation citoyenne avec les habitants.\"}"
        for (value, kind) in [("true", "not true"), ("12", "not a number"), ("[\"a\"]", "not an array"), ("{\"a\": 1}", "not an object")] {
            let file = try write("ids.jsonl", good + "\n{\"id\": \(value), \"text\": \"Concertation citoyenne et ateliers participatifs.\"}\n")
            assertRefused(try CLI.run(["index", file, "--out", path("x.plm"), "--dims", "2"]),
                          mentioning: ["ids.jsonl:2:", "\"id\" must be a string", kind], "id \(value)")
        }
        let title = try write("title.jsonl", "{\"id\": \"t\", \"title\": false, \"text\": \"Concertation citoyenne et ateliers.\"}\n")
        assertRefused(try CLI.run(["index", title, "--out", path("x.plm")]), mentioning: ["title.jsonl:1:", "\"title\" must be a string"], "title false")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.plm")))
    }

    // MARK: 6. remove

    func testRemoveCountsEachIDOnceAndRefusesToEmptyTheModel() throws {
        let model = try modelCopy()
        let before = try postingIDs(model)
        let twice = try CLI.run(["remove", "seed-region-design", "seed-region-design", "--model", model])
        XCTAssertEqual(twice.status, 0, twice.stderr)
        XCTAssertTrue(twice.stderr.contains("removed 1 posting from") && twice.stderr.contains("(\(before.count - 1) left)"), twice.stderr)
        let rest = before.filter { $0 != "seed-region-design" }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        assertRefused(try CLI.run(["remove"] + rest + ["--model", model]), mentioning: ["m.plm", "would leave the model with no posting"], "remove all")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), bytes, "the model is left as it was")
    }
}

/// Posting texts are checked one by one when an explanation quotes them (model format 3): a damaged text
/// is an error naming the model, never an explanation silently missing its evidence.
final class DamagedPostingTextTests: XCTestCase {
    func testADamagedPostingTextFailsTheExplanationClearly() throws {
        let folder = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("m.plm").path
        try FileManager.default.copyItem(atPath: CLI.shippedModelPath, toPath: model)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: model)))
        // Forty bytes from the middle of a posting's text, stored verbatim once (in the texts section):
        // flip one of them.
        let text = Array(try String(contentsOf: CLI.packageRoot.appendingPathComponent("Data/postings/seed-exeko-pratiques.txt"), encoding: .utf8).utf8)
        let phrase = Array(text[(text.count / 2) ..< (text.count / 2 + 40)])
        let hits = (0 ..< (bytes.count - phrase.count)).filter { i in bytes[i ..< i + phrase.count].elementsEqual(phrase) }
        XCTAssertEqual(hits.count, 1)
        let at = try XCTUnwrap(hits.first) + 20
        bytes[at] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: model))

        let info = try CLI.run(["info", "--model", model])
        XCTAssertEqual(info.status, 0, "loading does not read the posting texts: \(info.stderr)")
        let rank = try CLI.run(["rank", "--cv", "Data/candidates/cv-fr-mediation.txt", "--model", model, "--format", "json"])
        XCTAssertEqual(rank.status, 1, rank.stdout)
        XCTAssertTrue(rank.stderr.contains(model) && rank.stderr.contains("corrupted"), rank.stderr)
        XCTAssertTrue(rank.stdout.isEmpty, "no partial report")
    }
}
