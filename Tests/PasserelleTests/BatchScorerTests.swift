import XCTest
import LinearAlgebra
@testable import Passerelle
import PasserelleCore

/// Batch scoring against brute force: every candidate's top-N postings and every posting's top-N
/// candidates equal those found from the full score matrix, whatever the block size and thread count.
final class BatchScorerTests: XCTestCase {
    /// Candidates drawn from the test corpus' topics, with a few exact duplicates (ties) and a few too
    /// short to score.
    func pool(count: Int) -> [Document] {
        var docs = [Document]()
        var state: UInt64 = 987
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        for c in 0 ..< count {
            let words = TestCorpus.topics[next() % TestCorpus.topics.count]
            var text = (0 ..< 12).map { _ in words[next() % words.count] }
            let other = TestCorpus.topics[next() % TestCorpus.topics.count]
            text += (0 ..< 3).map { _ in other[next() % other.count] }
            docs.append(Document(id: String(format: "cv-%04d", (c * 7919) % 10007), title: "CV \(c)", text: text.joined(separator: " ")))
        }
        // Two exact copies of candidate 0's text under other ids: equal scores, broken by id.
        docs.append(Document(id: "zz-copy", title: "copy", text: docs[0].text))
        docs.append(Document(id: "aa-copy", title: "copy", text: docs[0].text))
        docs.append(Document(id: "short", title: "too short", text: "zzqx"))   // no term the model knows
        return docs
    }

    /// Brute force: fold every candidate alone (through Matcher) and take its exact score against every
    /// posting from `rank`'s path (`Matcher.top` over all postings: the hybrid latent + term score, rescored
    /// exactly), then sort fully — batch must equal rank bit for bit.
    func bruteForce(model: LSAModel, candidates: [Document], top: Int) -> (perCandidate: [String: [ScoredIndex]], perPosting: [[CandidateScore]]) {
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        var perCandidate = [String: [ScoredIndex]]()
        var perPosting = [[CandidateScore]](repeating: [], count: model.postingCount)
        for d in candidates {
            guard let q = try? matcher.fold(d.text, name: d.id) else { continue }
            var scores = [ScoredIndex]()
            for m in matcher.top(for: q, count: model.postingCount) {
                scores.append(ScoredIndex(index: m.index, score: m.score))
                perPosting[m.index].append(CandidateScore(id: d.id, title: d.title, score: m.score))
            }
            scores.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
            perCandidate[d.id] = Array(scores.prefix(top))
        }
        return (perCandidate, perPosting.map { CandidateScore.best($0, count: top) })
    }

    func run(model: LSAModel, candidates: [Document], top: Int, blockCapacity: Int, foldBlock: Int, scanThreads: Int, tile: Int = 4096)
        throws -> (perCandidate: [String: [ScoredIndex]], perPosting: [[CandidateScore]], unscored: [String]) {
        var scorer = BatchScorer(model: model, top: top, blockCapacity: blockCapacity, scanThreads: scanThreads)
        scorer.scanTile = tile
        scorer.parallelThreshold = 0
        var perCandidate = [String: [ScoredIndex]](), unscored = [String]()
        var start = 0
        while start < candidates.count {
            let docs = Array(candidates[start ..< min(candidates.count, start + foldBlock)])
            let block = try BatchScorer.fold(docs, model: model, featurizer: TestCorpus.featurizer)
            for (d, result) in zip(docs, scorer.score(block)) {
                if let result { perCandidate[d.id] = result } else { unscored.append(d.id) }
            }
            start += foldBlock
        }
        return (perCandidate, scorer.postingRankings(), unscored)
    }

