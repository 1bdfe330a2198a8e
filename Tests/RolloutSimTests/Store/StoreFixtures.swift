import Foundation
import Testing
@testable import RolloutSim

/// A fresh folder under the system's temporary folder, removed when the test's `defer` calls `remove()`.
struct StoreTemporaryFolder {
    let path: String

    init() throws {
        let temporary = NSTemporaryDirectory()
        let parent = temporary.hasSuffix("/") ? String(temporary.dropLast()) : temporary
        var template = Array((parent + "/rollout-sim-store-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() {
        // Why: a test may have made the folder read-only; give write access back first.
        chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }
}

enum StoreFixtures {
    /// True when the tests run as root, who ignores file permissions: the chmod tests cannot fail there.
    static let isRunningAsRoot = getuid() == 0

    /// Prometheus' staleness marker (value.StaleNaN): a NaN with a particular payload.
    static let staleNaN = Double(bitPattern: 0x7FF0_0000_0000_0002)

    /// A small run with every kind of row, including optional fields left out and special values.
    static func smallRun(seed: UInt64 = 42, verdict: String = "Degraded") -> StoredRun {
        StoredRun(
            scenarioName: "checkout-canary", scenarioDigest: "sha256:aa11", resultDigest: "sha256:3f9a1c0042",
            seed: seed, engineVersion: "0.1.0", startedAt: .zero, endedAt: VirtualTime(milliseconds: 2_700_000),
            verdict: verdict, summaryJSON: #"{"scenario":"checkout-canary","seed":42}"#,
            rollouts: [
                StoredRollout(
                    name: "checkout", namespace: "shop", phase: "Degraded", message: "RolloutAborted: metric failed",
                    phases: [StoredPhase(t: .zero, phase: "Healthy"),
                             StoredPhase(t: VirtualTime(milliseconds: 60_000), phase: "Progressing", message: "more replicas")],
                    steps: [StoredStep(index: 0, step: "setWeight: 5", startedAt: VirtualTime(milliseconds: 60_000),
                                       completedAt: VirtualTime(milliseconds: 75_000)),
                            StoredStep(index: 1, step: "pause: 2m", startedAt: VirtualTime(milliseconds: 75_000), completedAt: nil)],
                    weights: [StoredWeight(t: VirtualTime(milliseconds: 75_000), desiredWeight: 5, routerWeight: 5,
                                           effectiveShare: 0.0498)],
                    replicaSets: [
                        StoredReplicaSet(podTemplateHash: "6bd9f5c8d7", revision: 1, role: "stable", history: [
                            StoredReplicaSetSample(t: .zero, replicas: 8, ready: 8, available: 8),
                        ]),
                        StoredReplicaSet(podTemplateHash: "7c4d8b9f6", revision: 2, role: "canary", history: []),
                    ],
                    analysisRuns: [
                        StoredAnalysisRun(
                            name: "checkout-7c4d8b9f6-2", kind: "background", templates: ["success-rate", "latency"],
                            phase: "Failed", message: "metric \"success-rate\" assessed Failed",
                            startedAt: VirtualTime(milliseconds: 60_000), finishedAt: nil,
                            measurements: [
                                StoredMeasurement(metric: "success-rate", startedAt: VirtualTime(milliseconds: 120_000),
                                                  finishedAt: VirtualTime(milliseconds: 120_000), phase: "Failed", value: "[0.981]",
                                                  renderedQuery: "sum(rate(x[5m]))", conditionMatched: "failure",
                                                  countersJSON: #"{"count":1,"failed":1}"#),
                                StoredMeasurement(metric: "success-rate", startedAt: nil, finishedAt: nil, phase: "Running",
                                                  value: "", renderedQuery: nil, conditionMatched: nil, countersJSON: nil),
                            ]),
                        StoredAnalysisRun(name: "checkout-7c4d8b9f6-2-1", kind: "step", templates: [], phase: "Pending",
                                          startedAt: nil, finishedAt: nil, measurements: []),
                    ]),
                StoredRollout(name: "cart", namespace: "shop", phase: "Healthy"),
            ],
            events: [
                StoredEvent(t: VirtualTime(milliseconds: 60_000), object: "Rollout/checkout", reason: "RolloutUpdated",
                            message: "Rollout updated to revision 2"),
                StoredEvent(t: VirtualTime(milliseconds: 60_000), object: "ReplicaSet/checkout-7c4d8b9f6",
                            reason: "ScalingReplicaSet", message: "Scaled up ReplicaSet checkout-7c4d8b9f6 from 0 to 1 — ✓ ünïcode"),
            ],
            series: [
                StoredSeries(labels: #"http_requests_total{code="200",pod="checkout-1"}"#, samples: [
                    StoredSample(t: VirtualTime(milliseconds: -30_000), value: 1.5),
                    StoredSample(t: .zero, value: .nan),
                    StoredSample(t: VirtualTime(milliseconds: 30_000), value: StoreFixtures.staleNaN),
                    StoredSample(t: VirtualTime(milliseconds: 60_000), value: -0.0),
                    StoredSample(t: VirtualTime(milliseconds: 90_000), value: .infinity),
                    StoredSample(t: VirtualTime(milliseconds: 120_000), value: 0.1 + 0.2),
                ]),
                StoredSeries(labels: "up", samples: []),
            ])
    }

    /// A run of realistic size: `events` log lines, `measurements` measurements over a few
    /// AnalysisRuns, `samples` series samples spread over 50 series. Deterministic.
    static func bigRun(events eventCount: Int = 2_000, measurements measurementCount: Int = 200,
                       samples sampleCount: Int = 20_000, seed: UInt64 = 7) -> StoredRun {
        var run = smallRun(seed: seed)
        run.events = (0..<eventCount).map { index in
            StoredEvent(t: VirtualTime(milliseconds: Int64(index) * 1_000), object: "Pod/checkout-7c4d8b9f6-\(index % 97)",
                        reason: index.isMultiple(of: 2) ? "PodReady" : "ScalingReplicaSet",
                        message: "Scaled up ReplicaSet checkout-7c4d8b9f6 (revision 2) from \(index) to \(index + 1)")
        }
        let perRun = max(1, measurementCount / 4)
        run.rollouts[0].analysisRuns = (0..<4).map { runIndex in
            StoredAnalysisRun(
                name: "checkout-7c4d8b9f6-2-\(runIndex)", kind: "step", templates: ["success-rate"], phase: "Successful",
                startedAt: VirtualTime(milliseconds: Int64(runIndex) * 600_000), finishedAt: nil,
                measurements: (0..<perRun).map { index in
                    StoredMeasurement(
                        metric: "success-rate", startedAt: VirtualTime(milliseconds: Int64(index) * 60_000),
                        finishedAt: VirtualTime(milliseconds: Int64(index) * 60_000), phase: "Successful",
                        value: "[0.99\(index % 10)]",
                        renderedQuery: #"sum(rate(http_requests_total{service="checkout",code!~"5.."}[5m])) / sum(rate(http_requests_total{service="checkout"}[5m]))"#,
                        conditionMatched: "success", countersJSON: #"{"count":\#(index + 1),"successful":\#(index + 1)}"#)
                })
        }
        let seriesCount = 50
        run.series = (0..<seriesCount).map { seriesIndex in
            StoredSeries(
                labels: #"http_requests_total{code="200",namespace="shop",pod="checkout-7c4d8b9f6-\#(seriesIndex)"}"#,
                samples: (0..<(sampleCount / seriesCount)).map { index in
                    StoredSample(t: VirtualTime(milliseconds: Int64(index) * 30_000), value: Double(index * 731 + seriesIndex))
                })
        }
        return run
    }
}

extension RunStore {
    /// Every row of one run in every table, in key order, as text lines without the run's
    /// integer key and id columns: two stores of identical runs must give identical dumps.
    func rowDump(of id: RunID, excludingColumns excluded: Set<String> = ["run", "id", "id_number"]) throws -> [String] {
        let key = try #require(try connection.query("SELECT run FROM runs WHERE id = ?", [.text(id.rawValue)]) { $0.int64(0) }.first)
        let tables = try connection.query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name") { $0.text(0) }
        var lines: [String] = []
        for table in tables {
            let columns = try connection.query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", [.text(table)]) {
                (name: $0.text(0), pk: $0.int(1))
            }
            let kept = columns.map(\.name).filter { !excluded.contains($0) }
            let order = columns.filter { $0.pk > 0 }.sorted { $0.pk < $1.pk }.map(\.name)
            // Table and column names come from sqlite_schema, never from input.
            let rows = try connection.query("""
                SELECT \(kept.map { "quote(\($0))" }.joined(separator: " || '|' || ")) FROM \(table)
                WHERE run = ? ORDER BY \(order.joined(separator: ", "))
                """, [.integer(key)]) { $0.text(0) }
            lines += rows.map { "\(table): \($0)" }
        }
        return lines
    }

    /// How many rows each table holds, for "nothing was written" checks.
    func rowCounts() throws -> [String: Int] {
        let tables = try connection.query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name") { $0.text(0) }
        var counts: [String: Int] = [:]
        for table in tables { counts[table] = Int(try connection.scalarInt("SELECT count(*) FROM \(table)")) }
        return counts
    }
}
