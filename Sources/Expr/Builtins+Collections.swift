/// Array and map builtins: first, last, get, take, keys, values, toPairs, fromPairs, reverse,
/// uniq, concat, flatten, sort. expr-lang: `builtin/builtin.go` and `builtin/lib.go` (get,
/// flatten); `sortBy` and `reduce` are predicates, run by the evaluator.
///
/// Maps keep insertion order here, where Go's iteration order is random: `keys`, `values` and
/// `toPairs` list entries in the order the map was built.
extension Builtin {
    var collectionSignatures: [Signature]? {
        guard self == .sort else { return nil }
        let arrays: [ExprType] = [.array(.unknown), .array(.int), .array(.float), .array(.string)]
        return arrays.map { Signature([$0, .string], .array(.unknown)) }
            + [.array(.unknown), .array(.float), .array(.string), .array(.int)].map { Signature([$0], .array(.unknown)) }
    }

    /// The `Validate` functions of the collection builtins.
    func checkCollectionArguments(_ types: [ExprType], _ arguments: [Node], at range: SourceRange) throws(RawError) -> ExprType {
        if self == .concat {
            if types.isEmpty { throw RawError(.invalidArgumentCountAtLeast(expected: 1, got: 0), range) }
            for type in types where !type.isUnknown && !type.isArray {
                throw RawError(.cannotApply(template: "cannot concat %s", typeName: type.goName), range)
            }
            return .array(.unknown)
        }
        let arity = self == .get || self == .take ? 2 : 1
        guard types.count == arity else { throw RawError(.invalidArgumentCount(expected: arity, got: types.count), range) }
        let type = types[0]
        func refuse(_ template: String, _ typeName: String = type.goName) -> RawError {
            RawError(.cannotApply(template: template, typeName: typeName), range)
        }
        switch self {
        case .first, .last:
            if type.isUnknown { return .unknown }
            if type.isArray { return type.elementType }
            throw refuse("cannot get \(rawValue) element from %s")
        case .get:
            // checker.checkBuiltinGet
            let property = types[1]
            if type.isUnknown || type == .nil { return .unknown }
            if type.isArray {
                if property != .int && !property.isUnknown {
                    throw RawError(.nonIntegerSliceIndex(property), arguments[1].range)
                }
                return type.elementType
            }
            if type.isMap {
                if property != .string && !property.isUnknown {
                    throw RawError(.mapKeyNotString(property: property, map: type), arguments[1].range)
                }
                return type.elementType
            }
            throw RawError(.doesNotSupportIndexing(type), arguments[0].range)
        case .take:
            if !type.isUnknown && !type.isArray { throw refuse("cannot take from %s") }
            if !types[1].isUnknown && types[1] != .int { throw refuse("cannot take %s elements", types[1].goName) }
            return type
        case .keys, .values:
            if type.isUnknown || type.isMap { return .array(.unknown) }
            throw refuse("cannot get \(rawValue) from %s")
        case .toPairs:
            if type.isUnknown || type.isMap { return .array(.unknown) }
            throw refuse("cannot transform %s to pairs")
        case .fromPairs:
            if type.isUnknown || type.isArray { return .map(.unknown) }
            throw refuse("cannot transform %s from pairs")
        case .reverse, .uniq, .flatten:
            if type.isUnknown || type.isArray { return .array(.unknown) }
            throw refuse("cannot \(rawValue) %s")
        default:
            return .unknown
        }
    }

    func callCollection(_ arguments: [ExprValue], at range: SourceRange) throws(RawError) -> ExprValue {
        let value = argument(arguments, 0)
        func refuse(_ template: String, _ name: String = goKindName(value)) -> RawError {
            RawError(.cannotApply(template: template, typeName: name), range)
        }
        switch self {
        case .first, .last:
            // Upstream recovers from any failure of runtime.Fetch and returns nil.
            switch value {
            case .array(let elements): return (self == .first ? elements.first : elements.last) ?? .nil
            case .string(let text):
                let byte = self == .first ? text.utf8.first : text.utf8.last
                return byte.map { .int(Int($0)) } ?? .nil
            default: return .nil
            }
        case .get:
            return try get(value, argument(arguments, 1), at: range)
        case .take:
            guard case .array(let elements) = value else { throw refuse("cannot take from %s") }
            guard case .int(let count) = argument(arguments, 1) else {
                throw refuse("cannot take %s elements", goKindName(argument(arguments, 1)))
            }
            if count < 0 { throw RawError(.sliceIndexOutOfBounds, range) }
            return .array(Array(elements.prefix(count)))
        case .keys, .values, .toPairs:
            guard case .map(let map) = value else {
                throw refuse(self == .toPairs ? "cannot transform %s to pairs" : "cannot get \(rawValue) from %s")
            }
            switch self {
            case .keys: return .array(map.keys.map { .string($0) })
            case .values: return .array(map.values)
            default: return .array(map.pairs.map { .array([.string($0.key), $0.value]) })
            }
        case .fromPairs:
            guard case .array(let pairs) = value else {
                throw refuse("cannot transform %s from pairs", goFormatS(value))
            }
            var entries: [(String, ExprValue)] = []
            entries.reserveCapacity(pairs.count)
            for pair in pairs {
                guard case .array(let parts) = pair else { throw RawError(.invalidPair(goFormatV(pair)), range) }
                guard parts.count == 2 else { throw RawError(.invalidPairLength(goFormatV(pair)), range) }
                guard case .string(let key) = parts[0] else {
                    throw RawError(.nonStringMapKey(typeName: parts[0].goTypeName), range)
                }
                entries.append((key, parts[1]))
            }
            return .map(ExprMap(collecting: entries))
        case .reverse, .uniq, .flatten:
            guard case .array(let elements) = value else { throw refuse("cannot \(rawValue) %s") }
            switch self {
            case .reverse: return .array(elements.reversed())
            case .uniq:
                var kept: [ExprValue] = []
                for element in elements where !kept.contains(where: { goEqual($0, element) }) { kept.append(element) }
                return .array(kept)
            default:
                var flat: [ExprValue] = []
                try flatten(elements, into: &flat, depth: 0, at: range)
                return .array(flat)
            }
        case .concat:
            var joined: [ExprValue] = []
            for part in arguments {
                guard case .array(let elements) = part else { throw refuse("cannot concat %s", goKindName(part)) }
                joined.append(contentsOf: elements)
            }
            return .array(joined)
        case .sort:
            // A value that is not an array sorts as an empty one (upstream's type switch leaves
            // its array nil).
            guard case .array(let elements) = value else { return .array([]) }
            let descending = arguments.count > 1 ? try sortIsDescending(arguments[1], builtin: "sort", range) : false
            let order = try stableSort(Array(elements.indices), range) { (a, b) throws(RawError) in
                descending ? try lessThan(elements[b], elements[a], range) : try lessThan(elements[a], elements[b], range)
            }
            return .array(order.map { elements[$0] })
        default:
            preconditionFailure("\(rawValue) is not a collection builtin")
        }
    }

