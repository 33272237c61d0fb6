import HDF5Kit
import TorchCheckpoint
import VideoVAEConfig
import VVAEWeights
import WeightConversion

/// A file's tensors keyed by their model (state-dict) key, readable one at a time as Double — what `--compare` walks.
struct TensorSource {
    struct Item {
        let key: String
        let dtype: String
        let shape: [Int]
    }

    let path: String
    let format: String
    let items: [Item]
    /// Checkpoint keys left out because the weight file's config calls them training-only (e.g. `loss.*`).
    var ignored: [String] = []
    let read: (String) throws -> [Double]
    /// The training-only prefixes this file's embedded config declares, for the other side of a comparison.
    let ignoredPrefixes: [String]

    static func open(_ path: String) throws -> TensorSource {
        switch try WeightFileSniffer.kind(ofFileAt: path) {
        case .hdf5: return try openHDF5(path)
        case .torch: return try openCheckpoint(path)
        }
    }

    private static func openHDF5(_ path: String) throws -> TensorSource {
        let file = try HDF5File.open(atPath: path)
        var prefixes: [String] = []
        if try file.hasAttribute(WeightFileFormat.RootAttribute.configYAML),
           let config = try? VideoVAEModelConfig(yamlText: try file.stringAttribute(WeightFileFormat.RootAttribute.configYAML)) {
            prefixes = config.ignoreKeyPrefixes
        }
        let items = try file.datasets().map {
            Item(key: WeightFileFormat.key(forDatasetPath: $0.path), dtype: $0.elementType?.rawValue ?? $0.typeDescription, shape: $0.shape)
        }
        return TensorSource(path: path, format: "hdf5", items: items, read: { key in
            try file.readFloat32(WeightFileFormat.datasetPath(forKey: key)).map(Double.init)
        }, ignoredPrefixes: prefixes)
    }

    /// The state dict is the container with the most tensors; a wrapper prefix shared by all its keys is removed, so
    /// `state_dict/first_stage_model.encoder.x` compares with `encoder.x`.
    private static func openCheckpoint(_ path: String) throws -> TensorSource {
        let checkpoint = try Checkpoint(path: path)
        let sources = WeightConverter.sourceTensors(of: checkpoint)
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
        var nameOfKey: [String: String] = [:]
        for (tensor, key) in zip(tensors, keys) { nameOfKey[key] = tensor.name }
        let items = zip(tensors, keys).compactMap { source, key -> Item? in
            guard let record = checkpoint.tensor(named: source.name) else { return nil }
            return Item(key: key, dtype: record.dtype.rawValue, shape: record.shape)
        }
        return TensorSource(path: path, format: checkpoint.format.rawValue, items: items, read: { key in
            guard let name = nameOfKey[key], let record = checkpoint.tensor(named: name) else { return [] }
            return try checkpoint.readDoubles(record)
        }, ignoredPrefixes: [])
    }
}
