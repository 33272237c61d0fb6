import VVAESupport

/// Why a model could not be built from a weight file or could not run on the given input.
public struct ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The weight file lacks a tensor the config's architecture needs.
        case missingWeight
        /// A tensor exists but its shape is not what the config's architecture needs.
        case weightShape
        /// No module of that dotted name exists in this model.
        case unknownModule
        /// A module was called with inputs it cannot take (missing tensor, wrong shape, bad literal).
        case invalidInput
        /// A text-guided model was run without text embeddings.
        case missingText
        /// The config asks for something this runtime does not build.
        case unsupportedConfig
    }

    public let kind: Kind
    /// The weight file, when the problem is in it.
    public let file: String?
    /// The state-dict key or module name concerned.
    public let key: String?
    public let message: String

    public init(_ kind: Kind, file: String? = nil, key: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = ""
        if let file { text += "\(file): " }
        if let key { text += "'\(key)': " }
        return UntrustedText.escaped(text + message)
    }
}