    /// Scores are exact (rescored in a fixed order), so batch and brute force agree to the last bit.
    func assertSame(_ a: [ScoredIndex], _ b: [ScoredIndex], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a, b, message, file: file, line: line)
    }

    func testBothDirectionsEqualBruteForceForEveryBlockSizeAndThreadCount() throws {
        let model = try TestCorpus.model(dims: 3)
        let candidates = pool(count: 60)
        let top = 5
        let expected = bruteForce(model: model, candidates: candidates, top: top)
        for (capacity, foldBlock, threads, tile) in [(1, 7, 1, 4096), (4, 13, 2, 5), (16, 16, 2, 1), (64, 100, 1, 7), (3, 2, 2, 4096)] {
            let got = try run(model: model, candidates: candidates, top: top, blockCapacity: capacity, foldBlock: foldBlock, scanThreads: threads, tile: tile)
            let label = "capacity \(capacity), fold block \(foldBlock), \(threads) thread(s), tile \(tile)"
            XCTAssertEqual(got.unscored, ["short"], label)
            XCTAssertEqual(Set(got.perCandidate.keys), Set(expected.perCandidate.keys), label)
            for (id, list) in expected.perCandidate { assertSame(try XCTUnwrap(got.perCandidate[id]), list, "\(id), \(label)") }
            XCTAssertEqual(got.perPosting.count, model.postingCount)
            for (j, list) in expected.perPosting.enumerated() {
                XCTAssertEqual(got.perPosting[j].count, top, label)
                XCTAssertEqual(got.perPosting[j], list, "posting \(j), \(label)")
            }
        }
    }

    func testTiesAreBrokenByIdAndResultsDoNotDependOnBlocks() throws {
        let model = try TestCorpus.model(dims: 3)
        let candidates = pool(count: 40)
        let a = try run(model: model, candidates: candidates, top: 12, blockCapacity: 1, foldBlock: 1, scanThreads: 1)
        let b = try run(model: model, candidates: candidates, top: 12, blockCapacity: 32, foldBlock: 43, scanThreads: 2)
        XCTAssertEqual(a.perPosting, b.perPosting, "posting rankings must be exactly equal across block layouts")
        XCTAssertEqual(a.perCandidate, b.perCandidate)
        // The three copies of one text score the same; wherever two of them are kept, ids ascend.
        let copies: Set<String> = ["aa-copy", "zz-copy", candidates[0].id]
        var sawTie = false
        for list in a.perPosting {
            let kept = list.filter { copies.contains($0.id) }
            if kept.count >= 2 {
                sawTie = true
                XCTAssertEqual(Set(kept.map(\.score)).count, 1)
                XCTAssertEqual(kept.map(\.id), kept.map(\.id).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            }
        }
        XCTAssertTrue(sawTie, "the pool should put the copies in some posting's top 12")
    }

    func testRestoredHeapsContinueAsIfNeverInterrupted() throws {
        let model = try TestCorpus.model(dims: 3)
        let candidates = pool(count: 50)
        let whole = try run(model: model, candidates: candidates, top: 3, blockCapacity: 8, foldBlock: 8, scanThreads: 2)
        var first = BatchScorer(model: model, top: 3, blockCapacity: 8)
        _ = first.score(try BatchScorer.fold(Array(candidates[0 ..< 20]), model: model, featurizer: TestCorpus.featurizer))
        var second = BatchScorer(model: model, top: 3, blockCapacity: 8)
        try second.restore(postingRankings: first.postingRankings(), scored: first.scoredCount)
        _ = second.score(try BatchScorer.fold(Array(candidates[20...]), model: model, featurizer: TestCorpus.featurizer))
        XCTAssertEqual(second.postingRankings(), whole.perPosting)
        XCTAssertThrowsError(try second.restore(postingRankings: [], scored: 0))
    }

    func testFoldedQueryGivesContributionsThatSumToTheBatchScore() throws {
        let model = try TestCorpus.model(dims: 3)
        let candidates = pool(count: 5)
        let block = try BatchScorer.fold(candidates, model: model, featurizer: TestCorpus.featurizer)
        var scorer = BatchScorer(model: model, top: 2)
        let results = scorer.score(block)
        let matcher = Matcher(model: model, featurizer: TestCorpus.featurizer)
        let q = try XCTUnwrap(block.foldedQuery(at: 0))
        let best = try XCTUnwrap(results[0]?.first)
        let sum = matcher.contributions(of: q, postingIndex: best.index).map(\.contribution).reduce(0, +)
        XCTAssertEqual(sum, best.score, accuracy: 1e-4)
        XCTAssertEqual(candidates.last?.id, "short")
        XCTAssertNil(block.foldedQuery(at: candidates.count - 1), "a candidate too short to score has no folded query")
        XCTAssertNil(results[candidates.count - 1])
    }
}
