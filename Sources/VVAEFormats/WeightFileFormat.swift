import Foundation

/// Names and numbers of the vvae HDF5 weight file (Docs/FORMAT.md). `WeightFileHeader` reads and writes the root
/// attributes by these names; dataset names follow `datasetPath(forKey:)`.
public enum WeightFileFormat {
    public static let name = FileKind.weights.rawValue
    public static let version: Int64 = 1
    /// Raw data of every dataset starts at a multiple of this many bytes, so a reader may map it in place.
    public static let alignment = 64

    public enum RootAttribute {
        public static let format = FormatAttribute.format
        public static let formatVersion = FormatAttribute.formatVersion
        public static let configYAML = "config_yaml"
        public static let configName = "config_name"
        public static let embedDim = "embed_dim"
        public static let sourceFile = "source_file"
        public static let sourceSize = "source_size"
        public static let sourceSHA256 = "source_sha256"
        public static let sourceFormat = "source_format"
        public static let tensorCount = "tensor_count"
        public static let parameterCount = "parameter_count"
        public static let dtype = "dtype"
        public static let toolVersion = "tool_version"
    }

    public enum DatasetAttribute {
        public static let sha256 = "sha256"
        public static let sourceDType = "source_dtype"
    }

    /// In a safetensors output, the `__metadata__` key of a tensor's SHA-256 is this prefix and the tensor's key
    /// (safetensors has no per-tensor attributes).
    public static let safetensorsChecksumPrefix = "sha256."

    /// `encoder.down.0.block.1.conv1.weight` → `/encoder/down/0/block/1/conv1/weight`.
    public static func datasetPath(forKey key: String) -> String {
        "/" + key.replacingOccurrences(of: ".", with: "/")
    }

    /// The inverse of `datasetPath(forKey:)`.
    public static func key(forDatasetPath path: String) -> String {
        path.split(separator: "/").joined(separator: ".")
    }
}
