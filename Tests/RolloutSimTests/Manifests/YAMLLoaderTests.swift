import Testing
@testable import RolloutSim

@Suite("YAML with positions")
struct YAMLLoaderTests {
    @Test("every node keeps its 1-based line and column")
    func positions() throws {
        let text = "a: 1\nb:\n  - x\n  - {c: d}\n---\nsecond: true\n"
        let (documents, diagnostics) = YAMLLoader.documents(in: text, file: "f.yaml")
        #expect(diagnostics.isEmpty)
        #expect(documents.count == 2)
        let first = documents[0].root
        #expect(first["a"]?.location == SourceLocation(file: "f.yaml", line: 1, column: 4))
        let items = try #require(first["b"]?.sequenceItems)
        #expect(items[0].location.line == 3 && items[0].location.column == 5)
        #expect(items[1]["c"]?.location == SourceLocation(file: "f.yaml", line: 4, column: 9))
        #expect(first.mappingPairs?[1].keyLocation == SourceLocation(file: "f.yaml", line: 2, column: 1))
        #expect(documents[1].root["second"]?.location.line == 6)
        #expect(documents[1].index == 1)
    }

    @Test("quoted scalars are marked, so \"5\" stays a string")
    func quoting() {
        let (documents, _) = YAMLLoader.documents(in: "a: \"5\"\nb: 5\nc: ~\n", file: "f")
        #expect(documents[0].root["a"]?.isQuoted == true)
        #expect(documents[0].root["b"]?.isQuoted == false)
        #expect(documents[0].root["c"]?.isNull == true)
    }

    @Test("a duplicate key is an error at the key")
    func duplicateKey() {
        let (_, diagnostics) = YAMLLoader.documents(in: "a: 1\nb: 2\na: 3\n", file: "dup.yaml")
        #expect(diagnostics.map(\.description) == ["dup.yaml:3:1: duplicate key 'a' in mapping (expected each key once)"])
    }

    @Test("a syntax error points at where the parser stopped")
    func syntaxError() throws {
        let (_, diagnostics) = YAMLLoader.documents(in: "a: [1, 2\nb: 3\n", file: "bad.yaml")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.location.file == "bad.yaml")
        #expect(diagnostic.location.line == 2)
        #expect(diagnostic.message.hasPrefix("invalid YAML: "))
        #expect(diagnostic.expected == "well-formed YAML")
    }

    @Test("binary garbage is refused, not crashed on")
    func binary() {
        let (documents, diagnostics) = YAMLLoader.documents(in: "a: 1\nb\u{0}\u{1}\u{2}", file: "bin")
        #expect(documents.isEmpty)
        #expect(diagnostics.map(\.description) == ["bin:2:2: file is not text: it contains a NUL byte (expected a YAML document)"])
    }

    @Test("an empty file has no documents and no error")
    func empty() {
        let (documents, diagnostics) = YAMLLoader.documents(in: "", file: "e")
        #expect(documents.isEmpty && diagnostics.isEmpty)
    }

    @Test("unknown fields are reported with a suggestion; warning or error by policy")
    func unknownFields() {
        let (documents, _) = YAMLLoader.documents(in: "steps: []\nstepz: 1\n", file: "u.yaml")
        for policy in [FieldReader.UnknownFieldPolicy.warning, .error] {
            let sink = DiagnosticSink()
            let reader = FieldReader(documents[0].root, path: "spec.strategy.canary", sink: sink)
            _ = reader.sequence("steps")
            reader.finish(unknownFields: policy, known: ["steps", "trafficRouting", "maxSurge"])
            let prefix = policy == .warning ? "warning: " : ""
            #expect(sink.diagnostics.map(\.description) == [
                "u.yaml:2:1: \(prefix)unknown field 'stepz' in spec.strategy.canary (expected one of: maxSurge, steps, trafficRouting; did you mean 'steps'?)",
            ])
        }
    }

    @Test("wrong scalar types name the field, the value and the expected type")
    func wrongTypes() {
        let (documents, _) = YAMLLoader.documents(in: "replicas: three\npaused: yes\nrate: \"1\"\n", file: "t.yaml")
        let sink = DiagnosticSink()
        let reader = FieldReader(documents[0].root, path: "spec", sink: sink)
        #expect(reader.int("replicas") == nil)
        #expect(reader.bool("paused") == nil)
        #expect(reader.double("rate") == nil)
        #expect(sink.sorted.map(\.description) == [
            "t.yaml:1:11: spec.replicas must be an integer, got 'three' (expected an integer)",
            "t.yaml:2:9: spec.paused must be true or false, got 'yes' (expected true or false)",
            "t.yaml:3:7: spec.rate must be a number, got '1' (expected a number)",
        ])
    }

    @Test("edit distance")
    func distance() {
        #expect(editDistance("stepz", "steps") == 1)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(closestMatch(to: "canarySvc", among: ["canaryService", "stableService"]) == nil)
        #expect(closestMatch(to: "canaryServce", among: ["canaryService", "stableService"]) == "canaryService")
    }
}

@Suite("Duplicate keys point at the repeat")
struct DuplicateKeyPositionTests {
    @Test("block and flow mappings", arguments: [
        ("spec:\n  replicas: 1\n  selector: {}\n  replicas: 2\n", "4:3", "replicas"),
        ("a: {x: 1, y: 2, x: 3}\n", "1:17", "x"),
        ("list:\n  - name: a\n    image: b\n    name: c\n", "4:5", "name"),
        ("\"q\": 1\nq: 2\n", "2:1", "q"),
    ])
    func repeated(text: String, position: String, key: String) {
        let (_, diagnostics) = YAMLLoader.documents(in: text, file: "d")
        #expect(diagnostics.map(\.description) == ["d:\(position): duplicate key '\(key)' in mapping (expected each key once)"])
    }
}

@Suite("Alias bombs")
struct AliasBombTests {
    @Test("a file whose aliases expand past the node budget is refused quickly, with a position")
    func billionLaughs() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let (_, diagnostics) = YAMLLoader.documents(in: text, file: "bomb.yaml")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == "excessive aliasing: the file expands to more than 1000000 YAML nodes")
        #expect(diagnostics.first?.location.file == "bomb.yaml")
    }

    @Test("ordinary aliases still work")
    func ordinaryAlias() {
        let (documents, diagnostics) = YAMLLoader.documents(in: "base: &b {x: 1}\ncopy: *b\n", file: "a.yaml")
        #expect(diagnostics.isEmpty)
        #expect(documents.first?.root["copy"]?["x"]?.scalar == "1")
    }
}
