import HDF5Kit

/// What a latent file keeps of the text conditioning it was encoded with, so `vvae decode` can make the same
/// conditioning again: the caption as given (before cleaning), whether it was cleaned, the token length, which
/// text encoder and arithmetic, and the SHA-256 of the embeddings and mask that were used. Part of
/// `LatentFileHeader` (root attributes of the latent file).
public struct LatentTextRecord: Sendable, Equatable {
    public var caption: String
    public var cleaned: Bool
    public var maxLength: Int
    /// The text-encoder file's `source_sha256`; empty when the embeddings came from a `.npy`.
    public var textEncoderSHA256: String
    /// `float32`, `bfloat16`, or empty when the embeddings came from a `.npy`.
    public var textDType: String
    public var conditioningSHA256: String

    public static let dtypes = ["", "float32", "bfloat16"]

    public init(caption: String, cleaned: Bool, maxLength: Int, textEncoderSHA256: String, textDType: String,
                conditioningSHA256: String) {
        self.caption = caption
        self.cleaned = cleaned
        self.maxLength = maxLength
        self.textEncoderSHA256 = textEncoderSHA256
        self.textDType = textDType
        self.conditioningSHA256 = conditioningSHA256
    }

    public enum Attribute {
        public static let caption = "caption"
        public static let cleaned = "caption_cleaned"
        public static let maxLength = "text_max_length"
        public static let encoder = "text_encoder_sha256"
        public static let dtype = "text_dtype"
        public static let conditioning = "text_conditioning_sha256"
    }

    func write(to file: HDF5File) throws {
        try file.setAttribute(Attribute.caption, .string(caption))
        try file.setAttribute(Attribute.cleaned, .int64(cleaned ? 1 : 0))
        try file.setAttribute(Attribute.maxLength, .int64(Int64(maxLength)))
        try file.setAttribute(Attribute.encoder, .string(textEncoderSHA256))
        try file.setAttribute(Attribute.dtype, .string(textDType))
        try file.setAttribute(Attribute.conditioning, .string(conditioningSHA256))
    }

    /// The record, or nil for a latent file written without text (every earlier latent file).
    static func read(from attributes: HeaderAttributes) throws -> LatentTextRecord? {
        guard attributes.has(Attribute.conditioning) else { return nil }
        let dtype = try attributes.text(Attribute.dtype)
        guard dtypes.contains(dtype) else {
            throw FormatError(path: attributes.path, attribute: Attribute.dtype, "attribute \(Attribute.dtype) = \"\(dtype.prefix(40))\" is not float32 or bfloat16")
        }
        return LatentTextRecord(caption: try attributes.text(Attribute.caption), cleaned: try attributes.flag(Attribute.cleaned),
                                maxLength: try attributes.int(Attribute.maxLength, in: 1...LatentFileHeader.maxCaptionTokens),
                                textEncoderSHA256: try attributes.digest(Attribute.encoder, allowEmpty: true), textDType: dtype,
                                conditioningSHA256: try attributes.digest(Attribute.conditioning))
    }
}
