/// `toBase64` and `fromBase64`: Go's `base64.StdEncoding` (standard alphabet, `=` padding
/// required; decoding skips `\r` and `\n`). A decoding error names the input byte where Go's
/// decoder stops ("illegal base64 data at input byte 4").
extension Builtin {
    var base64Signatures: [Signature]? {
        self == .toBase64 || self == .fromBase64 ? [Signature([.string], .string)] : nil
    }

    func callBase64(_ arguments: [ExprValue], at range: SourceRange) throws(RawError) -> ExprValue {
        let bytes = Array(try assertString(argument(arguments, 0), range).utf8)
        if self == .toBase64 { return .string(base64Encode(bytes)) }
        switch base64Decode(bytes) {
        case .success(let decoded):
            // Go returns the raw bytes as a string; invalid UTF-8 becomes U+FFFD here.
            return .string(String(decoding: decoded, as: UTF8.self))
        case .failure(let offset):
            throw RawError(.base64IllegalData(at: offset.value), range)
        }
    }
}

private let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

private func base64Encode(_ bytes: [UInt8]) -> String {
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
        let count = min(3, bytes.count - index)
        var group = UInt32(bytes[index]) << 16
        if count > 1 { group |= UInt32(bytes[index + 1]) << 8 }
        if count > 2 { group |= UInt32(bytes[index + 2]) }
        for position in 0..<4 {
            if position <= count {
                output.append(base64Alphabet[Int((group >> UInt32(18 - 6 * position)) & 0x3F)])
            } else {
                output.append(UInt8(ascii: "="))
            }
        }
        index += 3
    }
    return String(decoding: output, as: UTF8.self)
}

private struct Base64Offset: Error {
    let value: Int
}

private func base64Value(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(byte - UInt8(ascii: "A"))
    case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(byte - UInt8(ascii: "a") + 26)
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0") + 52)
    case UInt8(ascii: "+"): return 62
    case UInt8(ascii: "/"): return 63
    default: return nil
    }
}

/// Decodes quantum by quantum as Go's `decodeQuantum` does, reporting the same offsets.
private func base64Decode(_ input: [UInt8]) -> Result<[UInt8], Base64Offset> {
    let newline = { (byte: UInt8) in byte == 0x0A || byte == 0x0D }
    var output: [UInt8] = []
    var position = 0
    while true {
        var sextets: [UInt32] = []
        var finished = false
        while sextets.count < 4 {
            guard position < input.count else {
                if sextets.isEmpty { return .success(output) }
                return .failure(Base64Offset(value: position - sextets.count))
            }
            let byte = input[position]
            position += 1
            if let value = base64Value(byte) {
                sextets.append(value)
                continue
            }
            if newline(byte) { continue }
            guard byte == UInt8(ascii: "="), sextets.count >= 2 else { return .failure(Base64Offset(value: position - 1)) }
            if sextets.count == 2 {
                // A second "=" must follow.
                while position < input.count, newline(input[position]) { position += 1 }
                guard position < input.count else { return .failure(Base64Offset(value: input.count)) }
                guard input[position] == UInt8(ascii: "=") else { return .failure(Base64Offset(value: position - 1)) }
                position += 1
            }
            while position < input.count, newline(input[position]) { position += 1 }
            if position < input.count { return .failure(Base64Offset(value: position)) }
            finished = true
            break
        }
        var group: UInt32 = 0
        for index in 0..<4 { group = group << 6 | (index < sextets.count ? sextets[index] : 0) }
        let produced = sextets.count - 1
        for index in 0..<produced { output.append(UInt8((group >> UInt32(16 - 8 * index)) & 0xFF)) }
        if finished { return .success(output) }
    }
}
