/// ftfy's `fix_encoding` with its default settings, ported: undoing mojibake, text that was UTF-8 but got decoded
/// with a single-byte code page (`cafÃ©` for `café`).
///
/// The decision is ftfy's heuristic, run as ftfy runs it: nothing happens unless the text has non-ASCII characters
/// and the "badness" pattern (sequences typical of mojibake, such as an accented capital followed by a currency
/// sign) occurs in it. Then each candidate encoding that can encode the whole text is tried — encode, optionally
/// put back bytes 0xA0 that became spaces and mark bytes lost to `?`/0x1A, decode as UTF-8 (or the CESU-8/Java
/// variant when the bytes call for it) — and the first that decodes wins. Failing that, UTF-8 mojibake embedded in
/// otherwise good text is fixed piece by piece, Latin-1 text with C1 controls is read as windows-1252, and remaining
/// C1 controls are mapped through windows-1252. The whole is repeated until the text stops changing.
enum MojibakeRepair {
    static let badness = PythonPattern.constant(TextRepairTables.badnessPattern, verbose: true)
    private static let utf8Detector = PythonPattern.constant(TextRepairTables.utf8DetectorPattern, verbose: true)
    private static let alteredUTF8 = PythonPattern.constant(TextRepairTables.alteredUTF8Pattern)
    private static let lossyUTF8 = PythonPattern.constant(TextRepairTables.lossyUTF8Pattern)
    private static let aGraveWord = PythonPattern.constant(TextRepairTables.aGraveWordPattern)
    private static let c1Control = PythonPattern.constant(#"[\x80-\x9f]"#)

    /// Every pattern above (for `ConstantPatternTests`).
    static var constantPatterns: [PythonPattern] {
        [badness, utf8Detector, alteredUTF8, lossyUTF8, aGraveWord, c1Control]
    }

    /// ftfy's `is_bad`.
    static func looksLikeMojibake(_ text: [Unicode.Scalar]) -> Bool {
        badness.occurs(in: text)
    }

    /// `ftfy.fix_encoding(text)`.
    static func repair(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var current = text
        while true {
            let next = repairOnce(current)
            if next == current { return current }
            current = next
        }
    }

    private static func repairOnce(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if text.isEmpty || text.allSatisfy(\.isASCII) || !looksLikeMojibake(text) { return text }
        var encodable: Set<String> = []
        for encoding in SingleByteEncoding.mojibakeCandidates where encoding.canEncode(text) {
            encodable.insert(encoding.name)
            guard var bytes = encoding.encode(text) else { continue }
            if encoding.name != "macroman" && alteredUTF8.occurs(in: ByteText.scalars(bytes)) {
                bytes = restoreByteA0(bytes)
            }
            if encoding.name.hasPrefix("sloppy") {
                bytes = ByteText.bytes(lossyUTF8.replacingMatches(in: ByteText.scalars(bytes)) { _, _ in
                    ByteText.scalars([0xEF, 0xBF, 0xBD])
                })
            }
            let decoded = bytes.contains(0xED) || bytes.contains(0xC0)
                ? decodeUTF8Variants(bytes) : UTF8Decoding.decodeStrictly(bytes)
            if let decoded { return decoded }
        }
        if utf8Detector.occurs(in: text) {
            let fixed = utf8Detector.replacingMatches(in: text) { match, text in
                let piece = Array(text[match.range])
                return piece.count < text.count && looksLikeMojibake(piece) ? repair(piece) : piece
            }
            if fixed != text { return fixed }
        }
        // Latin-1 text is never also "windows-1252" here: ftfy's candidates only have the sloppy variant, so its
        // check for both always fails and it goes on to read C1 controls as strict windows-1252.
        if encodable.contains("latin-1"), let bytes = SingleByteEncoding.latin1.encode(text),
           let fixed = SingleByteEncoding.windows1252.decode(bytes), fixed != text {
            return fixed
        }
        if c1Control.occurs(in: text) { return fixC1Controls(text) }
        return text
    }

    /// ftfy's `restore_byte_a0`: a space after `Ã` starting a word (not the Portuguese `à` before `quele`, `s`, …)
    /// becomes 0xA0, then so does any space inside a sequence that would be UTF-8 with an 0xA0 there.
    private static func restoreByteA0(_ bytes: [UInt8]) -> [UInt8] {
        var text = aGraveWord.replacingMatches(in: ByteText.scalars(bytes)) { _, _ in ByteText.scalars([0xC3, 0xA0, 0x20]) }
        text = alteredUTF8.replacingMatches(in: text) { match, text in
            text[match.range].map { $0 == " " ? "\u{A0}" : $0 }
        }
        return ByteText.bytes(text)
    }

    /// ftfy's "utf-8-variants" codec (strict): UTF-8, plus Java's two-byte NUL (C0 80) and CESU-8 surrogate pairs
    /// (ED A0–AF xx ED B0–BF xx, six bytes for one supplementary character).
    ///
    /// ftfy finds these with byte patterns whose `$` (Python's: the end, or just before a final line feed) also
    /// lets a final C0 0A count as the NUL, and a pair whose sixth byte is a final 0A count as a pair; this does
    /// the same.
    private static func decodeUTF8Variants(_ bytes: [UInt8]) -> [Unicode.Scalar]? {
        var out: [Unicode.Scalar] = []
        var plain: [UInt8] = []
        var index = 0
        func flush() -> Bool {
            guard let decoded = UTF8Decoding.decodeStrictly(plain) else { return false }
            out.append(contentsOf: decoded)
            plain = []
            return true
        }
        func isFinalLineFeed(_ position: Int) -> Bool {
            position == bytes.count - 1 && bytes[position] == 0x0A
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xC0, index + 1 < bytes.count, bytes[index + 1] == 0x80 || isFinalLineFeed(index + 1) {
                guard flush() else { return nil }
                out.append("\u{0}")
                index += 2
            } else if byte == 0xED, index + 5 < bytes.count,
                      (0xA0...0xAF).contains(bytes[index + 1]), (0x80...0xBF).contains(bytes[index + 2]),
                      bytes[index + 3] == 0xED, (0xB0...0xBF).contains(bytes[index + 4]),
                      (0x80...0xBF).contains(bytes[index + 5]) || isFinalLineFeed(index + 5) {
                guard flush() else { return nil }
                let value = (UInt32(bytes[index + 1] & 0x0F) << 16) + (UInt32(bytes[index + 2] & 0x3F) << 10)
                    + (UInt32(bytes[index + 4] & 0x0F) << 6) + UInt32(bytes[index + 5] & 0x3F) + 0x10000
                // 20 bits plus 0x10000: at most U+10FFFF and never a surrogate, so always a scalar.
                out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                index += 6
            } else {
                plain.append(byte)
                index += 1
            }
        }
        return flush() ? out : nil
    }

    /// ftfy's `fix_c1_controls`: each U+0080–U+009F read as its sloppy windows-1252 byte.
    static func fixC1Controls(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        text.map { scalar in
            guard (0x80...0x9F).contains(scalar.value) else { return scalar }
            // The sloppy encoding defines every byte; were one undefined, the control would stay.
            return SingleByteEncoding.sloppyWindows1252.decode([UInt8(scalar.value)])?.first ?? scalar
        }
    }
}
