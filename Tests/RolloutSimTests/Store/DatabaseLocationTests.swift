import Foundation
import Testing
@testable import RolloutSim

@Suite("Store DatabaseLocation")
struct StoreDatabaseLocationTests {
    @Test("the --db flag wins over ROLLOUT_SIM_DB and the default")
    func flagWins() {
        let location = DatabaseLocation.resolve(flag: "ci/runs.sqlite", environment: ["ROLLOUT_SIM_DB": "/var/runs.sqlite"])
        #expect(location == DatabaseLocation(path: "ci/runs.sqlite", source: .flag))
    }

    @Test("ROLLOUT_SIM_DB is used when there is no flag")
    func environmentNext() {
        let location = DatabaseLocation.resolve(flag: nil, environment: ["ROLLOUT_SIM_DB": "/var/runs.sqlite", "HOME": "/root"])
        #expect(location == DatabaseLocation(path: "/var/runs.sqlite", source: .environment))
    }

    @Test("without flag or variable the database is .rollout-sim/runs.sqlite")
    func defaultLast() {
        #expect(DatabaseLocation.resolve(flag: nil, environment: [:]) == DatabaseLocation(path: ".rollout-sim/runs.sqlite", source: .defaultPath))
    }

    @Test("an empty flag or an empty variable counts as not given")
    func emptyValuesAreIgnored() {
        #expect(DatabaseLocation.resolve(flag: "", environment: ["ROLLOUT_SIM_DB": ""]).source == .defaultPath)
        #expect(DatabaseLocation.resolve(flag: "", environment: ["ROLLOUT_SIM_DB": "x.sqlite"]).path == "x.sqlite")
    }

    @Test("the default location's folder is created; a chosen path's folder is not")
    func createsOnlyTheDefaultFolder() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let defaultLike = DatabaseLocation(path: folder.file(".rollout-sim/runs.sqlite"), source: .defaultPath)
        try defaultLike.createDirectoryIfDefault()
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder.file(".rollout-sim"), isDirectory: &isDirectory))
        #expect(isDirectory.boolValue)
        let chosen = DatabaseLocation(path: folder.file("typo/runs.sqlite"), source: .flag)
        try chosen.createDirectoryIfDefault()
        #expect(!FileManager.default.fileExists(atPath: folder.file("typo")))
        // The created folder takes a database.
        #expect(try RunStore.open(at: defaultLike.path).list() == [])
    }

    @Test("a folder that cannot be created is reported with the reason")
    func folderCannotBeCreated() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: folder.file("file")))
        let location = DatabaseLocation(path: folder.file("file/.rollout-sim/runs.sqlite"), source: .defaultPath)
        let error = try #require(throws: StoreError.self) { try location.createDirectoryIfDefault() }
        #expect(error.description == "\(folder.file("file/.rollout-sim")): cannot create the folder for the run database (Not a directory)")
    }
}
