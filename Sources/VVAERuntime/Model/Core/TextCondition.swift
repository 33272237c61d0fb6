/// Caption conditioning for text-guided models: T5 encoder output `[B, L, 1024]` and an optional padding mask
/// `[B, L]` (token attended iff its value is > 0.5, as upstream).
public struct TextCondition: Sendable {
    public let embeddings: Tensor
    public let mask: Tensor?

    public init(embeddings: Tensor, mask: Tensor?) throws {
        guard embeddings.rank == 3, embeddings.shape[0] > 0, embeddings.shape[1] > 0 else {
            throw ModelError(.invalidInput, "text embeddings must be [B, L, D] with B, L > 0, got \(embeddings.shape)")
        }
        if let mask, mask.shape != Array(embeddings.shape.prefix(2)) {
            throw ModelError(.invalidInput,
                             "text mask must be [B, L] = \(Array(embeddings.shape.prefix(2))) like the embeddings, got \(mask.shape)")
        }
        self.embeddings = embeddings
        self.mask = mask
    }

    public var batch: Int { embeddings.shape[0] }
}
