/// A byte trie over the vocabulary's pieces, for the Viterbi search: from a position in the text, every piece that
/// starts there, in one walk.
struct PieceTrie: Sendable {
    /// Child node of (node, byte), keyed `node << 8 | byte`.
    private var children: [Int: Int32] = [:]
    /// The piece id ending at each node, or -1.
    private var pieceAtNode: [Int32] = [-1]

    init(pieces: [String]) {
        for (id, piece) in pieces.enumerated() {
            var node = 0
            for byte in piece.utf8 {
                let key = node << 8 | Int(byte)
                if let next = children[key] {
                    node = Int(next)
                } else {
                    let next = pieceAtNode.count
                    pieceAtNode.append(-1)
                    children[key] = Int32(next)
                    node = next
                }
            }
            // With duplicate pieces the last id wins, as in `tokenizers`' token → id map.
            if node != 0 { pieceAtNode[node] = Int32(id) }
        }
    }

    /// Calls `body(id, endIndex)` for every piece that is a prefix of `bytes[start...]`, shortest first.
    func forEachPrefix(of bytes: [UInt8], from start: Int, _ body: (Int, Int) -> Void) {
        var node = 0
        var index = start
        while index < bytes.count, let next = children[node << 8 | Int(bytes[index])] {
            node = Int(next)
            index += 1
            let id = pieceAtNode[node]
            if id >= 0 { body(Int(id), index) }
        }
    }
}
