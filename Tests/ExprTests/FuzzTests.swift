import Testing
@testable import Expr
import TestSupport

/// Goal: no input crashes the lexer, parser, checker or evaluator; every failure is an
/// `ExprError` whose position lies inside the source. Method: for fixed seeds, build random
/// token soup and random character mutations of real conditions, then compile and evaluate each
/// against several `result` shapes. Numbers stay small so that ranges and predicates stay cheap.
@Suite("Fuzz: random input never crashes")
struct FuzzTests {
    static let vocabulary = [
        "result", "result[0]", "#", "#index", ".", "..", "?", ":", "??", "?.", "(", ")", "[", "]", "{", "}",
        ",", ";", "+", "-", "*", "/", "%", "**", "^", "==", "!=", "<", ">", "<=", ">=", "&&", "||", "!",
        "and", "or", "not", "in", "not in", "contains", "startsWith", "endsWith", "matches", "0", "1", "2",
        "0.5", "-1", "1e3", "'a'", "\"b\"", "`c`", "nil", "true", "false", "all", "any", "none", "one",
        "filter", "map", "count", "len", "abs", "max", "min", "floor", "ceil", "round", "int", "float",
        "string", "isNaN", "isInf", "asInt", "asFloat", "isNil", "default", "sum", "find", "x", "@", "\"",
        "'", "0x", "é", "\n", " ",
        "let", "x =", "if", "else", "=", "|", "#acc", "reduce", "sortBy", "groupBy", "first", "last", "mean",
        "median", "trim", "upper", "split", "replace", "repeat", "join", "indexOf", "keys", "values", "toPairs",
        "fromPairs", "reverse", "uniq", "concat", "flatten", "sort", "get", "take", "toJSON", "fromJSON",
        "type", "bitshl", "bitnot", "fromBase64", "toBase64",
    ]

    static let seeds: [String] = [
        "result[0] >= 0.995",
        "all(result, {# >= 0.99})",
        "len(result) > 0 && result[0] < 1",
        "len(result) == 0 || result[0] >= 0.95",
        "result >= 0.9 || isNaN(result)",
        "asFloat(result) > 1.5 ? true : false",
        "max(result) - min(result) < 0.1",
        "count(filter(result, # > 0.5), # < 0.9) == 1",
        "'a' in {'a': result} and not (result in [1, 2, 3])",
        "(default(result, 0) ?? 1) > round(abs(-0.5) ** 2)",
        "map(result[1:3], string(#index)) == ['0', '1']",
        "let x = result[0]; x > 0.99",
        "if len(result) > 0 { mean(result) > 0.9 } else { true }",
        "reduce(result, #acc + #, 0) / len(result) > 0.5",
        "join(map(result, string(#)), ',') | split(',') | len() > 0",
        "fromJSON(toJSON(result)) == result && first(sort(result)) <= last(result)",
    ]

    static let environments: [ExprEnvironment] = [
        .argo(result: .float(0.97)),
        .argo(result: .float(.nan)),
        .argo(result: .floats([]), resultType: .array(.float)),
        .argo(result: .floats([0.5, 0.999, 1])),
        .argo(result: .nil),
        .argo(result: "1.5"),
        .argo(result: .map(ExprMap([("a", [1, 2]), ("b", .nil)]))),
    ]

    func tokenSoup(_ rng: inout TestRandom) -> String {
        (0..<(1 + rng.below(12))).map { _ in rng.pick(Self.vocabulary) }.joined(separator: rng.pick([" ", "", " "]))
    }

    func mutation(_ rng: inout TestRandom) -> String {
        var scalars = Array(rng.pick(Self.seeds).unicodeScalars)
        for _ in 0..<(1 + rng.below(4)) {
            let position = rng.below(scalars.count + 1)
            switch rng.below(4) {
            case 0 where !scalars.isEmpty:
                scalars.remove(at: min(position, scalars.count - 1))
            case 1:
                scalars.insert(contentsOf: rng.pick(Self.vocabulary).unicodeScalars, at: position)
            case 2 where position < scalars.count:
                let end = min(scalars.count, position + rng.below(6))
                scalars.insert(contentsOf: scalars[position..<end], at: position)
            default:
                scalars.insert(rng.pick(["(", ")", "[", "]", "{", "}", "#", "'", "\""]), at: position)
            }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    /// Compiles and evaluates `source` everywhere; returns a digest line of the outcomes.
    func exercise(_ source: String, seed: UInt64) -> String {
        let limit = source.utf8.count
        var outcomes: [String] = []
        func checkPosition(_ error: ExprError) {
            #expect(error.offset >= 0 && error.offset <= limit, "seed=\(seed) source=\(source)")
            #expect(error.line >= 1 && error.column >= 1, "seed=\(seed) source=\(source)")
            #expect(!error.message.isEmpty, "seed=\(seed) source=\(source)")
        }
        let compiled: CompiledExpression
        do {
            compiled = try CompiledExpression(source)
        } catch {
            checkPosition(error)
            return "compile error \(error.description)"
        }
        for environment in Self.environments {
            do {
                outcomes.append(goFormatV(try compiled.evaluate(in: environment)))
            } catch {
                checkPosition(error)
                outcomes.append(error.description)
            }
        }
        return outcomes.joined(separator: " | ")
    }

    @Test("token soup and mutated conditions give a value or a positioned error", arguments: [1, 2, 3, 4] as [UInt64])
    func fuzz(_ seed: UInt64) {
        var rng = TestRandom(seed: seed)
        var digest: [String] = []
        for index in 0..<500 {
            let source = index % 2 == 0 ? tokenSoup(&rng) : mutation(&rng)
            digest.append(exercise(source, seed: seed))
        }
        // Determinism: the same seed gives the same sources and the same outcomes.
        var replay = TestRandom(seed: seed)
        for index in 0..<50 {
            let source = index % 2 == 0 ? tokenSoup(&replay) : mutation(&replay)
            #expect(exercise(source, seed: seed) == digest[index], "seed=\(seed) case=\(index)")
        }
    }

    @Test("the seed conditions themselves compile")
    func seedsCompile() throws {
        for source in Self.seeds {
            _ = try CompiledExpression(source)
        }
        #expect(try run(Self.seeds[0], result: .floats([0.999])) == .bool(true))
        #expect(try run(Self.seeds[8], result: .float(4)) == .bool(true))
    }

    @Test("SplitMix64 matches the reference sequence for seed 0")
    func splitMixReference() {
        var rng = TestRandom(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
