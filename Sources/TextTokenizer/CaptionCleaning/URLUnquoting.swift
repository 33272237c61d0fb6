/// Python's `urllib.parse.unquote_plus` with its defaults (UTF-8, `errors="replace"`): `+` becomes a space, then each
/// `%` followed by two hexadecimal digits becomes that byte.
///
/// Like Python, only runs of ASCII characters are unquoted, each run's bytes decoded as UTF-8 on their own (a
/// non-ASCII character between `%C3` and `%A9` therefore splits the pair, and each half becomes U+FFFD); a `%` not
/// followed by two hexadecimal digits stays as it is; bytes that are not valid UTF-8 become U+FFFD, one for each
/// maximal ill-formed subpart.
enum URLUnquoting {
    static func unquotePlus(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        unquote(text.map { $0 == "+" ? " " : $0 })
    }

    static func unquote(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard text.contains("%") else { return text }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            guard text[index].isASCII else {
                out.append(text[index])
                index += 1
                continue
            }
            var end = index
            while end < text.count && text[end].isASCII { end += 1 }
            out.append(contentsOf: UTF8Decoding.decodeReplacing(unquotedBytes(text[index..<end])))
            index = end
        }
        return out
    }

    /// The bytes of an ASCII run with its `%hh` escapes resolved.
    private static func unquotedBytes(_ run: ArraySlice<Unicode.Scalar>) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = run.startIndex
        while index < run.endIndex {
            let scalar = run[index]
            if scalar == "%", let high = hexValue(run, index + 1), let low = hexValue(run, index + 2) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(UInt8(scalar.value))
                index += 1
            }
        }
        return bytes
    }

    private static func hexValue(_ run: ArraySlice<Unicode.Scalar>, _ index: Int) -> UInt8? {
        guard index < run.endIndex else { return nil }
        switch run[index].value {
        case 0x30...0x39: return UInt8(run[index].value - 0x30)
        case 0x41...0x46: return UInt8(run[index].value - 0x41 + 10)
        case 0x61...0x66: return UInt8(run[index].value - 0x61 + 10)
        default: return nil
        }
    }
}
