import VVAESupport

/// Why a checkpoint could not be read, with where: the file, and the offending key, record or byte offset.
public struct CheckpointError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem; tests and callers branch on this, people read `description`.
    public enum Kind: String, Sendable, Equatable {
        case io
        case emptyFile
        case unknownFormat
        case corruptArchive
        case missingRecord
        case truncated
        case malformedPickle
        case unsupportedOpcode
        case forbiddenGlobal
        case invalidMemo
        case nestingTooDeep
        case stackOverflow
        case lengthTooLarge
        case notACheckpoint
        case invalidTensor
        case tensorOutOfBounds
        case storageMismatch
        case unsupportedDType
        case unknownTensor
    }

    public let kind: Kind
    /// Path of the checkpoint file.
    public let file: String
    /// Tensor name, storage key or archive record the problem is about, when there is one.
    public let key: String?
    /// Byte offset inside `key`'s record (or inside the file when `key` is nil), when known.
    public let offset: Int?
    /// What is wrong, for people.
    public let reason: String

    public init(_ kind: Kind, file: String, key: String? = nil, offset: Int? = nil, _ reason: String) {
        self.kind = kind
        self.file = file
        self.key = key
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        var place = file
        if let key { place += " [\(key)]" }
        if let offset { place += " at byte \(offset)" }
        return UntrustedText.escaped("\(place): \(reason)")
    }
}
