// A compact s-expression rendering of parse trees, so parser tests can state the expected tree
// shape (operators, precedence, matching, grouping, modifiers) in one line.
@testable import PromQL

func shape(_ node: Node) -> String {
    switch node {
    case .number(let literal):
        return numberShape(literal.value)
    case .string(let literal):
        return "\"" + literal.value + "\""
    case .vectorSelector(let selector):
        return selectorShape(selector) + modifierShape(offsetMs: selector.offsetMs, at: selector.at)
    case .matrixSelector(let matrix):
        let selector = matrix.vectorSelector
        return selectorShape(selector) + "[\(matrix.rangeMs)ms]" + modifierShape(offsetMs: selector.offsetMs, at: selector.at)
    case .subquery(let subquery):
        let step = subquery.stepMs.map { "\($0)ms" } ?? "nil"
        return "(subquery \(shape(subquery.expr)) \(subquery.rangeMs)ms:\(step)"
            + modifierShape(offsetMs: subquery.offsetMs, at: subquery.at) + ")"
    case .paren(let paren):
        return "(paren \(shape(paren.expr)))"
    case .unary(let unary):
        return "(\(unary.op == .minus ? "neg" : "pos") \(shape(unary.expr)))"
    case .binary(let binary):
        var head = binary.op.rawValue
        if binary.returnBool { head += " bool" }
        if let matching = binary.matching {
            var text = " [\(matching.cardinality.rawValue) \(matching.on ? "on" : "ignoring")(\(matching.matchingLabels.joined(separator: ",")))"
            if !matching.include.isEmpty { text += " include(\(matching.include.joined(separator: ",")))" }
            head += text + "]"
        }
        return "(\(head) \(shape(binary.lhs)) \(shape(binary.rhs)))"
    case .aggregate(let aggregate):
        var head = aggregate.op.rawValue
        if aggregate.without {
            head += " without(\(aggregate.grouping.joined(separator: ",")))"
        } else if !aggregate.grouping.isEmpty {
            head += " by(\(aggregate.grouping.joined(separator: ",")))"
        }
        if let parameter = aggregate.parameter { head += " " + shape(parameter) }
        return "(\(head) \(shape(aggregate.expr)))"
    case .call(let call):
        return "(" + ([call.function] + call.args.map(shape)).joined(separator: " ") + ")"
    }
}

private func numberShape(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

private func selectorShape(_ selector: VectorSelector) -> String {
    var matchers = selector.matchers
    if selector.name != nil { matchers.removeLast() }
    let name = selector.name ?? ""
    if matchers.isEmpty && !name.isEmpty { return name }
    let body = matchers.map { "\($0.name)\($0.type.rawValue)\"\($0.value)\"" }.joined(separator: ",")
    return name + "{" + body + "}"
}

private func modifierShape(offsetMs: Int64, at: AtModifier?) -> String {
    var text = ""
    if offsetMs != 0 { text += " offset \(offsetMs)ms" }
    switch at {
    case .timestamp(let milliseconds): text += " @ \(milliseconds)ms"
    case .start: text += " @ start()"
    case .end: text += " @ end()"
    case nil: break
    }
    return text
}
