import VVAESupport

/// Everything that can go wrong reading a model config, with enough context to find the problem in the file:
/// the file, the line:column libyaml reported, the key path (`model.params.ddconfig.ch_mult[2]`) and what was wrong.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem, so callers (and tests) can tell them apart without parsing the message.
    public enum Kind: Sendable, Equatable {
        /// The file could not be read.
        case unreadableFile
        /// libyaml rejected the text.
        case malformedYAML
        /// A value has the wrong YAML type (e.g. a string where an integer is needed).
        case wrongType
        /// A required key is absent.
        case missingKey
        /// A key the model does not know (a typo would otherwise be silently ignored).
        case unknownKey
        /// The same key twice in one mapping.
        case duplicateKey
        /// A value of the right type that the model cannot be built with.
        case invalidValue
        /// `use_quant_conv` is on but `embed_dim` is neither in the config nor supplied.
        case missingEmbedDim
        /// The config's `embed_dim` and a supplied (inferred) one disagree.
        case conflictingEmbedDim
    }

    public let kind: Kind
    /// The config's name as given by the caller (a file path or a label such as `<string>`).
    public let file: String
    /// Where in the file, when known.
    public let mark: YAMLMark?
    /// Dotted key path of the offending node, when known.
    public let keyPath: String?
    /// What is wrong, in words.
    public let message: String

    public init(_ kind: Kind, file: String, mark: YAMLMark? = nil, keyPath: String? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.mark = mark
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var location = file
        if let mark { location += ":\(mark)" }
        if let keyPath, !keyPath.isEmpty { location += ": \(keyPath)" }
        return UntrustedText.escaped("\(location): \(message)")
    }
}
