import VVAESupport

/// Why a safetensors file could not be read or written: the file, the tensor or header field, and what is wrong.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    /// The tensor (or `__metadata__`) the problem is about, when there is one.
    public let key: String?
    public let reason: String

    public init(path: String, key: String? = nil, _ reason: String) {
        self.path = path
        self.key = key
        self.reason = reason
    }

    public var description: String {
        UntrustedText.escaped("\(path)\(key.map { " [\($0)]" } ?? ""): \(reason)")
    }
}
