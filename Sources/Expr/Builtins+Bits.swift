/// Bitwise builtins on Go `int` (64-bit two's complement). expr-lang: `builtin/builtin.go`
/// (`bitFunc`, `bitnot`) and `builtin/utils.go` (`toInt`, which accepts integers only).
extension Builtin {
    var bitSignatures: [Signature]? {
        switch self {
        case .bitand, .bitor, .bitxor, .bitnand, .bitshl, .bitshr, .bitushr: return [Signature([.int, .int], .int)]
        case .bitnot: return [Signature([.int], .int)]
        default: return nil
        }
    }

    func callBit(_ arguments: [ExprValue], at range: SourceRange) throws(RawError) -> ExprValue {
        func operand(_ index: Int) throws(RawError) -> Int {
            let value = argument(arguments, index)
            guard case .int(let number) = value else {
                throw RawError(.bitOperandNotInteger(typeName: value.goTypeName, function: rawValue), range)
            }
            return number
        }
        let x = try operand(0)
        if self == .bitnot { return .int(~x) }
        let y = try operand(1)
        switch self {
        case .bitand: return .int(x & y)
        case .bitor: return .int(x | y)
        case .bitxor: return .int(x ^ y)
        case .bitnand: return .int(x & ~y)
        default:
            if y < 0 { throw RawError(.negativeShiftCount(y), range) }
            // Swift's smart shifts saturate as Go's do: a count of 64 or more gives 0 (or -1 for
            // an arithmetic right shift of a negative number).
            switch self {
            case .bitshl: return .int(x << y)
            case .bitshr: return .int(x >> y)
            default: return .int(Int(bitPattern: UInt(bitPattern: x) >> UInt(y)))
            }
        }
    }
}
