/// The double-array trie SentencePiece stores its normaliser in (the darts-clone layout): 32-bit units that each
/// hold a label byte, a leaf flag and the offset to the node's children. Read-only, and safe on hostile data: a
/// walk that would leave the array simply ends, so a corrupt charsmap maps fewer characters, it never traps.
struct DoubleArrayTrie: Sendable {
    let units: [UInt32]

    private static func hasLeaf(_ unit: UInt32) -> Bool { (unit >> 8) & 1 == 1 }
    private static func value(_ unit: UInt32) -> Int { Int(unit & 0x7FFF_FFFF) }
    private static func label(_ unit: UInt32) -> UInt32 { unit & (0x8000_0000 | 0xFF) }
    private static func offset(_ unit: UInt32) -> Int { Int((unit >> 10) << ((unit & (1 << 9)) >> 6)) }

    /// The values of every key that is a prefix of `key`, shortest first. A zero byte ends the key.
    func commonPrefixValues<Bytes: Collection<UInt8>>(of key: Bytes) -> [Int] {
        var results: [Int] = []
        guard let root = units.first else { return results }
        var position = Self.offset(root)
        for byte in key {
            if byte == 0 { break }
            position ^= Int(byte)
            guard position < units.count else { return results }
            let unit = units[position]
            guard Self.label(unit) == UInt32(byte) else { return results }
            position ^= Self.offset(unit)
            guard position < units.count else { return results }
            if Self.hasLeaf(unit) { results.append(Self.value(units[position])) }
        }
        return results
    }
}
