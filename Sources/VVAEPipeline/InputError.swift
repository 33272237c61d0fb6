import VVAESupport

/// A file the pipeline cannot use (missing, of the wrong kind, of the wrong shape, with a value out of range),
/// named with what is wrong: the one-line error the tools print.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let reason: String

    public init(path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { UntrustedText.escaped("\(path): \(reason)") }
}
