/// A value in an `.npy` header dict.
enum NpyHeaderValue: Equatable {
    case string(String)
    case bool(Bool)
    case intTuple([Int])
}

/// Parses the small Python dict literal in an `.npy` header: string keys; string, True/False or int-tuple values.
struct PythonLiteralParser {
    private let bytes: [UInt8]
    private var index = 0
    private let path: String

    init(text: String, path: String) {
        self.bytes = Array(text.utf8)
        self.path = path
    }

    mutating func parseHeaderDict() throws -> [String: NpyHeaderValue] {
        var result: [String: NpyHeaderValue] = [:]
        try expect(UInt8(ascii: "{"))
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                break
            }
            let key = try parseString()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            result[key] = try parseValue()
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                index += 1
            } else if peek() != UInt8(ascii: "}") {
                throw fail("expected ',' or '}' after the value of '\(key)'")
            }
        }
        skipSpace()
        guard index == bytes.count else { throw fail("unexpected text after the header dict") }
        return result
    }

    private mutating func parseValue() throws -> NpyHeaderValue {
        switch peek() {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "("):
            return .intTuple(try parseIntTuple())
        default:
            if consume("True") { return .bool(true) }
            if consume("False") { return .bool(false) }
            throw fail("unsupported value at offset \(index)")
        }
    }

    private mutating func parseString() throws -> String {
        guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw fail("expected a quoted string at offset \(index)")
        }
        index += 1
        let start = index
        while index < bytes.count && bytes[index] != quote { index += 1 }
        guard index < bytes.count else { throw fail("unterminated string") }
        let value = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        return value
    }

    private mutating func parseIntTuple() throws -> [Int] {
        try expect(UInt8(ascii: "("))
        var values: [Int] = []
        while true {
            skipSpace()
            if peek() == UInt8(ascii: ")") {
                index += 1
                return values
            }
            let start = index
            while let c = peek(), c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { index += 1 }
            // Python 2 era files may write longs as `3L`.
            let digits = String(decoding: bytes[start..<index], as: UTF8.self)
            if peek() == UInt8(ascii: "L") { index += 1 }
            guard let value = Int(digits) else { throw fail("invalid shape entry at offset \(start)") }
            values.append(value)
            skipSpace()
            if peek() == UInt8(ascii: ",") {
                index += 1
            } else if peek() != UInt8(ascii: ")") {
                throw fail("expected ',' or ')' in shape")
            }
        }
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let c = peek(), c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { index += 1 }
    }

    private mutating func expect(_ c: UInt8) throws {
        guard peek() == c else { throw fail("expected '\(Character(Unicode.Scalar(c)))' at offset \(index)") }
        index += 1
    }

    private mutating func consume(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else { return false }
        index += w.count
        return true
    }

    private func fail(_ reason: String) -> NpyError { .malformedHeader(path: path, reason: reason) }
}
