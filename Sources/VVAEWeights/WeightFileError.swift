import VVAESupport

/// A weight file that is not what vvae writes, or a request it cannot answer; names the file and what is wrong.
public struct WeightFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let reason: String

    public init(path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { UntrustedText.escaped("\(path): \(reason)") }
}
