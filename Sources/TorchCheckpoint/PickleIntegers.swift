/// Python integers of any size as pickles store them (little-endian two's complement for LONG1/LONG4).
enum PickleIntegers {
    static func decode(littleEndian bytes: [UInt8]) -> PickleValue {
        guard let last = bytes.last else { return .int(0) }
        let negative = last & 0x80 != 0
        // Drop redundant sign-extension bytes, then fit into Int64 when possible.
        var significant = bytes
        while significant.count > 1, significant.last == (negative ? 0xFF : 0x00),
              (significant[significant.count - 2] & 0x80 != 0) == negative {
            significant.removeLast()
        }
        if significant.count <= 8 {
            var value: UInt64 = negative ? ~0 : 0
            for (i, b) in significant.enumerated() {
                value &= ~(UInt64(0xFF) << (8 * i))
                value |= UInt64(b) << (8 * i)
            }
            return .int(Int64(bitPattern: value))
        }
        return .bigInt(decimalString(littleEndianTwosComplement: significant, negative: negative))
    }

    /// Schoolbook base conversion; inputs are capped (`Limits.maxLongBytes`) so the quadratic cost stays small.
    static func decimalString(littleEndianTwosComplement bytes: [UInt8], negative: Bool) -> String {
        var magnitude = bytes
        if negative {
            var carry = 1
            for i in magnitude.indices {
                let v = Int(~magnitude[i]) + carry
                magnitude[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
        }
        var number = Array(magnitude.reversed().drop(while: { $0 == 0 }))
        var digits: [Character] = []
        while !number.isEmpty {
            var remainder = 0
            for i in number.indices {
                let current = remainder * 256 + Int(number[i])
                number[i] = UInt8(current / 10)
                remainder = current % 10
            }
            digits.append(Character(String(remainder)))
            number = Array(number.drop(while: { $0 == 0 }))
        }
        if digits.isEmpty { digits = ["0"] }
        return (negative ? "-" : "") + String(digits.reversed())
    }
}

/// Text forms of protocol 0: quoted `repr` strings (STRING) and raw-unicode-escape (UNICODE).
enum PickleText {
    static func latin1(_ bytes: [UInt8]) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(b)) }
        return String(s)
    }

    /// Undoes Python's `repr` of a byte string: matching quotes, backslash escapes.
    static func unquote(_ line: [UInt8], offset: Int, context: ErrorContext) throws -> [UInt8] {
        guard line.count >= 2, let q = line.first, q == line.last,
              q == UInt8(ascii: "'") || q == UInt8(ascii: "\"") else {
            throw context.error(.malformedPickle, offset: offset, "STRING argument is not quoted")
        }
        let body = Array(line[1..<(line.count - 1)])
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            let c = body[i]
            i += 1
            guard c == UInt8(ascii: "\\"), i < body.count else {
                out.append(c)
                continue
            }
            let e = body[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "x"):
                guard i + 2 <= body.count, let v = UInt8(String(decoding: body[i..<(i + 2)], as: UTF8.self), radix: 16)
                else { throw context.error(.malformedPickle, offset: offset, "bad \\x escape in STRING") }
                out.append(v)
                i += 2
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(e - UInt8(ascii: "0"))
                var n = 1
                while n < 3, i < body.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(body[i]) {
                    v = v * 8 + Int(body[i] - UInt8(ascii: "0"))
                    i += 1
                    n += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            default: out.append(e)  // \\, \', \" and unknown escapes keep the character
            }
        }
        return out
    }

    /// `raw-unicode-escape`: bytes are latin-1 except `\uXXXX` and `\UXXXXXXXX`.
    static func rawUnicodeEscape(_ line: [UInt8]) -> String {
        var s = String.UnicodeScalarView()
        var i = 0
        while i < line.count {
            if line[i] == UInt8(ascii: "\\"), i + 1 < line.count,
               line[i + 1] == UInt8(ascii: "u") || line[i + 1] == UInt8(ascii: "U") {
                let width = line[i + 1] == UInt8(ascii: "u") ? 4 : 8
                if i + 2 + width <= line.count,
                   let v = UInt32(String(decoding: line[(i + 2)..<(i + 2 + width)], as: UTF8.self), radix: 16),
                   let scalar = Unicode.Scalar(v) {
                    s.append(scalar)
                    i += 2 + width
                    continue
                }
            }
            s.append(Unicode.Scalar(line[i]))
            i += 1
        }
        return String(s)
    }
}
