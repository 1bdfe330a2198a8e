import Foundation
import Testing
@testable import RolloutSim

@Suite("RunResult → StoredRun")
struct StoredRunConversionTests {
    static func demo(seed: UInt64? = nil) throws -> RunResult {
        let loaded = try #require(DemoScenario.load(sink: DiagnosticSink()))
        return Simulation.run(loaded, seed: seed)
    }

    @Test("the demo run survives store and load unchanged, and keeps its summary JSON byte for byte")
    func roundTrip() throws {
        let result = try Self.demo()
        let run = StoredRun(result)
        #expect(run.summaryJSON == RunSummaryJSON.render(result))
        #expect(run.verdict == "Degraded")
        #expect(run.resultDigest == result.digest)
        #expect(run.rollouts.count == result.rollouts.count)
        let measurements = result.rollouts[0].analysisRuns.reduce(0) { $0 + $1.summary.metrics.reduce(0) { $0 + $1.measurements.count } }
        #expect(run.rollouts[0].analysisRuns.reduce(0) { $0 + $1.measurements.count } == measurements)
        #expect(run.rollouts[0].analysisRuns.flatMap(\.measurements).allSatisfy { $0.conditionMatched != nil })

        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        let id = try store.save(run)
        let loaded = try store.load(id)
        #expect(loaded == run)
        #expect(StoredRunText.render(loaded) == StoredRunText.render(run))
    }

    @Test("two runs of one seed are equal; the comparison finds no differences")
    func sameSeed() throws {
        let a = StoredRun(try Self.demo()), b = StoredRun(try Self.demo())
        #expect(a == b)
        let comparison = RunComparison(a, id: "a", b, id: "b")
        #expect(comparison.differenceCount == 0)
        #expect(comparison.text().hasSuffix("no differences\n"))
    }

    @Test("another seed differs in measurements, not in the verdict")
    func otherSeed() throws {
        let a = StoredRun(try Self.demo()), b = StoredRun(try Self.demo(seed: 7))
        let comparison = RunComparison(a, id: "a", b, id: "b")
        #expect(comparison.differenceCount > 0)
        #expect(!comparison.rollouts[0].verdict.differs)
        #expect(!comparison.rollouts[0].measurements.isEmpty)
        let json = try JSONSerialization.jsonObject(with: Data(comparison.json().utf8)) as? [String: Any]
        #expect(json?["differences"] as? Int == comparison.differenceCount)
    }

    @Test("the stored tree at 2m shows the canary at weight 5, paused")
    func treeAtTwoMinutes() throws {
        let run = StoredRun(try Self.demo())
        let rollout = try #require(run.rollouts.first)
        let facts = StoredRolloutFacts.find(rollout, in: StoredRolloutFacts.parse(run.summaryJSON))
        #expect(facts.aborted)
        let tree = StoredRunText.tree(rollout, facts: facts, at: VirtualTime(milliseconds: 120_000), end: run.endedAt)
        #expect(tree.contains("  SetWeight:     5\n"))
        #expect(tree.contains("Status:          ॥ Paused"))
        #expect(tree.contains("canary"))
    }
}
