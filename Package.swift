// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "RolloutSim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rollout-sim", targets: ["rollout-sim"]),
        .library(name: "RolloutSim", targets: ["RolloutSim"]),
        .library(name: "PromQL", targets: ["PromQL"]),
        .library(name: "Expr", targets: ["Expr"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // Standalone: PromQL storage, parser and engine; knows nothing about rollouts.
        .target(name: "PromQL"),
        // Standalone: the expr-lang condition language of AnalysisTemplates.
        .target(name: "Expr"),
        // The system libsqlite3 (Debian: libsqlite3-dev).
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "RolloutSim",
            dependencies: [
                "PromQL", "Expr", "CSQLite",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        .executableTarget(
            name: "rollout-sim",
            dependencies: [
                "RolloutSim", "PromQL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by test targets (seeded generators for fuzz tests); never linked into the tool.
        .target(name: "TestSupport", path: "Sources/TestSupport"),
        .testTarget(name: "PromQLTests", dependencies: ["PromQL", "TestSupport"]),
        .testTarget(name: "ExprTests", dependencies: ["Expr", "TestSupport"]),
        .testTarget(name: "RolloutSimTests", dependencies: ["RolloutSim"], exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["RolloutSim", "rollout-sim"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
