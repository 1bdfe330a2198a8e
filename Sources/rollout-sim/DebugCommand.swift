import ArgumentParser
import RolloutSim

/// Diagnostics for the engine's own guarantees; not part of the user contract.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Engine self-checks (determinism of the random streams).",
        shouldDisplay: false,
        subcommands: [DebugRandomCommand.self]
    )
}

struct DebugRandomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "random",
        abstract: "Print a fingerprint of draws from every distribution for a seed; equal in every process."
    )

    @Option(name: .long, help: "The master seed.") var seed: UInt64 = 1

    func run() throws {
        print(kernelFingerprint(seed: seed))
    }
}
