/// String builtins. expr-lang wraps Go's `strings` package, which works on UTF-8 bytes: offsets
/// (`indexOf`) are byte offsets and matching is bytewise, never Unicode-canonical as Swift's `==`
/// on `String` would be. expr-lang: `builtin/builtin.go` (trim … hasSuffix).
extension Builtin {
    var stringSignatures: [Signature]? {
        switch self {
        case .trim: return [Signature([.string], .string), Signature([.string, .string], .string)]
        case .trimPrefix, .trimSuffix:
            return [Signature([.string, .string], .string), Signature([.string], .string)]
        case .upper, .lower: return [Signature([.string], .string)]
        case .split, .splitAfter:
            return [Signature([.string, .string], .array(.string)), Signature([.string, .string, .int], .array(.string))]
        case .replace:
            return [Signature([.string, .string, .string, .int], .string), Signature([.string, .string, .string], .string)]
        case .repeat: return [Signature([.string, .int], .string)]
        case .join:
            return [
                Signature([.array(.string), .string], .string), Signature([.array(.unknown), .string], .string),
                Signature([.array(.unknown)], .string), Signature([.array(.string), .string], .string),
                Signature([.array(.string)], .string),
            ]
        case .indexOf, .lastIndexOf: return [Signature([.string, .string], .int)]
        case .hasPrefix, .hasSuffix: return [Signature([.string, .string], .bool)]
        default: return nil
        }
    }

    func callString(_ arguments: [ExprValue], at range: SourceRange) throws(RawError) -> ExprValue {
        if self == .join { return try join(arguments, at: range) }
        let text = try assertString(argument(arguments, 0), range)
        switch self {
        case .trim:
            if arguments.count < 2 { return .string(trimScalars(text, where: isGoSpace)) }
            let cutset = Set(try assertString(arguments[1], range).unicodeScalars)
            return .string(trimScalars(text) { cutset.contains($0) })
        case .trimPrefix, .trimSuffix:
            let affix = arguments.count < 2 ? " " : try assertString(arguments[1], range)
            let bytes = Array(text.utf8)
            let cut = Array(affix.utf8)
            if self == .trimPrefix, bytes.starts(with: cut) { return .string(decode(bytes[cut.count...])) }
            if self == .trimSuffix, bytes.reversed().starts(with: cut.reversed()) {
                return .string(decode(bytes[..<(bytes.count - cut.count)]))
            }
            return .string(text)
        case .upper, .lower:
            return .string(mapCase(text, upper: self == .upper))
        case .split, .splitAfter:
            let separator = try assertString(argument(arguments, 1), range)
            let limit = arguments.count > 2 ? try toInt(arguments[2], range) : -1
            let pieces = goSplit(Array(text.utf8), Array(separator.utf8), keepSeparator: self == .splitAfter, limit: limit)
            return .array(pieces.map { .string($0) })
        case .replace:
            let old = try assertString(argument(arguments, 1), range)
            let new = try assertString(argument(arguments, 2), range)
            let limit = arguments.count > 3 ? try toInt(arguments[3], range) : -1
            return .string(goReplace(text, old, new, limit: limit))
        case .repeat:
            let count = try toInt(argument(arguments, 1), range)
            if count < 0 { throw RawError(.negativeRepeatCount(count), range) }
            // Upstream refuses more than a million copies, and its memory budget catches the rest
            // once the string is built; here the size is checked before building it.
            let (size, overflow) = text.utf8.count.multipliedReportingOverflow(by: count)
            if count > 1_000_000 || overflow || size >= Evaluator.memoryBudget {
                throw RawError(.memoryBudgetExceeded, range)
            }
            return .string(String(repeating: text, count: count))
        case .indexOf, .lastIndexOf:
            let needle = Array(try assertString(argument(arguments, 1), range).utf8)
            let hay = Array(text.utf8)
            let found = self == .indexOf ? firstByteIndex(of: needle, in: hay, from: 0) : lastByteIndex(of: needle, in: hay)
            return .int(found ?? -1)
        case .hasPrefix, .hasSuffix:
            let affix = Array(try assertString(argument(arguments, 1), range).utf8)
            let bytes = Array(text.utf8)
            return .bool(self == .hasPrefix ? bytes.starts(with: affix) : bytes.reversed().starts(with: affix.reversed()))
        default:
            preconditionFailure("\(rawValue) is not a string builtin")
        }
    }

    /// `join(xs, glue)`: every element must be a string (a Go type assertion).
    private func join(_ arguments: [ExprValue], at range: SourceRange) throws(RawError) -> ExprValue {
        let glue = arguments.count > 1 ? try assertString(arguments[1], range) : ""
        guard case .array(let elements) = argument(arguments, 0) else {
            throw RawError(.invalidArgument(function: "join", typeName: argument(arguments, 0).goTypeName), range)
        }
        var parts: [String] = []
        parts.reserveCapacity(elements.count)
        for element in elements { parts.append(try assertString(element, range)) }
        return .string(parts.joined(separator: glue))
    }
}

