// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Benchmarks live in their own package so the main build and `swift test` stay fast.
// Run them with: cd Benchmarks && swift package --allow-writing-to-package-directory benchmark

// SwiftPM names a path dependency after its folder, and CI clones the repository into a folder of
// its own choosing, so the root package's identity is read from where this manifest sits.
let rootPackageIdentity = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .lastPathComponent
    .lowercased()

func benchmark(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")]
            + products.map { .product(name: $0, package: rootPackageIdentity) },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "RolloutSimBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // The package formerly known as package-benchmark; the trait is needed on this machine kind.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(path: ".."),
    ],
    targets: [
        benchmark("KernelBenchmarks", ["RolloutSim"]),
        benchmark("PromQLBenchmarks", ["PromQL"]),
        benchmark("ExprBenchmarks", ["Expr"]),
        benchmark("WorldBenchmarks", ["RolloutSim"]),
        benchmark("RunBenchmarks", ["RolloutSim"]),
        benchmark("StoreBenchmarks", ["RolloutSim"]),
    ],
    swiftLanguageModes: [.v6]
)
