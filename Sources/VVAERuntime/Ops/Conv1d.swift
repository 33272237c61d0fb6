/// A 1-D convolution over `[B, C, L]` (PyTorch `Conv1d`, groups 1), run as a `Conv3d` with a `k×1×1` kernel.
public struct Conv1d: Sendable {
    /// The equivalent 3-D convolution over `[B, C, L, 1, 1]`.
    public let conv: Conv3d

    /// `weight` is `[out, in, k]`; `padding` is applied symmetrically with zeros, as PyTorch's `padding=`.
    public init(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) throws {
        guard weight.rank == 3 else {
            throw TensorError(operation: "Conv1d", message: "weight must be [out, in, k], got \(weight.shape)")
        }
        let weight3d = try weight.reshaped(weight.shape + [1, 1])
        conv = try Conv3d(weight: weight3d, bias: bias, stride: Size3(stride, 1, 1),
                          padding: Padding3d(symmetric: Size3(padding, 0, 0)))
    }

    public var inChannels: Int { conv.inChannels }
    public var outChannels: Int { conv.outChannels }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard input.rank == 3 else {
            throw TensorError(operation: "Conv1d", message: "input must be [B, C, L], got \(input.shape)")
        }
        let output = try conv(try input.reshaped(input.shape + [1, 1]))
        return try output.reshapedConsuming(Array(output.shape.prefix(3)))
    }
}
