import HDF5Kit
import SafeTensors
import TorchCheckpoint
import VVAEFormats
import VVAESupport
import VVAEWeights

/// Where a conversion's tensors go: every tensor's place is fixed before any bytes move, so the bytes can be copied
/// by the kernel and by several threads at once; `finish` records what is known only at the end (digests) and moves
/// the file into place.
protocol ConversionOutput: AnyObject {
    /// Fills tensor bytes at their offsets; safe from several threads.
    var rawData: PositionalWriter { get }
    /// Each tensor's byte offset in the output, by key (nil for an empty tensor).
    var offsets: [String: Int] { get }
    func finish(sourceSHA256: String, tensorSHA256: [String: String]) throws
}

/// One tensor to write: its model key, what is stored, and the source's own dtype.
struct PlannedTensor: Sendable {
    let key: String
    let sourceName: String
    let sourceDType: TensorDType
    let storedType: HDF5ElementType
    let shape: [Int]

    var elementCount: Int { shape.reduce(1, *) }
    var byteCount: Int { elementCount * storedType.byteCount }
}

/// The root attributes both formats carry (Docs/FORMAT.md), known before the tensors are written.
struct ConversionMetadata {
    let model: ModelDescription
    let sourceFile: String
    let sourceSize: Int64
    let sourceFormat: String
    let dtype: StoredDType
    let toolVersion: String

    /// The weight file's header with these facts; the digest and counts are filled in when known.
    var header: WeightFileHeader {
        WeightFileHeader(configYAML: model.yamlText, configName: model.name, embedDim: model.embedDim, sourceFile: sourceFile,
                         sourceSize: sourceSize, sourceFormat: sourceFormat, dtype: dtype.rawValue, toolVersion: toolVersion)
    }
}

/// vvae's HDF5 weight file: datasets reserved up front, checksums and the source digest set at the end.
final class HDF5ConversionOutput: ConversionOutput {
    private let writer: WeightFileWriter
    private let header: WeightFileHeader
    let offsets: [String: Int]
    var rawData: PositionalWriter { writer.rawData }

    init(destination: String, overwrite: Bool, plan: [PlannedTensor], metadata: ConversionMetadata) throws {
        writer = try WeightFileWriter(destination: destination, overwrite: overwrite)
        header = metadata.header
        var offsets: [String: Int] = [:]
        for tensor in plan {
            let slot = try writer.reserve(key: tensor.key, elementType: tensor.storedType, shape: tensor.shape,
                                          sourceDType: tensor.sourceDType.rawValue)
            offsets[tensor.key] = slot.byteOffset
        }
        self.offsets = offsets
    }

    func finish(sourceSHA256: String, tensorSHA256: [String: String]) throws {
        for (key, digest) in tensorSHA256.sorted(by: { $0.key < $1.key }) {
            try writer.recordChecksum(key: key, hexDigest: digest)
        }
        var header = header
        header.sourceSHA256 = sourceSHA256
        try writer.finish(header: header)
    }
}

/// A safetensors file with the weight file's names and root attributes as `__metadata__` strings (each tensor's
/// SHA-256 under `sha256.<key>`), so the same facts travel in either format.
final class SafeTensorsConversionOutput: ConversionOutput {
    private let writer: SafeTensorsWriter
    private let header: WeightFileHeader
    private let plan: [PlannedTensor]
    let offsets: [String: Int]
    var rawData: PositionalWriter { writer.output }
    private static let placeholderDigest = String(repeating: "0", count: 64)

    /// The header as text, then each tensor's checksum; the placeholders have the length of the real digests, so
    /// the header's size is fixed before the tensors are written.
    private static func metadata(_ header: WeightFileHeader, plan: [PlannedTensor], digests: [String: String]) -> [(key: String, value: String)] {
        header.textAttributes + plan.map { (checksumKey($0.key), digests[$0.key] ?? placeholderDigest) }
    }

    init(destination: String, overwrite: Bool, plan: [PlannedTensor], metadata facts: ConversionMetadata) throws {
        var header = facts.header
        header.sourceSHA256 = Self.placeholderDigest
        header.tensorCount = Int64(plan.count)
        header.parameterCount = Int64(plan.reduce(0) { $0 + $1.elementCount })
        var tensors: [ArchivedTensor] = []
        for planned in plan {
            guard let dtype = TensorDType(rawValue: planned.storedType.rawValue) else {
                throw SafeTensorsError(path: destination, key: planned.key, "safetensors has no dtype for \(planned.storedType)")
            }
            tensors.append(ArchivedTensor(name: planned.key, dtype: dtype, shape: planned.shape))
        }
        writer = try SafeTensorsWriter(destination: destination, overwrite: overwrite, tensors: tensors,
                                       metadata: Self.metadata(header, plan: plan, digests: [:]))
        self.header = header
        self.plan = plan
        offsets = Dictionary(uniqueKeysWithValues: writer.slots.map { ($0.name, $0.byteOffset) })
    }

    static func checksumKey(_ key: String) -> String { WeightFileFormat.safetensorsChecksumPrefix + key }

    func finish(sourceSHA256: String, tensorSHA256: [String: String]) throws {
        var header = header
        header.sourceSHA256 = sourceSHA256
        let final = Self.metadata(header, plan: plan, digests: tensorSHA256)
        try writer.finish(metadata: final)
    }
}
