/// What `vvae-inspect` shows of any weight file, whatever its format: the common ground of checkpoints and HDF5.
public struct InspectedFile: Sendable {
    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let dtype: String
        public let shape: [Int]
        public var elementCount: Int { shape.reduce(1, *) }
        public var byteCount: Int { elementCount * InspectedFile.byteSize(of: dtype) }

        public init(name: String, dtype: String, shape: [Int]) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
        }
    }

    public let path: String
    /// `torch-zip`, `torch-legacy` or `hdf5`.
    public let format: String
    public let tensors: [Tensor]
    /// Non-tensor entries (checkpoint metadata, HDF5 root attributes), in file order.
    public let metadata: [(key: String, value: JSONValue)]
    /// For a vvae weight file: one line about the model its embedded config describes.
    public let modelSummary: String?

    public init(path: String, format: String, tensors: [Tensor], metadata: [(key: String, value: JSONValue)], modelSummary: String? = nil) {
        self.path = path
        self.format = format
        self.tensors = tensors
        self.metadata = metadata
        self.modelSummary = modelSummary
    }

    public func filtered(by text: String?) -> InspectedFile {
        guard let text, !text.isEmpty else { return self }
        return InspectedFile(path: path, format: format, tensors: tensors.filter { $0.name.contains(text) },
                             metadata: metadata, modelSummary: modelSummary)
    }

    public var json: JSONValue {
        JSONDocument.listing.make([
            ("file", .string(path)),
            ("format", .string(format)),
            ("tensors", .array(tensors.map { tensor in
                .object([
                    ("name", .string(tensor.name)),
                    ("dtype", .string(tensor.dtype)),
                    ("shape", .array(tensor.shape.map { .int(Int64($0)) })),
                ])
            })),
            ("metadata", .object(metadata.map { ($0.key, $0.value) })),
        ])
    }

    static func byteSize(of dtype: String) -> Int {
        switch dtype {
        case "float64", "int64", "complex64": return 8
        case "float32", "int32": return 4
        case "float16", "bfloat16", "int16": return 2
        case "complex128": return 16
        default: return 1
        }
    }
}
