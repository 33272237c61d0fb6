import TorchCheckpoint
import VVAESupport

/// Writes a safetensors file whose tensors are known up front: the layout (header, then each tensor's bytes in the
/// given order, the data starting 8-byte aligned) is fixed at creation, so threads can fill the tensors in any
/// order through `output`. The file appears at the destination only in `finish()`; dropping the writer before
/// leaves nothing behind.
public final class SafeTensorsWriter {
    public struct Slot: Sendable {
        public let name: String
        /// Where the tensor's bytes go in the file.
        public let byteOffset: Int
        public let byteCount: Int
    }

    public let destination: String
    public let slots: [Slot]
    /// Fills the tensors' bytes at their slots' offsets; safe from several threads.
    public let output: PositionalWriter
    private var atomic: AtomicOutput?
    private var header: SafeTensorsHeader
    private let headerLength: Int

    /// `metadata` fixes the header's length: values that `finish` fills in later (a digest, a count) must be given
    /// here at their final length, e.g. as placeholders of the same number of characters.
    public init(destination: String, overwrite: Bool, tensors: [ArchivedTensor], metadata: [(key: String, value: String)]) throws {
        let atomic = try AtomicOutput(destination: destination, overwrite: overwrite)
        var entries: [SafeTensorsHeader.Entry] = []
        var offset = 0
        for tensor in tensors {
            guard SafeTensorsDType.name(of: tensor.dtype) != nil else {
                throw SafeTensorsError(path: destination, key: tensor.name, "safetensors has no dtype for \(tensor.dtype.rawValue)")
            }
            entries.append(.init(name: tensor.name, dtype: tensor.dtype, shape: tensor.shape, dataRange: offset..<(offset + tensor.byteCount)))
            offset += tensor.byteCount
        }
        header = SafeTensorsHeader(entries: entries, metadata: metadata)
        let json = header.encodedJSON()
        headerLength = json.count
        let dataStart = 8 + json.count
        slots = entries.map { Slot(name: $0.name, byteOffset: dataStart + $0.dataRange.lowerBound, byteCount: $0.dataRange.count) }
        output = try PositionalWriter(path: atomic.temporaryPath, create: true)
        try output.write(Self.lengthPrefix(json.count) + json, at: 0)
        try output.setLength(dataStart + offset)
        self.destination = destination
        self.atomic = consume atomic
    }

    /// Rewrites the header with the final metadata (same keys and value lengths as at creation) and moves the file
    /// into place.
    public func finish(metadata: [(key: String, value: String)]) throws {
        header.metadata = metadata
        let json = header.encodedJSON()
        guard json.count == headerLength else {
            throw SafeTensorsError(path: destination, key: SafeTensorsHeader.metadataKey,
                                   "final metadata changed the header's length (\(headerLength) → \(json.count) bytes)")
        }
        try output.write(Self.lengthPrefix(json.count) + json, at: 0)
        guard let atomic = atomic.take() else { return }
        try atomic.commit()
    }

    private static func lengthPrefix(_ length: Int) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: UInt64(length) >> (8 * UInt64($0))) }
    }
}
