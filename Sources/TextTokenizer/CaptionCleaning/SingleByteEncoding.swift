/// A single-byte character encoding from `TextRepairTables` (ftfy's list, and strict windows-1252): which text it
/// can encode, encoding, and decoding.
struct SingleByteEncoding: Sendable {
    let name: String
    /// Byte to code point; 0x110000 for bytes the encoding leaves undefined.
    private let decoding: [UInt32]
    private let encoding: [UInt32: UInt8]

    init(name: String, decoding: [UInt32]) {
        self.name = name
        self.decoding = decoding
        var encoding: [UInt32: UInt8] = [:]
        for (byte, value) in decoding.enumerated() where value < 0x110000 && encoding[value] == nil {
            encoding[value] = UInt8(byte)
        }
        self.encoding = encoding
    }

    /// The encodings ftfy tries, in its order: latin-1, the sloppy windows-1252/1251/1250/1253/1254/1257,
    /// iso-8859-2, macroman, cp437.
    static let mojibakeCandidates: [SingleByteEncoding] = TextRepairTables.singleByteEncodings
        .filter { $0.name != "windows-1252" }
        .map { SingleByteEncoding(name: $0.name, decoding: $0.decoding) }

    static let latin1 = named("latin-1")
    static let sloppyWindows1252 = named("sloppy-windows-1252")
    /// Python's strict windows-1252 codec (five bytes undefined).
    static let windows1252 = named("windows-1252")

    /// The table of that name. All three names above are in the generated tables (`ConstantPatternTests` checks);
    /// a missing one would be an encoding that encodes and decodes nothing, so its repair step is skipped.
    private static func named(_ name: String) -> SingleByteEncoding {
        let table = TextRepairTables.singleByteEncodings.first { $0.name == name }
        return SingleByteEncoding(name: name, decoding: table?.decoding ?? Array(repeating: 0x110000, count: 256))
    }

    /// ftfy's `possible_encoding`: every character is one the encoding's bytes 0x80–0xFF or 0x1A decode to, or
    /// ASCII other than 0x1A.
    func canEncode(_ text: [Unicode.Scalar]) -> Bool {
        text.allSatisfy { scalar in
            (scalar.value < 0x80 && scalar.value != 0x1A) || encodesNonASCII(scalar)
        }
    }

    private func encodesNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        guard let byte = encoding[scalar.value] else { return false }
        return byte >= 0x80 || byte == 0x1A
    }

    /// The bytes of `text`, nil when a character has none.
    func encode(_ text: [Unicode.Scalar]) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        for scalar in text {
            guard let byte = encoding[scalar.value] else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    /// The text of `bytes`, nil when one is undefined.
    func decode(_ bytes: [UInt8]) -> [Unicode.Scalar]? {
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(bytes.count)
        for byte in bytes {
            guard let scalar = Unicode.Scalar(decoding[Int(byte)]) else { return nil }
            text.append(scalar)
        }
        return text
    }
}

/// Bytes handled as text with one scalar per byte (Latin-1), so the byte-level regular expressions of ftfy can run
/// on the same matcher as the text ones.
enum ByteText {
    static func scalars(_ bytes: [UInt8]) -> [Unicode.Scalar] {
        bytes.map { Unicode.Scalar($0) }
    }

    static func bytes(_ scalars: [Unicode.Scalar]) -> [UInt8] {
        scalars.map { UInt8($0.value) }
    }
}
