import Foundation

/// The retrieval metrics of `passerelle eval`.
public enum RankingMetric: String, CaseIterable, Sendable, Codable {
    case mrr = "mrr"
    case recall1 = "recall@1"
    case recall10 = "recall@10"
    case recall50 = "recall@50"
    case ndcg10 = "ndcg@10"
    case map = "map"
}

/// Per-query metrics of one ranking against graded judgments.
///
/// - relevant = grade > 0; `R` = number of relevant documents of the query.
/// - MRR: 1 / rank of the first relevant document in the ranking (0 when none is retrieved).
/// - Recall@k: relevant documents in the first k / R.
/// - nDCG@10: DCG@10 / ideal DCG@10 with linear gain (the grade) and discount 1 / log2(rank + 1), as
///   trec_eval's `ndcg_cut_10`; the ideal ordering takes every judged grade of the query.
/// - MAP: average precision: mean over the R relevant documents of precision at their rank
///   (0 for a relevant document not retrieved); the ranking depth bounds it (trec_eval uses 1000).
public enum RankingMetrics {
    /// - Parameters:
    ///   - ranking: document ids, best first (no duplicates).
    ///   - relevant: docid → grade (> 0) for the query.
    public static func evaluate(ranking: [String], relevant: [String: Int]) -> [RankingMetric: Double] {
        let r = relevant.count
        var out = [RankingMetric: Double]()
        guard r > 0 else {
            for m in RankingMetric.allCases { out[m] = 0 }
            return out
        }
        var firstRank: Int? = nil
        var found = 0
        var precisionSum = 0.0
        var hitsAt = [1: 0, 10: 0, 50: 0]
        var dcg = 0.0
        for (i, id) in ranking.enumerated() {
            let rank = i + 1
            guard let grade = relevant[id] else { continue }
            found += 1
            if firstRank == nil { firstRank = rank }
            precisionSum += Double(found) / Double(rank)
            for cut in hitsAt.keys where rank <= cut { hitsAt[cut]! += 1 }
            if rank <= 10 { dcg += Double(grade) / log2(Double(rank) + 1) }
        }
        let ideal = relevant.values.sorted(by: >).prefix(10).enumerated().reduce(0.0) { $0 + Double($1.element) / log2(Double($1.offset) + 2) }
        out[.mrr] = firstRank.map { 1 / Double($0) } ?? 0
        out[.recall1] = Double(hitsAt[1]!) / Double(r)
        out[.recall10] = Double(hitsAt[10]!) / Double(r)
        out[.recall50] = Double(hitsAt[50]!) / Double(r)
        out[.ndcg10] = ideal > 0 ? dcg / ideal : 0
        out[.map] = precisionSum / Double(r)
        return out
    }

    /// 1-based rank of the first relevant document, nil when none is in the ranking.
    public static func firstRelevantRank(ranking: [String], relevant: [String: Int]) -> Int? {
        ranking.firstIndex { relevant[$0] != nil }.map { $0 + 1 }
    }
}
