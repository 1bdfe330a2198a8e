import Foundation
import Testing
@testable import RolloutSim

@Suite("RunStore")
struct RunStoreTests {
    @Test("a saved run loads back equal, NaNs, staleness markers and -0.0 included bit for bit")
    func roundTrip() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        let run = StoreFixtures.smallRun()
        let id = try store.save(run)
        let loaded = try store.load(id)
        #expect(loaded == run)
        let values = loaded.series[0].samples.map(\.value.bitPattern)
        #expect(values == run.series[0].samples.map(\.value.bitPattern))
        #expect(loaded.series[0].samples[2].value.bitPattern == 0x7FF0_0000_0000_0002)
        #expect(loaded.series[0].samples[3].value.sign == .minus)
    }

    @Test("a big run loads back equal from a reopened database")
    func bigRoundTripAcrossConnections() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let run = StoreFixtures.bigRun()
        let id = try RunStore.open(at: path).save(run)
        let reader = try RunStore.open(at: path, mode: .readOnly)
        #expect(try reader.load(id) == run)
        #expect(try reader.rowCounts()["series"] == 50)
        #expect(try reader.load(id).series.map(\.samples.count).reduce(0, +) == 20_000)
        #expect(try reader.rowCounts()["events"] == 2_000)
        #expect(try reader.rowCounts()["measurements"] == 200)
    }

    @Test("a seed above Int64.max survives the INTEGER column")
    func largeSeedRoundTrips() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        let id = try store.save(StoreFixtures.smallRun(seed: UInt64.max))
        #expect(try store.load(id).seed == UInt64.max)
        #expect(try store.list().map(\.seed) == [UInt64.max])
        #expect(id == "checkout-canary-18446744073709551615-3f9a1c")
    }

    @Test("ids are scenario-seed-digest, with -2, -3 for repeats, the same in every fresh database")
    func idsAreDeterministic() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        var idLists: [[RunID]] = []
        for name in ["a.sqlite", "b.sqlite"] {
            let store = try RunStore.open(at: folder.file(name))
            idLists.append(try [StoreFixtures.smallRun(), StoreFixtures.smallRun(), StoreFixtures.smallRun(seed: 1)]
                .map { try store.save($0) })
        }
        #expect(idLists[0] == ["checkout-canary-42-3f9a1c", "checkout-canary-42-3f9a1c-2", "checkout-canary-1-3f9a1c"])
        #expect(idLists[1] == idLists[0])
    }

    @Test("a deleted run's id is not reused while a later repeat still holds a higher number")
    func deletedIdsAreNotReusedBelowTheHighest() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        let first = try store.save(StoreFixtures.smallRun())
        _ = try store.save(StoreFixtures.smallRun())
        try store.delete(first)
        #expect(try store.save(StoreFixtures.smallRun()) == "checkout-canary-42-3f9a1c-3")
    }

    @Test("the base id keeps [a-z0-9-] of the scenario name and six digest digits")
    func baseIdShape() {
        #expect(RunID.base(scenarioName: "Checkout Canary_v2!", seed: 42, digest: "sha256:ABCDEF0123") == "checkout-canary-v2-42-abcdef")
        #expect(RunID.base(scenarioName: "", seed: 1, digest: "") == "run-1")
        #expect(RunID.base(scenarioName: "---", seed: 3, digest: "sha256:12") == "run-3-12")
    }

    @Test("list shows runs newest first")
    func listNewestFirst() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        #expect(try store.list() == [])
        for seed: UInt64 in [3, 1, 2] { try store.save(StoreFixtures.smallRun(seed: seed)) }
        let listing = try store.list()
        #expect(listing.map(\.seed) == [2, 1, 3])
        #expect(listing[0] == RunListing(
            id: "checkout-canary-2-3f9a1c", scenarioName: "checkout-canary", scenarioDigest: "sha256:aa11",
            resultDigest: "sha256:3f9a1c0042", seed: 2, engineVersion: "0.1.0", startedAt: .zero,
            endedAt: VirtualTime(milliseconds: 2_700_000), verdict: "Degraded"))
    }

    @Test("delete removes every row of the run and nothing of the others")
    func deleteRemovesAllRows() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        let kept = try store.save(StoreFixtures.smallRun(seed: 1))
        let countsWithOne = try store.rowCounts()
        let deleted = try store.save(StoreFixtures.bigRun())
        try store.delete(deleted)
        #expect(try store.rowCounts() == countsWithOne)
        #expect(try store.load(kept) == StoreFixtures.smallRun(seed: 1))
        #expect(try store.list().map(\.id) == [kept])
    }

    @Test("loading or deleting an unknown id names the id and where to find valid ones")
    func unknownId() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let store = try RunStore.open(at: path)
        let message = "\(path): no stored run with id 'nope-1' (expected one of the ids `rollout-sim runs list` prints)"
        #expect(try #require(throws: StoreError.self) { try store.load("nope-1") }.description == message)
        #expect(try #require(throws: StoreError.self) { try store.delete("nope-1") }.description == message)
    }

    @Test("two saves of identical runs store identical rows except the run's key and id")
    func identicalRunsStoreIdenticalRows() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        let first = try store.save(StoreFixtures.bigRun(events: 300, measurements: 40, samples: 1_000))
        let second = try store.save(StoreFixtures.bigRun(events: 300, measurements: 40, samples: 1_000))
        let dump = try store.rowDump(of: first)
        #expect(dump.count == 1 + 2 + 300 + 2 + 2 + 1 + 2 + 1 + 4 + 40 + 50)
        #expect(try store.rowDump(of: second) == dump)
        #expect(first != second)
    }

    @Test("the same run stored by a second process-like fresh database gives the same rows")
    func identicalRowsAcrossDatabases() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let run = StoreFixtures.smallRun()
        let a = try RunStore.open(at: folder.file("a.sqlite"))
        let b = try RunStore.open(at: folder.file("b.sqlite"))
        _ = try b.save(StoreFixtures.smallRun(seed: 9))  // b's run key differs from a's
        let idA = try a.save(run)
        let idB = try b.save(run)
        #expect(idA == idB)
        #expect(try a.rowDump(of: idA, excludingColumns: ["run"]) == b.rowDump(of: idB, excludingColumns: ["run"]))
    }
}

@Suite("Store SeriesSamplesEncoding")
struct StoreSeriesSamplesEncodingTests {
    @Test("samples pack into 16 little-endian bytes each and unpack bit for bit")
    func roundTrip() throws {
        let samples = [StoredSample(t: VirtualTime(milliseconds: -1), value: StoreFixtures.staleNaN),
                       StoredSample(t: VirtualTime(milliseconds: 258), value: 1.0)]
        let data = SeriesSamplesEncoding.encode(samples)
        #expect(Array(data) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0, 0, 0, 0, 0, 0xF0, 0x7F,
                                2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        #expect(SeriesSamplesEncoding.decode(data) == samples)
        #expect(SeriesSamplesEncoding.decode(data.dropLast()) == nil)
    }

    @Test("a series blob edited by hand is reported as a damaged row, naming the series")
    func damagedBlob() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let store = try RunStore.open(at: path)
        let id = try store.save(StoreFixtures.smallRun())
        try store.connection.run("UPDATE series SET samples = ? WHERE series = 0", [.blob(Data([1, 2, 3]))])
        let error = try #require(throws: StoreError.self) { try store.load(id) }
        #expect(error.description == """
            \(path): a row of table series is damaged: the samples of http_requests_total{code="200",pod="checkout-1"} do not \
            decode (expected what rollout-sim wrote; delete the run and simulate it again)
            """)
    }
}
