/// A token matched in the raw text before any normalisation or segmentation (`</s>`, `<pad>`, `<extra_id_0>`…),
/// as `tokenizers`' added vocabulary does: found leftmost-longest, optionally swallowing whitespace around it.
public struct AddedToken: Sendable, Equatable {
    public let content: String
    public let id: Int
    public let special: Bool
    /// Matched after normalisation instead of on the raw text.
    public let normalized: Bool
    public let leftStrip: Bool
    public let rightStrip: Bool
    public let singleWord: Bool

    public init(content: String, id: Int, special: Bool, normalized: Bool = false,
                leftStrip: Bool = false, rightStrip: Bool = false, singleWord: Bool = false) {
        self.content = content
        self.id = id
        self.special = special
        self.normalized = normalized
        self.leftStrip = leftStrip
        self.rightStrip = rightStrip
        self.singleWord = singleWord
    }
}
