import Foundation
import LinearAlgebra

/// One query's outcome for one system.
public struct QueryEvaluation: Sendable {
    public var queryID: String
    public var title: String
    public var metrics: [RankingMetric: Double]
    /// 1-based rank of the first relevant document, nil when not retrieved within the depth.
    public var firstRelevantRank: Int?
    /// The first few retrieved document ids (for inspecting failures).
    public var top: [String]
    /// Relevant documents of the query (grade > 0).
    public var relevantCount: Int
}

/// One system's outcome over all judged queries.
public struct SystemEvaluation: Sendable {
    public var system: String
    public var perQuery: [QueryEvaluation]
    /// Mean of each metric over the judged queries.
    public var mean: [RankingMetric: Double]
    /// Judged queries whose text had no term known to the system (ranked nothing, scored 0).
    public var emptyQueries: Int
    /// Wall-clock time of the ranking, seconds.
    public var seconds: Double

    /// The `count` queries with the lowest value of `metric` (ties by query id).
    public func worst(by metric: RankingMetric, count: Int) -> [QueryEvaluation] {
        Array(perQuery.sorted { ($0.metrics[metric]!, $0.queryID) < ($1.metrics[metric]!, $1.queryID) }.prefix(count))
    }
}

/// The evaluation harness: the same queries, qrels and corpus for every system.
public struct EvaluationHarness: Sendable {
    /// Corpus document ids, in corpus order (retrievers return positions into this).
    public let corpusIDs: [String]
    /// Judged queries only, in qid order.
    public let queries: [EvaluationQuery]
    public let qrels: Qrels
    /// Ranking depth (MAP and recall are computed within it); trec_eval's default is 1000.
    public let depth: Int
    /// Judged qids absent from the queries given (reported, left out of the means).
    public let missingQueries: [String]
    /// Queries given without any relevance judgment (left out of the means).
    public let unjudgedQueries: Int

    /// - Parameter queries: every available query; only those with a relevant document in `qrels` are kept.
    public init(corpusIDs: [String], queries: [EvaluationQuery], qrels: Qrels, depth: Int = 1000) throws {
        self.corpusIDs = corpusIDs
        self.qrels = qrels
        self.depth = max(1, min(depth, corpusIDs.count))
        let judged = Set(qrels.judgedQueryIDs)
        var kept = [EvaluationQuery]()
        var seen = Set<String>()
        for q in queries where judged.contains(q.id) && seen.insert(q.id).inserted { kept.append(q) }
        kept.sort { $0.id < $1.id }
        self.queries = kept
        self.missingQueries = judged.subtracting(seen).sorted()
        self.unjudgedQueries = queries.count - queries.filter { judged.contains($0.id) }.count
        guard !kept.isEmpty else {
            throw EvaluationError.noJudgedQueries("none of the \(queries.count) queries has a relevant document in the qrels (are the query ids the qrels' first column?)")
        }
        let corpus = Set(corpusIDs)
        let relevantInCorpus = kept.reduce(0) { n, q in n + qrels.relevant(to: q.id).keys.filter { corpus.contains($0) }.count }
        guard relevantInCorpus > 0 else {
            throw EvaluationError.noJudgedQueries("no judged document id is in the corpus (are the document ids the qrels' third column?)")
        }
    }

    /// Ranks every query with the system and scores the rankings.
    public func evaluate(_ system: any Retriever) throws -> SystemEvaluation {
        let started = Date()
        let rankings = try system.rank(queries, depth: depth)
        let seconds = Date().timeIntervalSince(started)
        var perQuery = [QueryEvaluation]()
        var empty = 0
        for (q, ranked) in zip(queries, rankings) {
            if ranked.isEmpty { empty += 1 }
            let ids = ranked.map { corpusIDs[$0.index] }
            let relevant = qrels.relevant(to: q.id)
            perQuery.append(QueryEvaluation(queryID: q.id, title: q.title, metrics: RankingMetrics.evaluate(ranking: ids, relevant: relevant),
                                            firstRelevantRank: RankingMetrics.firstRelevantRank(ranking: ids, relevant: relevant),
                                            top: Array(ids.prefix(3)), relevantCount: relevant.count))
        }
        var mean = [RankingMetric: Double]()
        for m in RankingMetric.allCases {
            mean[m] = perQuery.reduce(0) { $0 + $1.metrics[m]! } / Double(perQuery.count)
        }
        return SystemEvaluation(system: system.name, perQuery: perQuery, mean: mean, emptyQueries: empty, seconds: seconds)
    }
}
