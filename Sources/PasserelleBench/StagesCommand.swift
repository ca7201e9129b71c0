import ArgumentParser
import Foundation
import PasserelleApp
import LinearAlgebra
import Passerelle
import DocumentReaders
import PasserelleCore

/// Times the engine's stages separately, in one process, for scripts/benchmarks/bench (which runs scikit-learn on
/// the same files and prints the ratios). Prints one JSON object on stdout.
struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Time vectorize, SVD, model write/load, fold-in, score+top-k and rank-one-CV (used by scripts/benchmarks/bench)."
    )

    @Option(name: .long, help: "Postings, JSON Lines.") var postings: String
    @Option(name: .long, parsing: .singleValue, help: "Candidate pools, JSON Lines (repeatable).") var candidates: [String] = []
    @Option(name: .long) var analyzer: String = "plain"
    @Option(name: .long) var dims: Int = 200
    @Option(name: .customLong("min-df")) var minDF: Int = 2
    @Option(name: .long) var powerIterations: Int = 5
    @Option(name: .long) var top: Int = 10
    @Option(name: .long, help: "Repetitions of each stage (medians are reported).") var repeats: Int = 3
    @Option(name: .customLong("model-out"), help: "Where to write the model.") var modelOut: String
    @Option(name: .customLong("top-out"), help: "Prefix of files receiving each pool's top-N posting ids per candidate (JSON).") var topOut: String?
    @Flag(name: .customLong("reuse-model"), help: "Skip indexing when --model-out exists (time loading, fold-in, scoring only).") var reuseModel = false
    @Option(name: .customLong("rank-queries"), help: "CVs ranked one at a time for the rank-one-CV median.") var rankQueries: Int = 100

    func run() throws {
        try reportingErrors {
            guard let identifier = AnalyzerCatalog.names[analyzer] else { throw UserError("unknown analyzer '\(analyzer)'") }
            let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
            BLASThreads.set(cores)
            var out = [String: Any]()
            // The machine's sgemm rate moves with the other work on a shared box: measured at the start,
            // before each scoring stage and at the end; the best is the peak.
            var peaks = [sgemmPeak()]
            let settings = BuildSettings(dimensions: dims, tfidf: TFIDFSettings(minDF: minDF), seed: 42, powerIterations: powerIterations,
                                         analyzer: identifier, storesPostingText: false)
            let featurizer = try EngineSetup.pipeline(settings: settings, resources: [:]).featurizer
            var loaded: LSAModel
            if reuseModel && FileManager.default.fileExists(atPath: modelOut) {
                loaded = try ModelFile.read(from: modelOut)
                out["postings"] = loaded.postingCount
            } else {
                let postingDocs = try readAll(postings)
                out["postings"] = postingDocs.count
                let texts = postingDocs.map(\.text)

                // The analyzer alone, one thread, on up to 2,000 postings (MB of UTF-8 per second).
                let sample = Array(texts.prefix(2000))
                let a0 = monotonicSeconds()
                var terms = 0
                for t in sample { terms += featurizer.features(of: t).count }
                out["analyzer_mb_s"] = Double(sample.reduce(0) { $0 + $1.utf8.count }) / 1e6 / (monotonicSeconds() - a0)
                out["analyzer_terms"] = terms

                // Index: vectorize, then SVD + posting vectors; peak memory after the first repetition.
                var vectorize = [Double](), svdTimes = [Double]()
                var model: LSAModel? = nil
                for r in 0 ..< max(1, repeats) {
                    let t0 = monotonicSeconds()
                    let (vectorizer, a) = try TFIDFVectorizer.fit(count: texts.count, settings: settings.tfidf) { featurizer.features(of: texts[$0]) }
                    let t1 = monotonicSeconds()
                    let svd = try TruncatedSVD(components: dims, oversamples: settings.oversamples, powerIterations: powerIterations, seed: settings.seed).fit(a)
                    var vectors = a.multiplied(by: svd.v).transposed()
                    VectorOps.normalizeColumns(&vectors)
                    let t2 = monotonicSeconds()
                    vectorize.append(t1 - t0)
                    svdTimes.append(t2 - t1)
                    if r == 0 {
                        out["index_peak_mb"] = peakMegabytes()
                        out["vocabulary"] = vectorizer.vocabularySize
                        out["nonzeros"] = a.nonZeroCount
                        out["dimensions"] = svd.v.cols
                        out["text_mb"] = Double(texts.reduce(0) { $0 + $1.utf8.count }) / 1e6
                        model = LSAModel(settings: settings, vectorizer: vectorizer, basis: svd.v, singularValues: svd.singularValues,
                                         explainedVarianceRatio: svd.explainedVarianceRatio, postingVectors: vectors,
                                         postings: PostingStore(documents: postingDocs, storeText: false))
                    }
                }
                out["vectorize_s"] = median(vectorize)
                out["svd_s"] = median(svdTimes)
                loaded = model!
                model = nil
                let w0 = monotonicSeconds()
                try ModelFile.write(loaded, to: modelOut)
                out["write_s"] = monotonicSeconds() - w0
            }

            // Model file: written once, loaded repeatedly.
            var loads = [Double]()
            for _ in 0 ..< 5 {
                let l0 = monotonicSeconds()
                loaded = try ModelFile.read(from: modelOut)
                loads.append(monotonicSeconds() - l0)
            }
            out["load_s"] = median(loads)
            out["model_mb"] = Double((try? FileManager.default.attributesOfItem(atPath: modelOut)[.size] as? Int) ?? 0) / 1e6

            // Pools: fold-in, then score + top-N both ways (sgemm + selection), BLAS on all cores.
            var pools = [[String: Any]]()
            for (p, path) in candidates.enumerated() {
                let docs = try readAll(path)
                var result: [String: Any] = ["candidates": docs.count]
                let block = BatchScorer.defaultBlockCapacity
                var folds = [Double](), scores = [Double](), flops = 0.0
                let r0 = monotonicSeconds()
                let basisRows = BasisRows(loaded)
                result["basis_transpose_s"] = monotonicSeconds() - r0
                var tops = [[Int]]()
                for r in 0 ..< max(1, repeats) {
                    let f0 = monotonicSeconds()
                    var blocks = [FoldedBlock]()
                    var start = 0
                    while start < docs.count {
                        blocks.append(try BatchScorer.fold(Array(docs[start ..< min(docs.count, start + block)]), model: loaded,
                                                           featurizer: featurizer, minimumKnownTerms: 1, threads: cores, basisRows: basisRows))
                        start += block
                    }
                    folds.append(monotonicSeconds() - f0)
                    var scorer = BatchScorer(model: loaded, top: top, blockCapacity: block, scanThreads: cores)
                    if r == 0 {
                        let now = sgemmPeak()
                        peaks.append(now)
                        result["sgemm_before_gflops"] = now
                    }
                    let s0 = monotonicSeconds()
                    var lists = [[Int]]()
                    for b in blocks {
                        for rows in scorer.score(b) { lists.append(rows?.map(\.index) ?? []) }
                    }
                    _ = scorer.postingRankings()
                    scores.append(monotonicSeconds() - s0)
                    flops = scorer.flops
                    if r == 0 {
                        tops = lists
                        result["sgemm_s"] = scorer.sgemmSeconds
                        result["select_s"] = scorer.selectSeconds
                    }
                }
                result["fold_s"] = median(folds)
                result["score_topk_s"] = median(scores)
                result["score_gflops"] = flops / median(scores) / 1e9
                result["peak_mb"] = peakMegabytes()
                if let topOut {
                    let ids = tops.map { $0.map { loaded.postings.ids[$0] } }
                    let file = "\(topOut)-\(p).json"
                    try JSONSerialization.data(withJSONObject: ids).write(to: URL(fileURLWithPath: file))
                    result["top_file"] = file
                }
                pools.append(result)
            }
            out["pools"] = pools

            // Rank one CV with the model loaded: analysis, fold-in, one product, top-N.
            if let first = candidates.first {
                let docs = Array(try readAll(first).prefix(max(1, rankQueries)))
                let matcher = Matcher(model: loaded, featurizer: featurizer, minimumKnownTerms: 1)
                var times = [Double]()
                for d in docs {
                    let r0 = monotonicSeconds()
                    _ = try? matcher.rank(text: d.text, name: d.id, top: top)
                    times.append(monotonicSeconds() - r0)
                }
                out["rank_one_ms"] = 1000 * median(times)
            }
            peaks.append(sgemmPeak())
            out["sgemm_peak_gflops"] = peaks.max()!
            out["sgemm_samples_gflops"] = peaks
            out["peak_mb"] = peakMegabytes()
            let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
            try standardOutput(String(decoding: data, as: UTF8.self))
        }
    }

    func readAll(_ path: String) throws -> [Document] {
        let source = try CandidateSource(paths: [path], reader: DocumentReader(maxFileSize: 1 << 30))
        var docs = [Document]()
        try source.forEach(in: 0 ..< Int.max) { _, d, _ in if let d { docs.append(d) }; return true }
        return docs
    }
}

/// Best of three 1536³ sgemm on OpenBLAS's current threads, in GFLOP/s: the sgemm rate of the machine at that moment.
func sgemmPeak() -> Double {
    let n = 1536
    var g = SeededGenerator(seed: 1)
    let a = DenseMatrix(rows: n, cols: n, values: g.gaussians(count: n * n))
    let b = DenseMatrix(rows: n, cols: n, values: g.gaussians(count: n * n))
    var best = 0.0
    for _ in 0 ..< 3 {
        let t0 = monotonicSeconds()
        _ = a.multiplied(by: b)
        best = max(best, 2 * Double(n * n * n) / (monotonicSeconds() - t0) / 1e9)
    }
    return best
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// This process's resident set now, in MiB.
func residentMegabytes() -> Double { Double(ProcessMemory.residentBytes() ?? 0) / 1_048_576 }

/// Peak resident memory of this process so far (getrusage; Linux reports kilobytes).
func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}
