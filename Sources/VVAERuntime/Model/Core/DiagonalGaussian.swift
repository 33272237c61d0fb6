#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The posterior formed from a coder's output `[B, 2C, …]`: mean = first `C` channels, log-variance = the rest
/// clamped to [-30, 20]. `mode` is the mean; a sample is `mean + exp(0.5·logvar)·noise`.
public struct DiagonalGaussian: Sendable {
    /// The coder output as given (log-variance unclamped).
    public let parameters: Tensor
    public let mean: Tensor
    /// Clamped to [-30, 20].
    public let logvar: Tensor

    public init(parameters: Tensor) throws {
        guard parameters.rank >= 2, parameters.shape[1] % 2 == 0, parameters.shape[1] > 0 else {
            throw ModelError(.invalidInput, "posterior parameters must be [B, 2C, …] with an even, non-zero C axis, got \(parameters.shape)")
        }
        let half = parameters.shape[1] / 2
        self.parameters = parameters
        mean = try parameters.channels(0..<half)
        var logvar = try parameters.channels(half..<(2 * half))
        logvar.clamp(to: -30...20)
        self.logvar = logvar
    }

    public var mode: Tensor { mean }

    /// `mean + exp(0.5·logvar)·noise` for standard-normal `noise` of the mean's shape.
    public func sample(noise: Tensor) throws -> Tensor {
        guard noise.shape == mean.shape else {
            throw ModelError(.invalidInput, "posterior noise must have the mean's shape \(mean.shape), got \(noise.shape)")
        }
        var result = mean
        try result.updateEach(with: logvar, noise, operation: "DiagonalGaussian.sample") { mean, logvar, noise in
            mean + expf(0.5 * logvar) * noise
        }
        return result
    }

    /// A sample with noise drawn from `generator` (not PyTorch's generator: same distribution, other numbers).
    public func sample(using generator: inout SeededNormalGenerator) throws -> Tensor {
        try sample(noise: generator.tensor(shape: mean.shape))
    }
}
