import HDF5Kit
import VVAERuntime
import VVAESupport

/// What a latent file keeps of the text conditioning it was encoded with, so `vvae decode` can make the same
/// conditioning again: the caption as given (before cleaning), whether it was cleaned, the token length, which
/// text encoder and arithmetic, and the SHA-256 of the embeddings and mask that were used.
public struct LatentTextRecord: Equatable {
    public var caption: String
    public var cleaned: Bool
    public var maxLength: Int
    /// The text-encoder file's `source_sha256`; empty when the embeddings came from a `.npy`.
    public var textEncoderSHA256: String
    public var textDType: String
    public var conditioningSHA256: String

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

    /// SHA-256 of the embeddings' then the mask's float32 bytes: the identity of a conditioning.
    public static func digest(of condition: TextCondition) -> String {
        var bytes: [UInt8] = []
        for tensor in [condition.embeddings] + (condition.mask.map { [$0] } ?? []) {
            tensor.withUnsafeBufferPointer { bytes += UnsafeRawBufferPointer($0) }
        }
        return StreamingDigest.hexDigest(of: bytes)
    }

    public func write(to file: HDF5File) throws {
        try file.setAttribute(Attribute.caption, .string(caption))
        try file.setAttribute(Attribute.cleaned, .int64(cleaned ? 1 : 0))
        try file.setAttribute(Attribute.maxLength, .int64(Int64(maxLength)))
        try file.setAttribute(Attribute.encoder, .string(textEncoderSHA256))
        try file.setAttribute(Attribute.dtype, .string(textDType))
        try file.setAttribute(Attribute.conditioning, .string(conditioningSHA256))
    }

    /// The record, or nil for a latent file written without text (every earlier latent file).
    public static func read(from file: HDF5File, path: String) throws -> LatentTextRecord? {
        guard try file.hasAttribute(Attribute.conditioning) else { return nil }
        let length = try file.int64Attribute(Attribute.maxLength)
        guard (1...Int64(TextEncoder.maxTokens)).contains(length) else {
            throw InputError(path: path, "attribute \(Attribute.maxLength) = \(length) is outside 1…\(TextEncoder.maxTokens)")
        }
        let cleaned = try file.int64Attribute(Attribute.cleaned)
        guard cleaned == 0 || cleaned == 1 else { throw InputError(path: path, "attribute \(Attribute.cleaned) = \(cleaned) is not 0 or 1") }
        let dtype = try file.stringAttribute(Attribute.dtype)
        guard dtype.isEmpty || T5Precision(rawValue: dtype) != nil else {
            throw InputError(path: path, "attribute \(Attribute.dtype) = \"\(dtype)\" is not float32 or bfloat16")
        }
        return LatentTextRecord(caption: try file.stringAttribute(Attribute.caption), cleaned: cleaned == 1,
                                maxLength: Int(length), textEncoderSHA256: try file.stringAttribute(Attribute.encoder),
                                textDType: dtype, conditioningSHA256: try file.stringAttribute(Attribute.conditioning))
    }
}
