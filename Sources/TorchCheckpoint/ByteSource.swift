/// Random access to a run of bytes: an in-memory record, or a file read in place.
protocol ByteSource: Sendable {
    var size: Int { get }
    /// Exactly `count` bytes at `offset`, or an error when they are not all there.
    func read(at offset: Int, count: Int) throws -> [UInt8]
}

/// A record already in memory (a zip container's `data.pkl`).
struct MemoryBytes: ByteSource {
    let bytes: [UInt8]
    let context: ErrorContext

    var size: Int { bytes.count }

    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw context.error(.truncated, offset: offset, "needs \(count) bytes but the record ends at byte \(bytes.count)")
        }
        return Array(bytes[offset..<(offset + count)])
    }
}

/// The file and record an error is about; carried by every reader so errors can say where they happened.
struct ErrorContext: Sendable {
    let file: String
    let key: String?

    func error(_ kind: CheckpointError.Kind, offset: Int? = nil, key overridingKey: String? = nil,
               _ reason: String) -> CheckpointError {
        CheckpointError(kind, file: file, key: overridingKey ?? key, offset: offset, reason)
    }
}