    /// builtin `get`: like indexing, but a missing index or key gives nil instead of an error.
    private func get(_ from: ExprValue, _ key: ExprValue, at range: SourceRange) throws(RawError) -> ExprValue {
        switch from {
        case .array(let elements):
            var index = try toInt(key, range)
            if index < 0 { index = index &+ elements.count }
            return index >= 0 && index < elements.count ? elements[index] : .nil
        case .string(let text):
            let bytes = Array(text.utf8)
            var index = try toInt(key, range)
            if index < 0 { index = index &+ bytes.count }
            return index >= 0 && index < bytes.count ? .int(Int(bytes[index])) : .nil
        case .map(let map):
            switch key {
            case .string(let name): return map[name] ?? .nil
            case .nil: return map[""] ?? .nil
            default: throw RawError(.mapIndexNotAssignable(key.goTypeName), range)
            }
        case .nil, .bool, .int, .float:
            return .nil
        }
    }

    private func flatten(_ elements: [ExprValue], into flat: inout [ExprValue], depth: Int, at range: SourceRange) throws(RawError) {
        guard depth <= 10_000 else { throw RawError(.recursionDepthExceeded, range) }
        for element in elements {
            if case .array(let inner) = element {
                try flatten(inner, into: &flat, depth: depth + 1, at: range)
            } else {
                flat.append(element)
            }
        }
    }
}

/// The order argument of `sort` and `sortBy`: "asc" (the default) or "desc".
func sortIsDescending(_ order: ExprValue, builtin: String, _ range: SourceRange) throws(RawError) -> Bool {
    guard case .string(let text) = order else {
        throw RawError(.sortOrderNotString(order.goTypeName, builtin: builtin), range)
    }
    switch text {
    case "asc": return false
    case "desc": return true
    default: throw RawError(.invalidSortOrder(text), range)
    }
}

/// A stable merge sort whose comparison may throw (runtime.Less rejects mixed kinds). Go's
/// sort.Sort is not stable; equal keys keep their input order here, which is deterministic.
func stableSort(
    _ items: [Int], _ range: SourceRange, by less: (Int, Int) throws(RawError) -> Bool
) throws(RawError) -> [Int] {
    guard items.count > 1 else { return items }
    var source = items
    var target = items
    var width = 1
    while width < source.count {
        var start = 0
        while start < source.count {
            let middle = min(start + width, source.count)
            let end = min(start + 2 * width, source.count)
            var left = start
            var right = middle
            var out = start
            while left < middle && right < end {
                if try less(source[right], source[left]) {
                    target[out] = source[right]
                    right += 1
                } else {
                    target[out] = source[left]
                    left += 1
                }
                out += 1
            }
            while left < middle { target[out] = source[left]; left += 1; out += 1 }
            while right < end { target[out] = source[right]; right += 1; out += 1 }
            start = end
        }
        swap(&source, &target)
        width *= 2
    }
    return source
}

/// `fmt.Sprintf("%s", reflect.ValueOf(value))`, as `fromPairs` prints a value it cannot use.
func goFormatS(_ value: ExprValue) -> String {
    switch value {
    case .nil: return "<invalid reflect.Value>"
    case .string(let text): return text
    case .bool, .int, .float: return "%!s(\(value.goTypeName)=\(goFormatV(value)))"
    case .array, .map: return goFormatV(value)
    }
}

/// The deepest nesting of arrays and maps a value may reach. Only `reduce` (feeding `#acc` back
/// into a literal) and `fromJSON` can build values deeper than the parser's own limit; the
/// recursive helpers (`string`, `==`, `toJSON`…) rely on this bound.
let maxValueDepth = 256

/// Whether `value` nests arrays and maps more than `limit` levels deep.
func exceedsValueDepth(_ value: ExprValue, limit: Int) -> Bool {
    switch value {
    case .array(let elements):
        if limit <= 0 { return true }
        return elements.contains { exceedsValueDepth($0, limit: limit - 1) }
    case .map(let map):
        if limit <= 0 { return true }
        return map.values.contains { exceedsValueDepth($0, limit: limit - 1) }
    default:
        return false
    }
}
