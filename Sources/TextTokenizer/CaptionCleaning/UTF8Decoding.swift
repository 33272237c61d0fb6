/// UTF-8 decoding with Python's two error modes: strict (fail on any ill-formed byte) and `errors="replace"`, which
/// puts one U+FFFD for each maximal ill-formed subpart (an invalid lead byte alone, or the longest prefix of a
/// sequence that could still have been valid), as Unicode recommends and CPython does.
enum UTF8Decoding {
    /// The decoded scalars, or nil when the bytes are not well-formed UTF-8.
    static func decodeStrictly(_ bytes: [UInt8]) -> [Unicode.Scalar]? {
        var out: [Unicode.Scalar] = []
        var index = 0
        while index < bytes.count {
            guard let (scalar, length) = sequence(bytes, at: index).scalar else { return nil }
            out.append(scalar)
            index += length
        }
        return out
    }

    /// The decoded scalars with each ill-formed subpart replaced by U+FFFD.
    static func decodeReplacing(_ bytes: [UInt8]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var index = 0
        while index < bytes.count {
            let step = sequence(bytes, at: index)
            if let (scalar, length) = step.scalar {
                out.append(scalar)
                index += length
            } else {
                out.append("\u{FFFD}")
                index += step.invalidLength
            }
        }
        return out
    }

    /// The well-formed sequence at `index`, or how many bytes form the ill-formed subpart there.
    private static func sequence(_ bytes: [UInt8], at index: Int) -> (scalar: (Unicode.Scalar, Int)?, invalidLength: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return ((Unicode.Scalar(lead), 1), 0) }
        let length: Int
        var value: UInt32
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0: length = 3; value = 0; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xED: length = 3; value = 0x0D; secondRange = 0x80...0x9F
        case 0xF0: length = 4; value = 0; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4; value = UInt32(lead & 0x07)
        case 0xF4: length = 4; value = 4; secondRange = 0x80...0x8F
        default: return (nil, 1)
        }
        for offset in 1..<length {
            let position = index + offset
            let allowed = offset == 1 ? secondRange : 0x80...0xBF
            guard position < bytes.count, allowed.contains(bytes[position]) else { return (nil, offset) }
            value = value << 6 | UInt32(bytes[position] & 0x3F)
        }
        // The lead and second-byte ranges exclude surrogates and values past U+10FFFF, so this is a scalar.
        guard let scalar = Unicode.Scalar(value) else { return (nil, length) }
        return ((scalar, length), 0)
    }
}
