#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VVAESupport

/// Reproducible standard-normal float32 numbers from a 64-bit seed (SplitMix64 + Box–Muller), so `--sample --seed`
/// gives the same latent on every machine. It does not reproduce `torch.randn`.
public struct SeededNormalGenerator: Sendable {
    private var bits: SplitMix64
    private var spare: Float?

    public init(seed: UInt64) { bits = SplitMix64(seed: seed) }

    private mutating func nextUInt64() -> UInt64 { bits.next() }

    /// Uniform in (0, 1], never 0 so the logarithm is finite.
    private mutating func nextUnit() -> Double {
        (Double(nextUInt64() >> 11) + 1) / Double(1 << 53)
    }

    public mutating func next() -> Float {
        if let spare {
            self.spare = nil
            return spare
        }
        let radius = (-2 * log(nextUnit())).squareRoot()
        let angle = 2 * Double.pi * nextUnit()
        spare = Float(radius * sin(angle))
        return Float(radius * cos(angle))
    }

    public mutating func tensor(shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        var scalars = [Float]()
        scalars.reserveCapacity(count)
        for _ in 0..<count { scalars.append(next()) }
        return try Tensor(shape: shape, scalars: scalars)
    }
}