private func decode(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// Go `unicode.IsSpace`: the Unicode White_Space property (which covers the Latin-1 cases).
private func isGoSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace
}

/// `strings.TrimFunc`: drops matching runes from both ends.
private func trimScalars(_ text: String, where matches: (Unicode.Scalar) -> Bool) -> String {
    let scalars = Array(text.unicodeScalars)
    var start = 0
    var end = scalars.count
    while start < end, matches(scalars[start]) { start += 1 }
    while end > start, matches(scalars[end - 1]) { end -= 1 }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[start..<end])
    return String(view)
}

/// `strings.ToUpper` / `ToLower` map rune by rune with Unicode's simple case mapping, so a rune
/// whose full mapping needs several runes ("ß" → "SS") stays as it is. (Swift exposes only the
/// full mappings; "İ", whose simple lower case is "i", is the one common rune where they differ
/// otherwise. Greek letters with ypogegrammeni keep their case here, where Go title-cases them.)
private func mapCase(_ text: String, upper: Bool) -> String {
    var view = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        if !upper && scalar == "\u{130}" {
            view.append("i")
            continue
        }
        let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
        let mappedScalars = mapped.unicodeScalars
        if mappedScalars.count == 1, let single = mappedScalars.first {
            view.append(single)
        } else {
            view.append(scalar)
        }
    }
    return String(view)
}

func firstByteIndex(of needle: [UInt8], in hay: [UInt8], from start: Int) -> Int? {
    guard needle.count <= hay.count - start else { return nil }
    if needle.isEmpty { return start }
    var index = start
    while index + needle.count <= hay.count {
        if hay[index] == needle[0], hay[index..<(index + needle.count)].elementsEqual(needle) { return index }
        index += 1
    }
    return nil
}

private func lastByteIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
    guard needle.count <= hay.count else { return nil }
    if needle.isEmpty { return hay.count }
    var index = hay.count - needle.count
    while index >= 0 {
        if hay[index..<(index + needle.count)].elementsEqual(needle) { return index }
        index -= 1
    }
    return nil
}

/// Non-overlapping occurrences, as `strings.Count` counts them; an empty needle occurs before
/// every rune and at the end.
private func occurrences(of needle: [UInt8], in hay: [UInt8]) -> Int {
    if needle.isEmpty { return String(decoding: hay, as: UTF8.self).unicodeScalars.count + 1 }
    var count = 0
    var start = 0
    while let found = firstByteIndex(of: needle, in: hay, from: start) {
        count += 1
        start = found + needle.count
    }
    return count
}

/// Go's `genSplit`: `limit` < 0 splits everywhere, 0 gives nothing, n > 0 gives at most n pieces
/// with the rest unsplit in the last. An empty separator splits into runes.
private func goSplit(_ bytes: [UInt8], _ separator: [UInt8], keepSeparator: Bool, limit: Int) -> [String] {
    if limit == 0 { return [] }
    if separator.isEmpty {
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        let count = limit < 0 || limit > scalars.count ? scalars.count : limit
        var pieces: [String] = []
        for index in 0..<count {
            var view = String.UnicodeScalarView()
            if index == count - 1 {
                view.append(contentsOf: scalars[index...])
            } else {
                view.append(scalars[index])
            }
            pieces.append(String(view))
        }
        return pieces
    }
    var count = limit < 0 ? occurrences(of: separator, in: bytes) + 1 : limit
    count = min(count, bytes.count + 1)
    var pieces: [String] = []
    var start = 0
    while pieces.count < count - 1, let found = firstByteIndex(of: separator, in: bytes, from: start) {
        let end = keepSeparator ? found + separator.count : found
        pieces.append(decode(bytes[start..<end]))
        start = found + separator.count
    }
    pieces.append(decode(bytes[start...]))
    return pieces
}

/// `strings.Replace`: the first `limit` occurrences (all when negative); an empty `old` matches
/// before every rune and at the end.
private func goReplace(_ text: String, _ old: String, _ new: String, limit: Int) -> String {
    let bytes = Array(text.utf8)
    let oldBytes = Array(old.utf8)
    if oldBytes.elementsEqual(new.utf8) || limit == 0 { return text }
    let found = occurrences(of: oldBytes, in: bytes)
    if found == 0 { return text }
    let count = limit < 0 || found < limit ? found : limit
    var output: [UInt8] = []
    var start = 0
    for index in 0..<count {
        var cut = start
        if oldBytes.isEmpty {
            if index > 0 { cut += utf8SequenceLength(bytes, at: start) }
        } else {
            cut = firstByteIndex(of: oldBytes, in: bytes, from: start) ?? bytes.count
        }
        output.append(contentsOf: bytes[start..<cut])
        output.append(contentsOf: new.utf8)
        start = cut + oldBytes.count
    }
    output.append(contentsOf: bytes[min(start, bytes.count)...])
    return String(decoding: output, as: UTF8.self)
}

private func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
    guard index < bytes.count else { return 0 }
    let lead = bytes[index]
    switch lead {
    case 0..<0x80: return 1
    case 0xF0...: return 4
    case 0xE0...: return 3
    default: return 2
    }
}
