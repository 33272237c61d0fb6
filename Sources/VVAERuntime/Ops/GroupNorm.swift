/// PyTorch `GroupNorm` over `[B, C, …]`: statistics per (sample, group) accumulated in Double (two passes, so a
/// large mean does not cancel the variance), then an optional per-channel affine. Can fuse the SiLU that follows
/// it everywhere in the model, saving one pass and one activation-sized buffer.
public struct GroupNorm: Sendable {
    public let groups: Int
    public let channels: Int
    /// Each layer's own epsilon (1e-6 in most VideoVAE+ layers, 1e-5 in the temporal attention).
    public let eps: Double
    /// `[C]` scale and shift, or nil when the layer has no affine parameters.
    public let weight: Tensor?
    public let bias: Tensor?

    public init(groups: Int, channels: Int, eps: Double, weight: Tensor?, bias: Tensor?) throws {
        guard groups > 0, channels > 0, channels % groups == 0 else {
            throw TensorError(operation: "GroupNorm",
                              message: "\(channels) channels cannot be split into \(groups) groups")
        }
        for (name, parameter) in [("weight", weight), ("bias", bias)] {
            if let parameter, parameter.shape != [channels] {
                throw TensorError(operation: "GroupNorm",
                                  message: "\(name) shape \(parameter.shape) does not match \(channels) channels")
            }
        }
        guard eps >= 0 else { throw TensorError(operation: "GroupNorm", message: "eps must be >= 0, got \(eps)") }
        self.groups = groups
        self.channels = channels
        self.eps = eps
        self.weight = weight
        self.bias = bias
    }

    public func callAsFunction(_ input: Tensor, fusingSiLU: Bool = false) throws -> Tensor {
        var output = input
        try apply(to: &output, fusingSiLU: fusingSiLU)
        return output
    }

    /// Normalises `tensor` in place (no extra activation-sized buffer when the storage is not shared).
    public func apply(to tensor: inout Tensor, fusingSiLU: Bool = false) throws {
        guard tensor.rank >= 2, tensor.shape[1] == channels else {
            throw TensorError(operation: "GroupNorm",
                              message: "input must be [B, \(channels), …], got \(tensor.shape)")
        }
        let batch = tensor.shape[0]
        let spatial = tensor.shape.dropFirst(2).reduce(1, *)
        let perGroup = channels / groups
        let groupSize = perGroup * spatial
        guard groupSize > 0 else { return }
        let gamma = weight?.scalars
        let beta = bias?.scalars
        let eps = eps
        let groups = groups
        tensor.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelLoop.forEachRange(count: batch * groups, workPerItem: 3 * groupSize) { range in
                for index in range {
                    let group = index % groups
                    let values = base + index * groupSize
                    let (mean, invStd) = NormStatistics.meanAndInverseStd(values, count: groupSize, eps: eps)
                    for local in 0..<perGroup {
                        let channel = group * perGroup + local
                        let scale = invStd * Double(gamma?[channel] ?? 1)
                        let shift = Double(beta?[channel] ?? 0)
                        let normalise = { (x: SIMD8<Float>) in
                            SIMD8<Float>((SIMD8<Double>(x) - mean) * scale + shift)
                        }
                        let row = values + local * spatial
                        if fusingSiLU {
                            VectorLoop.update(row, count: spatial) { SiLU.lanes(normalise($0)) }
                        } else {
                            VectorLoop.update(row, count: spatial, normalise)
                        }
                    }
                }
            }
        }
    }
}
