import VVAEFormats
import TextTokenizer
import VVAERuntime

/// A caption → the text condition a text-guided model takes, and the record a latent file keeps of it: upstream's
/// cleaning (unless turned off), T5 at the chosen precision, the model's token count. Loaded once, it conditions
/// any number of captions (a batch embeds one per video).
public struct CaptionConditioner {
    public let encoder: TextEncoder
    public let precision: T5Precision
    public let clean: Bool
    public let maxLength: Int

    public init(encoder: TextEncoder, precision: T5Precision, clean: Bool, maxLength: Int) {
        self.encoder = encoder
        self.precision = precision
        self.clean = clean
        self.maxLength = maxLength
    }

    public func condition(for caption: String) throws -> (condition: TextCondition, record: LatentTextRecord) {
        let condition = try encoder.condition(for: [CaptionCleaner.prepare(caption, clean: clean)], maxLength: maxLength)
        let record = LatentTextRecord(caption: caption, cleaned: clean, maxLength: maxLength,
                                      textEncoderSHA256: encoder.identity ?? "", textDType: precision.rawValue,
                                      conditioningSHA256: LatentTextRecord.digest(of: condition))
        return (condition, record)
    }

    /// Tokens the mask keeps (for a status line).
    public static func keptTokens(_ condition: TextCondition) -> Int {
        condition.mask?.scalars.filter { $0 > 0.5 }.count ?? 0
    }
}
