/// Sequential reading of a pickle stream out of a `ByteSource`, in chunks, checking every length against what is
/// left before allocating so a claimed 2^62-byte string fails fast instead of exhausting memory.
struct PickleReader {
    static let chunkSize = 1 << 16
    /// Text opcodes (protocol 0) read up to a newline; real ones are short.
    static let maxLineLength = 1 << 16

    let source: ByteSource
    let context: ErrorContext
    private(set) var position: Int
    private var buffer: [UInt8] = []
    private var bufferStart = 0

    init(source: ByteSource, context: ErrorContext, position: Int = 0) {
        self.source = source
        self.context = context
        self.position = position
    }

    var remaining: Int { max(0, source.size - position) }

    mutating func byte() throws -> UInt8 {
        let index = position - bufferStart
        if index >= 0 && index < buffer.count {
            position += 1
            return buffer[index]
        }
        try refill()
        position += 1
        return buffer[0]
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        try require(count)
        if count == 0 { return [] }
        let index = position - bufferStart
        if index >= 0 && index + count <= buffer.count {
            position += count
            return Array(buffer[index..<(index + count)])
        }
        let result = try source.read(at: position, count: count)
        position += count
        return result
    }

    /// Checks that `count` bytes are left; the guard against lengths a hostile file invents.
    func require(_ count: Int) throws {
        guard count >= 0 else {
            throw context.error(.lengthTooLarge, offset: position, "negative length \(count)")
        }
        guard count <= remaining else {
            throw context.error(count > source.size ? .lengthTooLarge : .truncated, offset: position,
                                "needs \(count) bytes but only \(remaining) remain")
        }
    }

    /// The bytes up to (not including) the next newline.
    mutating func line() throws -> [UInt8] {
        let start = position
        var result: [UInt8] = []
        while true {
            let b = try byte()
            if b == UInt8(ascii: "\n") { return result }
            result.append(b)
            if result.count > Self.maxLineLength {
                throw context.error(.lengthTooLarge, offset: start, "text line longer than \(Self.maxLineLength) bytes")
            }
        }
    }

    mutating func littleEndian<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let raw = try bytes(MemoryLayout<T>.size)
        var value: T = 0
        for (i, b) in raw.enumerated() { value |= T(truncatingIfNeeded: b) << (8 * i) }
        return value
    }

    private mutating func refill() throws {
        guard remaining > 0 else {
            throw context.error(.truncated, offset: position, "pickle ends before its STOP opcode")
        }
        let count = min(Self.chunkSize, remaining)
        buffer = try source.read(at: position, count: count)
        bufferStart = position
    }
}
