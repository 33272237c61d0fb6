/// Just enough of the protocol-buffer wire format to read a SentencePiece model: fields as (number, value), every
/// length and varint checked against the bytes that are there.
struct ProtobufReader {
    enum Value {
        case varint(UInt64)
        case fixed32(UInt32)
        case fixed64(UInt64)
        case bytes(ArraySlice<UInt8>)
    }

    struct Malformed: Error {
        let offset: Int
        let reason: String
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// Every field of the message, in order.
    static func fields(of bytes: ArraySlice<UInt8>) throws -> [(number: Int, value: Value)] {
        var reader = ProtobufReader(bytes)
        var fields: [(Int, Value)] = []
        while let field = try reader.next() { fields.append(field) }
        return fields
    }

    mutating func next() throws -> (number: Int, value: Value)? {
        guard position < bytes.endIndex else { return nil }
        let start = position
        let key = try varint()
        let number = Int(key >> 3)
        guard number > 0 else { throw Malformed(offset: start, reason: "field number 0") }
        switch key & 7 {
        case 0: return (number, .varint(try varint()))
        case 1: return (number, .fixed64(try fixed(8)))
        case 5: return (number, .fixed32(UInt32(try fixed(4))))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - position) else {
                throw Malformed(offset: start, reason: "field \(number) says \(length) bytes, \(bytes.endIndex - position) remain")
            }
            let end = position + Int(length)
            defer { position = end }
            return (number, .bytes(bytes[position..<end]))
        default:
            throw Malformed(offset: start, reason: "unsupported wire type \(key & 7) for field \(number)")
        }
    }

    private mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.endIndex else { throw Malformed(offset: position, reason: "truncated varint") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw Malformed(offset: position - 1, reason: "varint longer than 10 bytes") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    private mutating func fixed(_ count: Int) throws -> UInt64 {
        guard bytes.endIndex - position >= count else { throw Malformed(offset: position, reason: "truncated fixed field") }
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += count
        return value
    }
}
