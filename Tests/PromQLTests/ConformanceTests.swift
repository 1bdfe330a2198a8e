// Goal: measure how much of Prometheus 2.42's own PromQL test suite the engine passes, and pin it.
// Method: run every `shared/upstream/prometheus-promqltest/*.test` file unchanged through
// PromQLTestRunner; per file, the failing eval lines must be exactly those listed in
// `ConformanceExpectation.all` (with the reason), so any improvement or regression shows up.
import Foundation
import Testing
@testable import PromQL

/// Where the upstream files live: `../shared/upstream/prometheus-promqltest` from the repository
/// root (the folder holding Package.swift), or a `shared/upstream/...` folder of any ancestor.
/// Nil when absent: a plain clone does not have them.
func upstreamPromQLTestFolder(filePath: String = #filePath) -> String? {
    var components = filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    components.removeLast()
    var candidates: [String] = []
    while components.count > 1 {
        let directory = components.joined(separator: "/")
        if fileExists(directory + "/Package.swift") {
            candidates.append(directory + "/../shared/upstream/prometheus-promqltest")
        }
        candidates.append(directory + "/shared/upstream/prometheus-promqltest")
        components.removeLast()
    }
    return candidates.first { fileExists($0 + "/functions.test") }
}

private func fileExists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
}

func readTextFile(_ path: String) -> String? {
    try? String(contentsOfFile: path, encoding: .utf8)
}

struct ConformanceFailure: Sendable {
    var line: Int
    var reason: String
}

/// The pinned state of one upstream file: how many evals pass, and why each other one fails.
struct ConformanceExpectation: Sendable, CustomTestStringConvertible {
    var file: String
    var evals: Int
    var failures: [ConformanceFailure]
    var passing: Int { evals - failures.count }
    var testDescription: String { file }

    static let all: [ConformanceExpectation] = [
        ConformanceExpectation(file: "aggregators.test", evals: 83, failures: []),
        ConformanceExpectation(file: "at_modifier.test", evals: 33, failures: []),
        ConformanceExpectation(file: "collision.test", evals: 2, failures: []),
        ConformanceExpectation(file: "functions.test", evals: 207, failures: []),
        ConformanceExpectation(file: "histograms.test", evals: 38, failures: []),
        ConformanceExpectation(file: "literals.test", evals: 20, failures: []),
        ConformanceExpectation(file: "operators.test", evals: 94, failures: []),
        ConformanceExpectation(file: "selectors.test", evals: 31, failures: []),
        ConformanceExpectation(file: "staleness.test", evals: 14, failures: []),
        ConformanceExpectation(file: "subquery.test", evals: 25, failures: []),
        ConformanceExpectation(file: "trig_functions.test", evals: 19, failures: []),
    ]
}

// Enabled only when the upstream folder exists; a plain clone of the project does not have it.
@Suite("Conformance: Prometheus 2.42 promqltest files", .enabled(if: upstreamPromQLTestFolder() != nil))
struct ConformanceTests {
    @Test("each upstream file passes exactly the pinned evals", arguments: ConformanceExpectation.all)
    func upstreamFile(_ expectation: ConformanceExpectation) throws {
        let folder = try #require(upstreamPromQLTestFolder())
        let text = try #require(readTextFile(folder + "/" + expectation.file), "cannot read \(expectation.file)")
        let file: PromQLTestFile
        do {
            file = try PromQLTestFile.parse(text)
        } catch {
            Issue.record("\(expectation.file): \(error)")
            return
        }
        let results = PromQLTestRunner().run(file)
        let failing = results.filter { !$0.passed }
        let report = failing.map { "\(expectation.file):\($0.description)" }.joined(separator: "\n")
        // One line per failing case, for re-pinning the table: grep the test output for "conformance|".
        for result in failing {
            print("conformance|\(expectation.file)|\(result.line)|\(result.query)|\(result.failure ?? "")")
        }
        #expect(results.count == expectation.evals, "eval count of \(expectation.file)")
        #expect(results.count - failing.count == expectation.passing, "passing evals of \(expectation.file)\n\(report)")
        #expect(failing.map(\.line) == expectation.failures.map(\.line), "failing lines of \(expectation.file)\n\(report)")
    }

    @Test("the runner is not vacuous: perturbed expectations in an upstream file fail")
    func perturbedExpectationsFail() throws {
        // Goal: show that a passing conformance run means something. Method: change every finite
        // expected value of operators.test (v -> 1.5v + 1) and check that each eval carrying one now fails.
        let folder = try #require(upstreamPromQLTestFolder())
        let text = try #require(readTextFile(folder + "/operators.test"))
        var file = try PromQLTestFile.parse(text)
        var perturbedLines = Set<Int>()
        for index in file.commands.indices {
            guard case .eval(var eval) = file.commands[index], !eval.expectFail else { continue }
            switch eval.expected {
            case .scalar(let value) where value.isFinite:
                eval.expected = .scalar(value * 1.5 + 1)
                perturbedLines.insert(eval.line)
            case .samples(var samples) where samples.contains(where: { $0.value.isFinite }):
                for sample in samples.indices where samples[sample].value.isFinite {
                    samples[sample].value = samples[sample].value * 1.5 + 1
                }
                eval.expected = .samples(samples)
                perturbedLines.insert(eval.line)
            default:
                continue
            }
            file.commands[index] = .eval(eval)
        }
        let failingLines = Set(PromQLTestRunner().run(file).filter { !$0.passed }.map(\.line))
        #expect(perturbedLines.count > 50)
        #expect(perturbedLines.isSubset(of: failingLines))
    }

    @Test("the deepest query the parser accepts evaluates without exhausting the stack")
    func deepestAcceptedQueryEvaluates() throws {
        // Goal: the parser's depth limit also protects the evaluator. Method: nest unary minus and
        // parentheses right up to the limit and evaluate at t=0 on a one-sample storage.
        let depth = Parser.maxExpressionDepth / 2 - 2
        let query = String(repeating: "-(", count: depth) + "x" + String(repeating: ")", count: depth)
        let storage = SeriesStorage()
        storage.append(Labels(["__name__": "x"]), timestampMs: 0, value: 3)
        let result = try Engine(storage: storage).instantQuery(try parseExpression(query), atMs: 0)
        guard case .vector(let samples) = result else {
            Issue.record("expected a vector, got \(result.resultType)")
            return
        }
        #expect(samples.map(\.value) == [depth % 2 == 0 ? 3 : -3])
    }
}
