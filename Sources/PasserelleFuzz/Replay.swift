import Foundation

#if !PASSERELLE_LIBFUZZER
/// Without libFuzzer (a normal `swift build`): replays the inputs given as files or folders of files, e.g.
/// the seed corpus or a crash file libFuzzer saved, so a crash can be debugged in a plain build.
/// scripts/checks/fuzz.sh builds with `-D PASSERELLE_LIBFUZZER -sanitize=fuzzer`, where libFuzzer owns `main`.
@main
struct Replay {
    static func main() {
        var files = [String]()
        for argument in CommandLine.arguments.dropFirst() {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
                FileHandle.standardError.write(Data("PasserelleFuzz: \(argument): no such file or folder\n".utf8))
                exit(2)
            }
            if isFolder.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                files += names.sorted().map { (argument as NSString).appendingPathComponent($0) }
            } else {
                files.append(argument)
            }
        }
        if files.isEmpty {
            print("usage: PasserelleFuzz FILE|FOLDER… (replays fuzz inputs; scripts/checks/fuzz.sh runs the fuzzer)")
            return
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            FuzzTargets.run(data)
        }
        print("PasserelleFuzz: replayed \(files.count) input\(files.count == 1 ? "" : "s") without a crash")
    }
}
#endif
