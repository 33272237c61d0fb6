import VVAEFormats
import HDF5Kit
import SafeTensors
import TorchCheckpoint
import VVAEWeights

extension InspectedFile {
    /// Reads the listing of any supported file: a PyTorch checkpoint (zip or legacy) or an HDF5 file.
    static func load(path: String) throws -> InspectedFile {
        switch try WeightFileSniffer.kind(ofFileAt: path) {
        case .hdf5: return try load(hdf5: path)
        case .torch: return load(checkpoint: try Checkpoint(path: path))
        case .safetensors: return load(safetensors: try SafeTensorsFile(path: path))
        }
    }

    /// Tensors with the dtype names checkpoints use (`float32`, `bfloat16`, …); `__metadata__` as the metadata,
    /// with a model summary when it carries a vvae config.
    static func load(safetensors file: SafeTensorsFile) -> InspectedFile {
        var metadata: [(key: String, value: JSONValue)] = []
        var summary: String?
        // vvae's per-tensor digests (`sha256.<key>`) are shown as one entry, not hundreds.
        let prefix = WeightFileFormat.safetensorsChecksumPrefix
        let digests = file.header.metadata.filter { $0.key.hasPrefix(prefix) }
        for (key, value) in file.header.metadata {
            if key.hasPrefix(prefix) {
                if key == digests.first?.key {
                    metadata.append((key: "sha256", value: .object(digests.map { (String($0.key.dropFirst(prefix.count)), .string($0.value)) })))
                }
                continue
            }
            metadata.append((key: key, value: .string(value)))
            if key == WeightFileFormat.RootAttribute.configYAML, let config = ConfigSummary.json(yaml: value) {
                metadata.append((key: "config", value: config))
                summary = ConfigSummary.text(yaml: value)
            }
        }
        return InspectedFile(
            path: file.path, format: file.formatName,
            tensors: file.archivedTensors.map { Tensor(name: $0.name, dtype: $0.dtype.rawValue, shape: $0.shape) },
            metadata: metadata, modelSummary: summary)
    }

    static func load(checkpoint: Checkpoint) -> InspectedFile {
        InspectedFile(
            path: checkpoint.path,
            format: checkpoint.format.rawValue,
            tensors: checkpoint.tensors.map { Tensor(name: $0.name, dtype: $0.tensor.dtype.rawValue, shape: $0.tensor.shape) },
            metadata: checkpoint.metadata.map { (key: $0.key, value: $0.value.json) }
        )
    }

    /// Dataset paths become state-dict keys again (`/encoder/conv_in/weight` → `encoder.conv_in.weight`).
    static func load(hdf5 path: String) throws -> InspectedFile {
        let file = try HDF5File.open(atPath: path)
        defer { try? file.close() }
        let tensors = try file.datasets().map { info in
            Tensor(name: stateDictKey(forDatasetPath: info.path),
                   dtype: info.elementType?.rawValue ?? info.typeDescription,
                   shape: info.shape)
        }
        var metadata: [(key: String, value: JSONValue)] = []
        var summary: String?
        for name in try file.attributeNames() {
            let value = try file.attribute(name)
            metadata.append((key: name, value: value.json))
            if name == WeightFileFormat.RootAttribute.configYAML, case .string(let yaml) = value,
               let config = ConfigSummary.json(yaml: yaml) {
                metadata.append((key: "config", value: config))
                summary = ConfigSummary.text(yaml: yaml)
            }
        }
        return InspectedFile(path: path, format: "hdf5", tensors: tensors, metadata: metadata, modelSummary: summary)
    }

    static func stateDictKey(forDatasetPath path: String) -> String {
        path.split(separator: "/").joined(separator: ".")
    }
}

extension HDF5AttributeValue {
    var json: JSONValue {
        switch self {
        case .string(let text): return .string(text)
        case .int64(let value): return .int(value)
        case .double(let value): return .double(value)
        case .int64Array(let values): return .array(values.map { .int($0) })
        case .doubleArray(let values): return .array(values.map { .double($0) })
        }
    }
}
