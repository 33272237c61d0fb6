import Foundation

/// SentencePiece's compiled normalisation rules (`precompiled_charsmap`; for T5 the `nmt_nfkc` rules: NFKC plus
/// a few whitespace and control-character rewrites), applied the way `tokenizers`' `Precompiled` normaliser — and so
/// `T5TokenizerFast` — applies them.
///
/// Layout: a little-endian `UInt32` byte length of the trie, the trie's units, then the replacement strings, each
/// ended by a zero byte; a trie value is the byte offset of its replacement.
public struct PrecompiledCharsmap: Sendable {
    private let trie: DoubleArrayTrie
    private let replacements: [UInt8]

    public init(bytes: [UInt8], source: String) throws {
        guard bytes.count >= 4 else {
            throw TextTokenizerError(source: source, "precompiled_charsmap is \(bytes.count) bytes, too short for its header")
        }
        let trieBytes = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        guard trieBytes % 4 == 0, trieBytes <= bytes.count - 4 else {
            throw TextTokenizerError(source: source,
                                     "precompiled_charsmap says its trie has \(trieBytes) bytes, but \(bytes.count - 4) follow the header")
        }
        var units = [UInt32]()
        units.reserveCapacity(trieBytes / 4)
        var index = 4
        while index < 4 + trieBytes {
            units.append(UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                         | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
            index += 4
        }
        replacements = Array(bytes[(4 + trieBytes)...])
        guard String(validating: replacements, as: UTF8.self) != nil else {
            throw TextTokenizerError(source: source, "precompiled_charsmap's replacement strings are not UTF-8")
        }
        trie = DoubleArrayTrie(units: units)
    }

    /// The replacement of the shortest rule whose key starts `bytes`, or nil when no rule applies.
    func replacement(forPrefixOf bytes: some Collection<UInt8>) -> String? {
        guard let start = trie.commonPrefixValues(of: bytes).first, start < replacements.count else { return nil }
        var end = start
        while end < replacements.count, replacements[end] != 0 { end += 1 }
        return String(decoding: replacements[start..<end], as: UTF8.self)
    }

    /// Normalises `text` grapheme by grapheme. A grapheme shorter than 6 UTF-8 bytes that starts with a rule's key
    /// becomes that rule's replacement as a whole (the rest of the grapheme is dropped — SentencePiece's own
    /// behaviour, which `tokenizers` reproduces on purpose); otherwise each scalar is looked up on its own.
    public func normalize(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for grapheme in text {
            let bytes = grapheme.utf8
            if bytes.count < 6, let whole = replacement(forPrefixOf: bytes) {
                output += whole
                continue
            }
            for scalar in grapheme.unicodeScalars {
                if let replaced = replacement(forPrefixOf: String(scalar).utf8) {
                    output += replaced
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }
}
