import Foundation
import Prometheus

/// The server's metrics in Prometheus' text format (`GET /metrics`), through swift-prometheus's collector
/// registry (no global metrics system is bootstrapped: the registry belongs to one server): requests by
/// method, route pattern (never a raw path, so posting ids do not multiply the series) and status; a
/// latency histogram by route; and, set when scraped, the served model's generation and size, its change log
/// (bytes, records, and the added postings searched beside the model until the next compaction: what an
/// operator watches to see that compaction keeps up with the adds) and the work pool's load.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// Latency buckets, seconds: from a `/health` (0.1 ms) to a time limit.
    static let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
                                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
                                      .seconds(5), .seconds(10), .seconds(30)]

    func record(method: String, route: String, status: Int, seconds: Double) {
        registry.makeCounter(name: "passerelle_http_requests_total",
                             labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(name: "passerelle_http_request_duration_seconds", labels: [("route", route)],
                                       buckets: Self.buckets).recordNanoseconds(Int64(seconds * 1e9))
    }

    /// The exposition text, with the gauges read now.
    func text(store: ModelStore, pool: WorkPool) -> String {
        let s = store.snapshot
        registry.makeGauge(name: "passerelle_model_generation").set(Double(s.generation))
        registry.makeGauge(name: "passerelle_model_postings").set(Double(s.model.postingCount))
        registry.makeGauge(name: "passerelle_change_log_bytes").set(Double(s.loaded.log?.bytes ?? 0))
        registry.makeGauge(name: "passerelle_change_log_records").set(Double(s.loaded.log?.records ?? 0))
        registry.makeGauge(name: "passerelle_delta_postings").set(Double(s.model.delta.count))
        registry.makeGauge(name: "passerelle_work_pool_jobs").set(Double(pool.load))
        registry.makeGauge(name: "passerelle_work_pool_capacity").set(Double(pool.width + pool.queueLimit))
        var buffer = [UInt8]()
        buffer.reserveCapacity(8192)
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
