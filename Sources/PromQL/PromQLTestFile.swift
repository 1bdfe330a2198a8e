// Reader for Prometheus 2.42's promqltest files (`promql/testdata/*.test`), the format driven by
// promql/test.go: `load <step>` blocks of series descriptions, `clear`, and
// `eval[_fail|_ordered] instant at <duration> <query>` followed by the expected result.
// Prometheus: getLines, Test.parse, parseLoad, parseEval, parseNumber (promql/test.go).

/// A parsed `.test` file: its commands in order.
public struct PromQLTestFile: Sendable {
    /// One command of a test file.
    public enum Command: Sendable {
        case load(PromQLTestLoad)
        /// `clear`: empties the storage.
        case clear(line: Int)
        case eval(PromQLTestEval)
    }

    public var commands: [Command]

    /// Parses the text of a test file.
    ///
    /// A query that fails to parse does not stop the reader: the eval keeps the parse error, and
    /// the runner reports it as a failing case (Prometheus would fail the whole file instead).
    /// - Throws: `PromQLTestFileError` for a malformed command, load line or expected line.
    public static func parse(_ text: String) throws(PromQLTestFileError) -> PromQLTestFile {
        var reader = PromQLTestFileReader(text: text)
        return PromQLTestFile(commands: try reader.readCommands())
    }

    /// The eval commands, in file order.
    public var evals: [PromQLTestEval] {
        commands.compactMap { command in
            if case .eval(let eval) = command { return eval }
            return nil
        }
    }
}

/// A `load <step>` block.
public struct PromQLTestLoad: Sendable {
    /// 1-based line of the `load` command.
    public var line: Int
    /// Slot i of every series is at `i * stepMs` milliseconds after the epoch.
    public var stepMs: Int64
    /// The series in file order; a series repeated within the block keeps only its last line,
    /// as `loadCmd.set` overwrites by label hash.
    public var series: [PromQLTestSeries]
}

public struct PromQLTestSeries: Sendable {
    public var labels: Labels
    public var values: [SeriesSlotValue]
}

/// One `eval` command and what it expects.
public struct PromQLTestEval: Sendable {
    /// 1-based line of the `eval` command.
    public var line: Int
    public var query: String
    /// The parsed query, or the error rendered against the eval line when it does not parse.
    public var expr: Result<Node, PromQLError>
    /// Evaluation time in milliseconds after the epoch.
    public var atMs: Int64
    /// `eval_fail`: the query must fail.
    public var expectFail: Bool
    /// `eval_ordered`: result elements must come in the listed order.
    public var ordered: Bool
    public var expected: PromQLTestExpectation
}

/// The expected result of an eval.
public enum PromQLTestExpectation: Sendable {
    /// A bare number: the query must return this scalar.
    case scalar(Double)
    /// Series lines (none means an empty result). A repeated label set keeps its last line.
    case samples([PromQLTestExpectedSample])
}

public struct PromQLTestExpectedSample: Sendable {
    public var labels: Labels
    public var value: Double
    /// 1-based index of the line within the expected block (checked by `eval_ordered`).
    public var position: Int
}

/// A structural error in a test file, with its 1-based line.
public struct PromQLTestFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

private struct PromQLTestFileReader {
    var lines: [String]
    var index = 0

