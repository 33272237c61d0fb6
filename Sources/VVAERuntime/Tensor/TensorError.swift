import VVAESupport

/// A shape or argument problem detected by a tensor op before any work is done.
public struct TensorError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The op or layer that rejected its input, e.g. `"Conv3d"`.
    public let operation: String
    /// What is wrong, with the offending shapes.
    public let message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { UntrustedText.escaped("\(operation): \(message)") }
}
