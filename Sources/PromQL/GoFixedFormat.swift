// Go's `%f` (six decimals) for float64, used in messages Prometheus formats that way
// ("timestamp out of bounds for @ modifier: %f", holt_winters' "got: %f").

/// `fmt.Sprintf("%f", value)`: the exact binary value rounded half to even at six decimals,
/// `+Inf`, `-Inf`, `NaN`; negative values that round to zero keep their sign (`-0.000000`).
///
///     goFixedSixDecimals(0.1)       // "0.100000"
///     goFixedSixDecimals(1.5e-6)    // "0.000002"
///     goFixedSixDecimals(0x1p63)    // "9223372036854775808.000000"
func goFixedSixDecimals(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    let sign = value.sign == .minus ? "-" : ""
    let magnitude = value.magnitude
    if magnitude == 0 { return sign + "0.000000" }
    // magnitude = significand * 2^exponent with an integer significand.
    var significand = magnitude.significandBitPattern
    let exponent: Int
    if magnitude.isSubnormal {
        exponent = -1074
    } else {
        significand |= 1 << UInt64(Double.significandBitCount)
        exponent = Int(magnitude.exponent) - Double.significandBitCount
    }
    if exponent >= 0 {
        return sign + decimalDigits(of: significand, doubled: exponent) + ".000000"
    }
    // Six decimals: significand * 10^6 / 2^k, rounded half to even. The product is below 2^73.
    let k = -exponent
    let scaled = UInt128(significand) * 1_000_000
    var rounded: UInt128 = 0
    if k < 128 {
        rounded = scaled >> UInt128(k)
        let remainder = scaled & ((UInt128(1) << UInt128(k)) - 1)
        let half = UInt128(1) << UInt128(k - 1)
        if remainder > half || (remainder == half && rounded & 1 == 1) { rounded += 1 }
    }
    let integerPart = UInt64(rounded / 1_000_000)
    var fraction = String(UInt64(rounded % 1_000_000))
    while fraction.count < 6 { fraction = "0" + fraction }
    return sign + String(integerPart) + "." + fraction
}

/// The decimal digits of `value * 2^doublings`, exactly.
private func decimalDigits(of value: UInt64, doubled doublings: Int) -> String {
    var digits: [UInt8] = []  // little-endian
    var remaining = value
    while remaining > 0 {
        digits.append(UInt8(remaining % 10))
        remaining /= 10
    }
    for _ in 0..<doublings {
        var carry: UInt8 = 0
        for index in digits.indices {
            let doubled = digits[index] * 2 + carry
            digits[index] = doubled % 10
            carry = doubled / 10
        }
        if carry > 0 { digits.append(carry) }
    }
    return String(digits.reversed().map { Character(Unicode.Scalar($0 + 48)) })
}
