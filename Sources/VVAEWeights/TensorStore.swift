import HDF5Kit

/// A file of named tensors a model reads its parameters from: the VAE's weight file and the text encoder's.
public protocol TensorStore: Sendable {
    /// The file, for messages.
    var path: String { get }
    /// Shape and stored type of the tensor `key`, or nil when the file has none.
    func entry(_ key: String) -> WeightFile.Entry?
    /// The tensor's values as float32 (float16 and bfloat16 widened exactly).
    func floats(_ key: String) throws -> [Float]
}

extension WeightFile: TensorStore {}