    init(text: String) {
        // Prometheus: getLines trims every line and blanks comment lines.
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            let trimmed = trimmedWhitespace(raw)
            return trimmed.hasPrefix("#") ? "" : trimmed
        }
    }

    mutating func readCommands() throws(PromQLTestFileError) -> [PromQLTestFile.Command] {
        var commands: [PromQLTestFile.Command] = []
        while index < lines.count {
            let line = lines[index]
            if line.isEmpty {
                index += 1
                continue
            }
            let words = whitespaceWords(line)
            let keyword = words.first?.lowercased() ?? ""
            if keyword == "clear" {
                commands.append(.clear(line: index + 1))
                index += 1
            } else if keyword == "load" {
                commands.append(.load(try readLoad(words)))
            } else if keyword.hasPrefix("eval") {
                commands.append(.eval(try readEval(line, words)))
            } else {
                throw PromQLTestFileError(line: index + 1, message: "invalid command \(goQuote(line))")
            }
        }
        return commands
    }

    private mutating func readLoad(_ words: [Substring]) throws(PromQLTestFileError) -> PromQLTestLoad {
        let commandLine = index + 1
        guard words.count >= 2 else {
            throw PromQLTestFileError(line: commandLine, message: "invalid load command. (load <step:duration>)")
        }
        let stepText = words.dropFirst().joined(separator: " ")
        guard case .success(let stepMs) = parsePromQLDuration(stepText) else {
            throw PromQLTestFileError(line: commandLine, message: "invalid step definition \(goQuote(stepText))")
        }
        var series: [PromQLTestSeries] = []
        index += 1
        while index < lines.count, !lines[index].isEmpty {
            let definition = lines[index]
            do {
                let (labels, values) = try parseSeriesDescription(definition)
                series.removeAll { $0.labels == labels }
                series.append(PromQLTestSeries(labels: labels, values: values))
            } catch {
                throw PromQLTestFileError(line: index + 1, message: error.rendered(query: definition))
            }
            index += 1
        }
        return PromQLTestLoad(line: commandLine, stepMs: stepMs, series: series)
    }

    private mutating func readEval(_ line: String, _ words: [Substring]) throws(PromQLTestFileError) -> PromQLTestEval {
        let commandLine = index + 1
        let usage = "invalid evaluation command. (eval[_fail|_ordered] instant [at <offset:duration>] <query>"
        let modifier = words[0].lowercased()
        guard ["eval", "eval_fail", "eval_ordered"].contains(modifier), words.count >= 5,
              words[1] == "instant", words[2] == "at" else {
            throw PromQLTestFileError(line: commandLine, message: usage)
        }
        let atText = String(words[3])
        guard case .success(let atMs) = parsePromQLDuration(atText) else {
            throw PromQLTestFileError(line: commandLine, message: "invalid step definition \(goQuote(atText))")
        }
        // The query is the rest of the line after the duration, as written.
        let afterAt = line[words[3].endIndex...].drop(while: { $0 == " " || $0 == "\t" })
        let query = String(afterAt)
        let expr: Result<Node, PromQLError>
        do {
            expr = .success(try parseExpression(query))
        } catch {
            expr = .failure(error)
        }

        var expected: PromQLTestExpectation = .samples([])
        var samples: [PromQLTestExpectedSample] = []
        var position = 1
        index += 1
        while index < lines.count, !lines[index].isEmpty {
            let definition = lines[index]
            index += 1
            if let scalar = parseGoNumber(definition) {
                expected = .scalar(scalar)
                samples = []
                break
            }
            let labels: Labels
            let values: [SeriesSlotValue]
            do {
                (labels, values) = try parseSeriesDescription(definition)
            } catch {
                throw PromQLTestFileError(line: index, message: error.rendered(query: definition))
            }
            if values.count > 1 {
                throw PromQLTestFileError(line: index, message: "expecting multiple values in instant evaluation not allowed")
            }
            let value: Double
            switch values.first {
            case .value(let number): value = number
            case .stale: value = Double(bitPattern: 0x7ff0_0000_0000_0002)
            case .omitted, nil:
                throw PromQLTestFileError(line: index, message: "expected line has no value")
            }
            samples.removeAll { $0.labels == labels }
            samples.append(PromQLTestExpectedSample(labels: labels, value: value, position: position))
            position += 1
        }
        if case .samples = expected { expected = .samples(samples) }
        return PromQLTestEval(line: commandLine, query: query, expr: expr, atMs: atMs,
                              expectFail: modifier == "eval_fail", ordered: modifier == "eval_ordered",
                              expected: expected)
    }
}

/// `strings.TrimSpace`: drops leading and trailing Unicode white space.
private func trimmedWhitespace(_ text: Substring) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
          let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    return String(scalars[first...last])
}

private func whitespaceWords(_ line: String) -> [Substring] {
    line.split(whereSeparator: { $0 == " " || $0 == "\t" })
}

/// `parseNumber` (promql/test.go): a Go integer literal with optional sign and base prefix, else
/// a Go float (`1.5`, `-Inf`, `NaN`). Nil when the line is not a bare number.
func parseGoNumber(_ text: String) -> Double? {
    var body = Substring(text)
    var sign = 1.0
    if let first = body.first, first == "+" || first == "-" {
        sign = first == "-" ? -1 : 1
        body = body.dropFirst()
    }
    guard !body.isEmpty, !body.hasPrefix("+"), !body.hasPrefix("-") else { return nil }
    let lower = body.lowercased()
    if lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix("0b") {
        let radix = lower.hasPrefix("0x") ? 16 : (lower.hasPrefix("0o") ? 8 : 2)
        guard let magnitude = Int64(String(lower.dropFirst(2).filter { $0 != "_" }), radix: radix) else { return nil }
        return sign * Double(magnitude)
    }
    if case .success(let value) = parseNumberLiteral(String(body)) {
        return value.isNaN ? value : sign * value
    }
    return nil
}
