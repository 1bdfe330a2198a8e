import Yams

/// A YAML node with its source location. Decoders read manifests and scenarios from this tree, not
/// from `Codable`, so that every problem can point at the line and column of the offending node.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        /// A scalar with its text and whether it was quoted ("5" stays a string, 5 may be a number).
        case scalar(String, quoted: Bool)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var content: Content
    public var location: SourceLocation
    /// An explicit tag such as `!!str`, when written.
    public var tag: String?

    public init(_ content: Content, at location: SourceLocation, tag: String? = nil) {
        self.content = content
        self.location = location
        self.tag = tag
    }

    /// The scalar text, or nil for mappings and sequences.
    public var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    public var isQuoted: Bool {
        if case .scalar(_, let quoted) = content { return quoted }
        return false
    }

    /// YAML null: `~`, `null`, `Null`, `NULL` or an empty plain scalar.
    public var isNull: Bool {
        guard case .scalar(let text, let quoted) = content, !quoted, tag == nil else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    public var mappingPairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    public var sequenceItems: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The value under a key of a mapping, or nil.
    public subscript(key: String) -> YAMLNode? {
        mappingPairs?.first { $0.key == key }?.value
    }

    /// What kind of node this is, for "expected a mapping, got a sequence" messages.
    public var kindDescription: String {
        switch content {
        case .scalar(let text, _):
            if isNull { return "null" }
            return "'\(text.count > 40 ? String(text.prefix(40)) + "…" : text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

public struct YAMLPair: Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: YAMLNode
}

/// One document of a multi-document YAML file.
public struct YAMLDocument: Sendable {
    public var root: YAMLNode
    /// 0-based index of the document in its file.
    public var index: Int
}

public enum YAMLLoader {
    /// Parses every document of a YAML text. A syntax error, a duplicate key or a non-text input is
    /// returned as a diagnostic at its position; documents before the error are still returned.
    public static func documents(in text: String, file: String) -> (documents: [YAMLDocument], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        if text.unicodeScalars.contains(where: { $0 == "\u{0}" }) {
            let location = firstNulLocation(in: text, file: file)
            return ([], [Diagnostic(.error, at: location, "file is not text: it contains a NUL byte", expected: "a YAML document")])
        }
        var documents: [YAMLDocument] = []
        do {
            var sequence = try Yams.compose_all(yaml: text)
            var index = 0
            var budget = maximumNodeCount
            while let node = sequence.next() {
                if let converted = convert(node, file: file, diagnostics: &diagnostics, budget: &budget) {
                    documents.append(YAMLDocument(root: converted, index: index))
                }
                index += 1
            }
            if let error = sequence.error {
                diagnostics.append(diagnostic(for: error, file: file))
            }
        } catch {
            diagnostics.append(diagnostic(for: error, file: file))
        }
        return (documents, diagnostics)
    }

    /// How many nodes one file may expand to. Aliases can make a few hundred bytes expand to
    /// billions of nodes (a "billion laughs" file); kubectl's YAML reader refuses such files as
    /// "excessive aliasing", and so do we, long before memory runs out.
    static let maximumNodeCount = 1_000_000

    private static func convert(_ node: Node, file: String, diagnostics: inout [Diagnostic], budget: inout Int) -> YAMLNode? {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        guard budget > 0 else { return nil }
        budget -= 1
        if budget == 0 {
            diagnostics.append(Diagnostic(.error, at: location, "excessive aliasing: the file expands to more than \(maximumNodeCount) YAML nodes",
                                          expected: "a manifest without alias bombs"))
            return nil
        }
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                || scalar.style == .literal || scalar.style == .folded
            let tag = scalar.tag.rawValue.isEmpty || scalar.tag.rawValue == "!" ? nil : scalar.tag.rawValue
            return YAMLNode(.scalar(scalar.string, quoted: quoted), at: location, tag: tag)
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            for (key, value) in mapping {
                let keyLocation = SourceLocation(file: file, line: key.mark?.line ?? location.line, column: key.mark?.column ?? location.column)
                guard let keyText = key.scalar?.string else {
                    diagnostics.append(Diagnostic(.error, at: keyLocation, "mapping key is not a plain value", expected: "a field name"))
                    continue
                }
                guard let converted = convert(value, file: file, diagnostics: &diagnostics, budget: &budget) else { continue }
                pairs.append(YAMLPair(key: keyText, keyLocation: keyLocation, value: converted))
            }
            return YAMLNode(.mapping(pairs), at: location)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence {
                if let converted = convert(item, file: file, diagnostics: &diagnostics, budget: &budget) { items.append(converted) }
            }
            return YAMLNode(.sequence(items), at: location)
        case .alias:
            diagnostics.append(Diagnostic(.error, at: location, "YAML aliases are not supported", expected: "the value written out"))
            return nil
        }
    }

    private static func diagnostic(for error: Error, file: String) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), "cannot read YAML: \(error)", expected: "a YAML document")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let where_ = context.map { " \($0.text)" } ?? ""
            return Diagnostic(.error, at: SourceLocation(file: file, line: mark.line, column: mark.column),
                              "invalid YAML: \(problem)\(where_)", expected: "well-formed YAML")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the key's first occurrence; the repeat is the one to fix.
            let (line, column) = duplicates.first.flatMap { repeatedKeyPosition(of: $0, after: context.mark, in: context.text) }
                ?? (context.mark.line, context.mark.column)
            return Diagnostic(.error, at: SourceLocation(file: file, line: line, column: column),
                              "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in mapping",
                              expected: "each key once")
        case .reader(let problem, let offset, _, let yaml):
            let location = offset.map { locationOfUTF8Offset($0, in: yaml, file: file) } ?? SourceLocation(file: file, line: 1, column: 1)
            return Diagnostic(.error, at: location, "cannot read YAML: \(problem)", expected: "UTF-8 text")
        default:
            return Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), "cannot read YAML: \(yamlError)", expected: "well-formed YAML")
        }
    }

    /// Where a mapping key occurs again after its first occurrence at `first`: a later line with
    /// the same indentation (block style), or later on the same line after `,` (flow style).
    static func repeatedKeyPosition(of key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line <= lines.count else { return nil }
        func startsWithKey(_ rest: Substring) -> Bool {
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate) {
                if rest.dropFirst(candidate.count).drop(while: { $0 == " " }).first == ":" { return true }
            }
            return false
        }
        let firstLine = Array(lines[first.line - 1].unicodeScalars)
        var index = first.column
        while index < firstLine.count {
            if firstLine[index - 1] == ",", let offset = firstLine[index...].firstIndex(where: { $0 != " " }) {
                if startsWithKey(Substring(String(String.UnicodeScalarView(firstLine[offset...])))) { return (first.line, offset + 1) }
            }
            index += 1
        }
        let indent = first.column - 1
        for number in first.line..<lines.count {
            let line = lines[number]
            let leading = line.prefix { $0 == " " }.count
            if leading < indent && !line.allSatisfy({ $0 == " " }) && !line.drop(while: { $0 == " " }).hasPrefix("#") { break }
            if leading == indent && startsWithKey(line.dropFirst(indent)) { return (number + 1, indent + 1) }
        }
        return nil
    }

    private static func firstNulLocation(in text: String, file: String) -> SourceLocation {
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            if scalar == "\u{0}" { break }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    static func locationOfUTF8Offset(_ offset: Int, in text: String, file: String) -> SourceLocation {
        var line = 1, column = 1, consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
