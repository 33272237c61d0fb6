import VVAESupport

/// A failure in HDF5Kit, with the file, the object inside it and what was being done, plus libhdf5's own error stack.
public struct HDF5Error: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in terms a caller can branch on.
    public enum Kind: Sendable, Equatable {
        /// The file does not exist.
        case missingFile
        /// The file exists but is not an HDF5 file.
        case notHDF5File
        /// Exclusive creation was asked for and the file is already there.
        case fileExists
        /// The file handle was closed before this call.
        case fileClosed
        /// No dataset (or group) at the object path.
        case missingObject
        /// The object path names a group where a dataset is needed, or the reverse.
        case wrongObjectKind(expected: String)
        /// Something is already stored at the object path.
        case objectExists
        /// No attribute of that name on the object.
        case missingAttribute(name: String)
        /// The stored element or attribute type is not the one asked for.
        case wrongType(requested: String, stored: String)
        /// The stored type is outside what HDF5Kit reads (e.g. compound, or a float layout it does not know).
        case unsupportedType(String)
        /// The caller's arguments do not fit together (shape vs. byte count, an empty path component, …).
        case invalidArgument(String)
        /// libhdf5 refused the operation; the stack says why.
        case libraryFailure
        /// The file's metadata holds values no sane file has (a dataspace whose element count overflows, …).
        case malformed(String)
        /// The file failed `HDF5StructureCheck`: in a child process, libhdf5 crashed, hung, or could not list all of
        /// the file's objects and attributes.
        case corruptStructure(HDF5StructureCheck.Failure)
    }

    public let kind: Kind
    /// The HDF5 file's path on disk.
    public let filePath: String
    /// The object inside the file (`/encoder/conv_in/weight`), or nil for file-level operations.
    public let objectPath: String?
    /// What HDF5Kit was doing, e.g. "open dataset" or "write attribute 'format'".
    public let operation: String
    /// libhdf5's error stack at the failure, public API call first; empty when HDF5Kit detected the problem itself.
    public let stack: [HDF5ErrorStackEntry]

    public init(_ kind: Kind, filePath: String, objectPath: String? = nil, operation: String,
                stack: [HDF5ErrorStackEntry] = []) {
        self.kind = kind
        self.filePath = filePath
        self.objectPath = objectPath
        self.operation = operation
        self.stack = stack
    }

    public var description: String {
        var where_ = filePath
        if let objectPath { where_ += ":\(objectPath)" }
        var text = "HDF5 error: cannot \(operation) in \(where_): \(reason)"
        if let cause = stack.last {
            text += " (libhdf5: \(cause.major) / \(cause.minor)"
            if !cause.detail.isEmpty { text += ": \(cause.detail)" }
            text += ")"
        }
        return UntrustedText.escaped(text)
    }

    private var reason: String {
        switch kind {
        case .missingFile: return "no such file"
        case .notHDF5File: return "not an HDF5 file"
        case .fileExists: return "the file already exists"
        case .fileClosed: return "the file has been closed"
        case .missingObject: return "no such object"
        case .wrongObjectKind(let expected): return "the object is not a \(expected)"
        case .objectExists: return "an object already exists at this path"
        case .missingAttribute(let name): return "no attribute named '\(name)'"
        case .wrongType(let requested, let stored): return "\(requested) requested but \(stored) is stored"
        case .unsupportedType(let description): return "unsupported HDF5 type \(description)"
        case .invalidArgument(let message): return message
        case .libraryFailure: return stack.first.map { "\($0.major) / \($0.minor)" } ?? "libhdf5 reported a failure"
        case .corruptStructure(let failure): return failure.description
        case .malformed(let message): return "the file is corrupt: \(message)"
        }
    }
}
