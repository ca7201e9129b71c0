// swift-tools-version:6.0
import PackageDescription

// Module boundaries (one direction of dependency; docs/ARCHITECTURE.md is the map):
//   PasserelleCore (documents, paths, atomic files, user-facing errors: no numbers, no text analysis)
//   CLAPACK (C symbols) ← LinearAlgebra (numbers only)
//   TextAnalysis (text only) ← Competencies (taxonomy, detection)
//   PasserelleCore + LinearAlgebra + TextAnalysis + Competencies ← Passerelle (engine)
//   PasserelleCore ← DocumentReaders (files → documents; a sibling of the engine, linking no BLAS)
//   Passerelle ← PasserelleEvaluation (research: judgments, metrics, baseline retrievers, sweep plot; `eval` only)
//   Passerelle + DocumentReaders + PasserelleEvaluation ← PasserelleApp (application library: queries, explanations,
//     reports, batch runs, the evaluation run)
//     ← PasserelleCLI (the `passerelle` executable: options → PasserelleApp → stdout/files; `eval` names
//       PasserelleEvaluation's metrics and results)
//   PasserelleApp + Hummingbird ← PasserelleServer (`passerelle serve`: HTTP API and page) ← PasserelleCLI
let package = Package(
    name: "Passerelle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "passerelle", targets: ["PasserelleCLI"]),
        .executable(name: "passerelle-bench", targets: ["PasserelleBench"]),
        .library(name: "Passerelle", targets: ["Passerelle"]),
        .library(name: "PasserelleApp", targets: ["PasserelleApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // .docx is a zip of XML parts (DocumentReaders).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `passerelle serve` (PasserelleServer): the HTTP server, and a real HTTP client for its tests.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already under Hummingbird; named for the types the server uses directly (Logger, ByteBuffer errors).
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        // `/metrics` of `passerelle serve` in Prometheus' text format (docs/SERVER.md says why this one).
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CLAPACK", path: "Sources/CLAPACK"),
        // What every layer above shares and nothing below needs: `Document`, `PathKind`, `AtomicFile`,
        // `WriterLock`, `UserFacingError` and the French phrasebooks of errors.
        .target(name: "PasserelleCore"),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACK"]),
        .target(name: "TextAnalysis"),
        .target(name: "Competencies", dependencies: ["TextAnalysis"]),
        .target(name: "Passerelle", dependencies: ["PasserelleCore", "LinearAlgebra", "TextAnalysis", "Competencies"]),
        // Research, apart from the engine: relevance judgments (qrels), ranking metrics, the baseline retrievers
        // (TF-IDF cosine, BM25, plain LSA, hybrids) and the sweep's SVG, measured by `passerelle eval` only.
        // Over the engine (its one fold, its one scorer); the engine knows nothing of it.
        .target(name: "PasserelleEvaluation", dependencies: ["PasserelleCore", "Passerelle", "LinearAlgebra"]),
        .target(name: "DocumentReaders", dependencies: [
            "PasserelleCore",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The application library: what a front end (the CLI, a server, another program) needs beyond the
        // engine — the model provider, queries with their explanations (MatchService), reports and their
        // renderers, the batch run (pipeline, checkpoints, sink, progress events), model editing — with no
        // argument parsing and no terminal.
        .target(name: "PasserelleApp", dependencies: ["PasserelleCore", "Passerelle", "DocumentReaders", "PasserelleEvaluation", "TextAnalysis", "Competencies"]),
        // `passerelle serve`: the HTTP API and the counsellors' page over PasserelleApp (Hummingbird 2).
        .target(name: "PasserelleServer", dependencies: [
            "PasserelleCore", "Passerelle", "DocumentReaders", "PasserelleApp", "TextAnalysis",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        .executableTarget(
            name: "PasserelleCLI",
            dependencies: ["PasserelleCore", "Passerelle", "DocumentReaders", "PasserelleApp", "PasserelleServer",
                           "PasserelleEvaluation", "TextAnalysis", "Competencies",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Stage timings for scripts/benchmarks/bench and scripts/benchmarks/bench-analyzer, outside the product's commands (the
        // analyzer's throughput measurement, `AnalyzerBenchmark`, lives here, not in TextAnalysis), and the diagnostics
        // that are not tests: `svd` (scripts/benchmarks/bench-linalg.sh), `gold-details` (scripts/evaluation/gold-details.sh).
        .executableTarget(name: "PasserelleBench", dependencies: ["PasserelleCore", "Passerelle", "PasserelleApp", "LinearAlgebra", "TextAnalysis",
                                                                  "DocumentReaders", "Competencies",
                                                                  .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Fuzz harness over the readers, the analyzer and the model loader. A normal build gives a replayer of
        // saved inputs; scripts/checks/fuzz.sh builds it with -sanitize=fuzzer (libFuzzer) in .build-fuzz.
        .executableTarget(name: "PasserelleFuzz", dependencies: ["PasserelleCore", "Passerelle", "DocumentReaders", "TextAnalysis", "Competencies"]),
        // What the test targets share (Tests/PasserelleTestSupport): the binary runner, the engine tests' topic
        // corpus (engine and evaluation tests) and the shipped-postings model fixtures, each built once per test process.
        .target(name: "PasserelleTestSupport", dependencies: ["PasserelleCore", "Passerelle", "PasserelleApp", "DocumentReaders", "TextAnalysis", "Competencies"],
                path: "Tests/PasserelleTestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "CLAPACK"]),
        .testTarget(name: "TextAnalysisTests", dependencies: ["TextAnalysis"]),
        .testTarget(name: "CompetenciesTests", dependencies: ["Competencies", "TextAnalysis", "DocumentReaders"]),
        .testTarget(name: "PasserelleCoreTests", dependencies: ["PasserelleCore"]),
        .testTarget(name: "PasserelleTests", dependencies: ["Passerelle", "PasserelleCore", "LinearAlgebra", "TextAnalysis", "Competencies", "PasserelleTestSupport"]),
        .testTarget(name: "PasserelleEvaluationTests", dependencies: ["PasserelleEvaluation", "Passerelle", "PasserelleCore", "LinearAlgebra", "TextAnalysis",
                                                              "PasserelleTestSupport"]),
        .testTarget(name: "PasserelleBenchTests", dependencies: ["PasserelleBench", "TextAnalysis"]),
        .testTarget(name: "DocumentReadersTests", dependencies: ["DocumentReaders", "PasserelleCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "PasserelleAppTests", dependencies: ["PasserelleApp", "Passerelle", "PasserelleCore", "Competencies", "DocumentReaders", "PasserelleTestSupport"]),
        .testTarget(name: "PasserelleServerTests", dependencies: [
            "PasserelleServer", "PasserelleApp", "Passerelle", "PasserelleCore", "DocumentReaders", "PasserelleTestSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "PasserelleCLITests", dependencies: ["PasserelleCLI", "PasserelleApp", "Passerelle", "PasserelleCore", "PasserelleTestSupport", "DocumentReaders",
                                                       .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    ],
    swiftLanguageModes: [.v6]
)
