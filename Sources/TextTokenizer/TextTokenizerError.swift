import VVAESupport

/// A tokenizer file that cannot be used, or text that cannot be tokenized; names the source and what is wrong.
public struct TextTokenizerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or other source) the tokenizer came from.
    public let source: String
    public let reason: String

    public init(source: String, _ reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { UntrustedText.escaped("\(source): \(reason)") }
}
