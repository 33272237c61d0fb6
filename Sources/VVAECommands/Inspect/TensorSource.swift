import VVAEFormats
import VVAEPipeline
import HDF5Kit
import SafeTensors
import TorchCheckpoint
import VideoVAEConfig
import VVAESupport
import VVAEWeights
import WeightConversion

/// A file's tensors keyed by their model (state-dict) key, readable as Double a run of elements at a time — what
/// `--compare` walks, so comparing two multi-gigabyte files holds a few megabytes of values, not whole tensors.
struct TensorSource {
    struct Item {
        let key: String
        let dtype: String
        let shape: [Int]
    }

    /// One tensor's elements, read on demand by element range.
    struct Elements {
        let count: Int
        let read: (Range<Int>) throws -> [Double]
    }

    let path: String
    let format: String
    let items: [Item]
    /// Checkpoint keys left out because the weight file's config calls them training-only (e.g. `loss.*`).
    var ignored: [String] = []
    let open: (String) throws -> Elements
    /// The training-only prefixes this file's embedded config declares, for the other side of a comparison.
    let ignoredPrefixes: [String]

    static func open(_ path: String) throws -> TensorSource {
        switch try WeightFileSniffer.kind(ofFileAt: path) {
        case .hdf5: return try openHDF5(path)
        case .torch, .safetensors: return try openArchive(path)
        }
    }

    /// Elements read straight from `range` of the file when the bytes lie there as they are (little-endian,
    /// contiguous); otherwise the whole tensor, decoded once.
    static func elements(count: Int, dtype: TensorDType, fileSpan: Range<Int>?, file: MappedReader,
                         whole: @escaping () throws -> [Double]) -> Elements {
        if let fileSpan, fileSpan.count == count * dtype.byteSize, dtype != .complex64, dtype != .complex128 {
            return Elements(count: count) { range in
                let bytes = try file.bytes((fileSpan.lowerBound + range.lowerBound * dtype.byteSize)..<(fileSpan.lowerBound + range.upperBound * dtype.byteSize))
                return ElementDecoding.doubles(bytes, dtype: dtype) ?? []
            }
        }
        var cache: [Double]?
        return Elements(count: count) { range in
            if cache == nil { cache = try whole() }
            guard let values = cache, range.upperBound <= values.count else { return [] }
            return Array(values[range])
        }
    }

    private static func openHDF5(_ path: String) throws -> TensorSource {
        let file = try HDF5File.open(atPath: path)
        let reader = try MappedReader(path: path)
        var prefixes: [String] = []
        // Any HDF5 file is listed; a vvae weight file's header also says which keys are training-only.
        if try FileKind.of(file) == .weights, let header = try? WeightFileHeader.read(from: file, path: path),
           let config = try? VideoVAEModelConfig(yamlText: header.configYAML) {
            prefixes = config.ignoreKeyPrefixes
        }
        let datasets = try file.datasets()
        var infoByKey: [String: HDF5DatasetInfo] = [:]
        for info in datasets { infoByKey[WeightFileFormat.key(forDatasetPath: info.path)] = info }
        let items = datasets.map {
            Item(key: WeightFileFormat.key(forDatasetPath: $0.path), dtype: $0.elementType?.rawValue ?? $0.typeDescription, shape: $0.shape)
        }
        return TensorSource(path: path, format: "hdf5", items: items, open: { key in
            let datasetPath = WeightFileFormat.datasetPath(forKey: key)
            let info = try infoByKey[key] ?? file.datasetInfo(datasetPath)
            let whole = { try file.readFloat32(datasetPath).map(Double.init) }
            guard let type = info.elementType, let dtype = TensorDType(rawValue: type.rawValue), info.byteOrder != .bigEndian,
                  let offset = info.byteOffset else {
                return elements(count: info.elementCount, dtype: .float32, fileSpan: nil, file: reader, whole: whole)
            }
            return elements(count: info.elementCount, dtype: dtype, fileSpan: offset..<(offset + info.storageByteCount),
                            file: reader, whole: whole)
        }, ignoredPrefixes: prefixes)
    }

    /// A checkpoint or safetensors file. The state dict is the container with the most tensors; a wrapper prefix
    /// shared by all its keys is removed, so `state_dict/first_stage_model.encoder.x` compares with `encoder.x`.
    private static func openArchive(_ path: String) throws -> TensorSource {
        let archive = try TensorArchives.open(path)
        let reader = try MappedReader(path: path)
        let sources = WeightConverter.sourceTensors(of: archive)
        let containers = Dictionary(grouping: sources, by: \.container)
        let container = containers.max { lhs, rhs in
            lhs.value.count != rhs.value.count ? lhs.value.count < rhs.value.count
                : (StateDictMapping.preferredContainers.firstIndex(of: lhs.key) ?? .max) > (StateDictMapping.preferredContainers.firstIndex(of: rhs.key) ?? .max)
        }?.key ?? ""
        let tensors = sources.filter { $0.container == container }
        var keys = tensors.map(\.key)
        while let prefix = StateDictMapping.wrapperPrefixes.first(where: { prefix in !keys.isEmpty && keys.allSatisfy { $0.hasPrefix(prefix) } }) {
            keys = keys.map { String($0.dropFirst(prefix.count)) }
        }
        let byName = Dictionary(archive.archivedTensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var tensorOfKey: [String: ArchivedTensor] = [:]
        for (source, key) in zip(tensors, keys) { tensorOfKey[key] = byName[source.name] }
        let items = zip(tensors, keys).compactMap { source, key -> Item? in
            guard let tensor = byName[source.name] else { return nil }
            return Item(key: key, dtype: tensor.dtype.rawValue, shape: tensor.shape)
        }
        return TensorSource(path: path, format: archive.formatName, items: items, open: { key in
            guard let tensor = tensorOfKey[key] else { return Elements(count: 0) { _ in [] } }
            return elements(count: tensor.elementCount, dtype: tensor.dtype, fileSpan: archive.fileSpan(named: tensor.name),
                            file: reader) {
                let data = try archive.readData(named: tensor.name)
                guard let values = ElementDecoding.doubles(data, dtype: tensor.dtype) else {
                    throw InputError(path: path, "tensor '\(tensor.name)' is \(tensor.dtype.rawValue), whose values cannot be compared")
                }
                return values
            }
        }, ignoredPrefixes: embeddedIgnorePrefixes(archive))
    }

    /// A safetensors file vvae-convert wrote carries its config in `__metadata__`, training-only prefixes included.
    private static func embeddedIgnorePrefixes(_ archive: any TensorArchive) -> [String] {
        guard let file = archive as? SafeTensorsFile,
              let header = try? WeightFileHeader.read(textAttributes: Dictionary(file.header.metadata.map { ($0.key, $0.value) },
                                                                                 uniquingKeysWith: { first, _ in first }),
                                                      path: file.path),
              let config = try? VideoVAEModelConfig(yamlText: header.configYAML) else { return [] }
        return config.ignoreKeyPrefixes
    }
}
