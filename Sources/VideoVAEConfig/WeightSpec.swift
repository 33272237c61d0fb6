/// One tensor a model's state dict holds: its key and its PyTorch shape. All VideoVAE+ tensors are float32.
public struct WeightSpec: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let key: String
    public let shape: [Int]

    public init(key: String, shape: [Int]) {
        self.key = key
        self.shape = shape
    }

    public var elementCount: Int { shape.reduce(1, *) }

    /// `key  128x3x1x3x3`, the manifest spelling of a shape.
    public var description: String { "\(key)\t\(WeightSpec.shapeText(shape))" }

    /// Shape as written in manifests: `128x3x1x3x3`; a scalar is the empty string.
    public static func shapeText(_ shape: [Int]) -> String {
        shape.map(String.init).joined(separator: "x")
    }
}
