/// A file of named tensors, whatever its container: what converting and comparing need of a PyTorch checkpoint
/// and of a safetensors file alike. Tensor bytes are read on demand, one tensor at a time.
public protocol TensorArchive: Sendable {
    /// The file.
    var path: String { get }
    /// `torch-zip`, `torch-legacy`, `safetensors`.
    var formatName: String { get }
    /// Every tensor, in file order, with its name (container keys joined by `/` for checkpoints).
    var archivedTensors: [ArchivedTensor] { get }
    /// A tensor's elements in C order, little-endian.
    func readData(named name: String) throws -> [UInt8]
    /// Where exactly those bytes lie in the file, when they lie there as they are; nil when reading must decode,
    /// gather or swap them.
    func fileSpan(named name: String) -> Range<Int>?
}

/// A tensor's name and what it holds, without its bytes.
public struct ArchivedTensor: Sendable, Equatable {
    public let name: String
    public let dtype: TensorDType
    public let shape: [Int]

    public init(name: String, dtype: TensorDType, shape: [Int]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
    }

    public var elementCount: Int { shape.reduce(1, *) }
    public var byteCount: Int { elementCount * dtype.byteSize }
}

extension Checkpoint: TensorArchive {
    public var formatName: String { format.rawValue }

    public var archivedTensors: [ArchivedTensor] {
        tensors.map { ArchivedTensor(name: $0.name, dtype: $0.tensor.dtype, shape: $0.tensor.shape) }
    }

    public func readData(named name: String) throws -> [UInt8] {
        guard let record = tensor(named: name) else {
            throw CheckpointError(.unknownTensor, file: path, key: name, "no tensor of this name")
        }
        return try readData(record)
    }

    public func fileSpan(named name: String) -> Range<Int>? {
        tensor(named: name).flatMap(fileSpan(of:))
    }
}
