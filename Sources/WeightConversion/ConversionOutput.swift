import HDF5Kit
import SafeTensors
import TorchCheckpoint
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

    /// These facts as root attributes, in the order written; each output stores them in its own way.
    var attributes: [(key: String, value: HDF5AttributeValue)] {
        typealias Key = WeightFileFormat.RootAttribute
        var list: [(key: String, value: HDF5AttributeValue)] = [(Key.configYAML, .string(model.yamlText)),
                                                                (Key.configName, .string(model.name))]
        if let embedDim = model.embedDim { list.append((Key.embedDim, .int64(Int64(embedDim)))) }
        list += [(Key.sourceFile, .string(sourceFile)), (Key.sourceSize, .int64(sourceSize)),
                 (Key.sourceFormat, .string(sourceFormat)), (Key.dtype, .string(dtype.rawValue)),
                 (Key.toolVersion, .string(toolVersion))]
        return list
    }
}

/// vvae's HDF5 weight file: datasets reserved up front, checksums and the source digest set at the end.
final class HDF5ConversionOutput: ConversionOutput {
    private let writer: WeightFileWriter
    let offsets: [String: Int]
    var rawData: PositionalWriter { writer.rawData }

    init(destination: String, overwrite: Bool, plan: [PlannedTensor], metadata: ConversionMetadata) throws {
        writer = try WeightFileWriter(destination: destination, overwrite: overwrite)
        for (key, value) in metadata.attributes { try writer.setRootAttribute(key, value) }
        var offsets: [String: Int] = [:]
        for tensor in plan {
            let slot = try writer.reserve(key: tensor.key, elementType: tensor.storedType, shape: tensor.shape,
                                          sourceDType: tensor.sourceDType.rawValue)
            offsets[tensor.key] = slot.byteOffset
        }
        self.offsets = offsets
    }

    func finish(sourceSHA256: String, tensorSHA256: [String: String]) throws {
        try writer.setRootAttribute(WeightFileFormat.RootAttribute.sourceSHA256, .string(sourceSHA256))
        for (key, digest) in tensorSHA256.sorted(by: { $0.key < $1.key }) {
            try writer.recordChecksum(key: key, hexDigest: digest)
        }
        try writer.finish()
    }
}

/// A safetensors file with the weight file's names and root attributes as `__metadata__` strings (each tensor's
/// SHA-256 under `sha256.<key>`), so the same facts travel in either format.
final class SafeTensorsConversionOutput: ConversionOutput {
    private let writer: SafeTensorsWriter
    private var metadata: [(key: String, value: String)]
    let offsets: [String: Int]
    var rawData: PositionalWriter { writer.output }
    private static let placeholderDigest = String(repeating: "0", count: 64)

    init(destination: String, overwrite: Bool, plan: [PlannedTensor], metadata facts: ConversionMetadata) throws {
        typealias Key = WeightFileFormat.RootAttribute
        // The same root attributes as the HDF5 file, as strings (safetensors metadata holds nothing else).
        var metadata: [(key: String, value: String)] = [(Key.format, WeightFileFormat.name),
                                                        (Key.formatVersion, String(WeightFileFormat.version))]
        for (key, value) in facts.attributes {
            switch value {
            case .string(let text): metadata.append((key, text))
            case .int64(let number): metadata.append((key, String(number)))
            case .double, .int64Array, .doubleArray: metadata.append((key, "\(value)"))
            }
        }
        metadata += [
            (Key.sourceSHA256, Self.placeholderDigest),
            (Key.tensorCount, String(plan.count)),
            (Key.parameterCount, String(plan.reduce(0) { $0 + $1.elementCount })),
        ]
        metadata += plan.map { (Self.checksumKey($0.key), Self.placeholderDigest) }
        var tensors: [ArchivedTensor] = []
        for planned in plan {
            guard let dtype = TensorDType(rawValue: planned.storedType.rawValue) else {
                throw SafeTensorsError(path: destination, key: planned.key, "safetensors has no dtype for \(planned.storedType)")
            }
            tensors.append(ArchivedTensor(name: planned.key, dtype: dtype, shape: planned.shape))
        }
        writer = try SafeTensorsWriter(destination: destination, overwrite: overwrite, tensors: tensors, metadata: metadata)
        self.metadata = metadata
        offsets = Dictionary(uniqueKeysWithValues: writer.slots.map { ($0.name, $0.byteOffset) })
    }

    static func checksumKey(_ key: String) -> String { WeightFileFormat.safetensorsChecksumPrefix + key }

    func finish(sourceSHA256: String, tensorSHA256: [String: String]) throws {
        let final = metadata.map { entry -> (key: String, value: String) in
            if entry.key == WeightFileFormat.RootAttribute.sourceSHA256 { return (entry.key, sourceSHA256) }
            let prefix = WeightFileFormat.safetensorsChecksumPrefix
            if entry.key.hasPrefix(prefix), let digest = tensorSHA256[String(entry.key.dropFirst(prefix.count))] {
                return (entry.key, digest)
            }
            return entry
        }
        try writer.finish(metadata: final)
    }
}
