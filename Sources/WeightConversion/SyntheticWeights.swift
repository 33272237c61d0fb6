import Foundation
import HDF5Kit
import VideoVAEConfig
import VVAERuntime
import VVAEFormats
import VVAEWeights
import VVAESupport

/// A weight file of seeded random weights for any config, so full-size runs (accuracy studies, benchmarks) need no
/// released checkpoint and no Python. Scaled so activations stay O(1) through the whole network: fan-in scaling for
/// convolutions and projections, a smaller gain on residual branches, norm weights near 1 and biases near 0. Every
/// layer gets non-zero weights, including those upstream initialises to zero (TemporalConvLayer convs, the temporal
/// attention's projections), so a run exercises every path.
public struct SyntheticWeights: Sendable {
    /// How a tensor is drawn, decided from its key and shape alone (the state dict names say what owns them).
    public enum Role: Sendable, Equatable {
        /// GroupNorm / LayerNorm weight (rank 1 `.weight`): 1 + small noise.
        case normWeight
        /// Any bias, and norm biases: small noise around 0.
        case bias
        /// Relative-position embedding tables of the temporal attention.
        case positionTable
        /// Convolution, transposed convolution and linear weights: noise · gain / √fan-in.
        case projection(fanIn: Double, gain: Double)
    }

    public let config: VideoVAEModelConfig
    public let seed: UInt64

    public init(config: VideoVAEModelConfig, seed: UInt64) {
        self.config = config
        self.seed = seed
    }

    /// Gain on the last projection of residual branches (temporal convs, attention, second convs) so the residual
    /// sums grow slowly with depth instead of doubling at each block.
    static let residualGain = 0.6

    /// The drawing rule for one tensor.
    public static func role(of spec: WeightSpec) -> Role {
        let key = spec.key
        if key.hasSuffix(".embeddings_table") { return .positionTable }
        if key.hasSuffix(".bias") { return .bias }
        if spec.shape.count <= 1 { return .normWeight }
        let fanIn: Double
        if key.hasSuffix(".up.weight") && spec.shape.count == 5 {
            // ConvTranspose3d weight [in, out, kT, kH, kW]; stride 2 in time means each output sees half the taps.
            fanIn = Double(spec.shape[0] * spec.shape[2...].reduce(1, *)) / 2
        } else {
            fanIn = Double(spec.shape[1...].reduce(1, *))
        }
        let residual = key.contains("_tmp") || key.contains("attn") || key.hasSuffix("conv2.weight")
            || key.contains("conv2.conv") || key.contains("to_out")
        return .projection(fanIn: max(fanIn, 1), gain: residual ? residualGain : 1)
    }

    /// The values of one tensor; each tensor has its own stream (seed and key), so one tensor's values do not depend
    /// on which tensors came before it.
    public func values(for spec: WeightSpec) -> [Float] {
        var generator = SplitMixNormal(seed: seed ^ Self.stableHash(spec.key))
        let (scale, offset): (Double, Double)
        switch Self.role(of: spec) {
        case .normWeight: (scale, offset) = (0.1, 1)
        case .bias: (scale, offset) = (0.05, 0)
        case .positionTable: (scale, offset) = (0.5, 0)
        case .projection(let fanIn, let gain): (scale, offset) = (gain / fanIn.squareRoot(), 0)
        }
        var values = [Float]()
        values.reserveCapacity(spec.elementCount)
        for _ in 0..<spec.elementCount {
            values.append(Float(offset + scale * generator.next()))
        }
        return values
    }

    /// Writes the weight file: the config's text embedded as the converter does, every expected tensor in float32.
    /// Peak memory is one tensor. Returns the number of parameters written.
    @discardableResult
    public func write(to path: String, configName: String, overwrite: Bool, toolVersion: String) throws -> Int64 {
        // A config that leaves embed_dim to the checkpoint (upstream's text configs) gets the width the temporal
        // stage reads, which is what embed_dim must equal (`VideoVAEModel` checks it).
        let embedDim = config.embedDim ?? (config.useQuantConv ? config.temporal.inChannels : nil)
        let specs = try config.expectedWeights(embedDim: embedDim)
        let writer = try WeightFileWriter(destination: path, overwrite: overwrite)
        for spec in specs {
            let bytes = try Tensor(shape: spec.shape, scalars: values(for: spec)).littleEndianBytes()
            try writer.write(key: spec.key, elementType: .float32, shape: spec.shape, bytes: bytes, sourceDType: "float32")
        }
        try writer.finish(header: WeightFileHeader(configYAML: config.yamlText, configName: configName, embedDim: embedDim,
                                                   sourceFile: "synthetic (seed \(seed))", sourceFormat: "synthetic",
                                                   dtype: "float32", toolVersion: toolVersion))
        return writer.parameterCount
    }

    /// FNV-1a over the key's UTF-8: stable across runs and platforms (Swift's `hashValue` is not).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// Standard normals from SplitMix64 + Box–Muller in Double: reproducible on every machine.
struct SplitMixNormal {
    private var bits: SplitMix64
    private var spare: Double?

    init(seed: UInt64) { bits = SplitMix64(seed: seed) }

    private mutating func nextUInt64() -> UInt64 { bits.next() }

    /// Uniform in (0, 1], never 0 so the logarithm is finite.
    private mutating func nextUnit() -> Double {
        (Double(nextUInt64() >> 11) + 1) / Double(UInt64(1) << 53)
    }

    mutating func next() -> Double {
        if let spare {
            self.spare = nil
            return spare
        }
        let radius = (-2 * log(nextUnit())).squareRoot()
        let angle = 2 * Double.pi * nextUnit()
        spare = radius * sin(angle)
        return radius * cos(angle)
    }
}
