import VVAESupport

/// A file whose header is not what vvae writes: of another kind, of a version this build does not read, missing an
/// attribute, or holding a value no real file holds. Names the file, the attribute and what is wrong.
public struct FormatError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    /// The attribute at fault, when one is.
    public let attribute: String?
    public let reason: String

    public init(path: String, attribute: String? = nil, _ reason: String) {
        self.path = path
        self.attribute = attribute
        self.reason = reason
    }

    public var description: String { UntrustedText.escaped("\(path): \(reason)") }
}
