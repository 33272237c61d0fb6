import VVAESupport

/// The architecture of a Hugging Face T5 encoder, read from its `config.json` (T5 v1.1 / flan: gated GELU,
/// untied heads; the original T5's ReLU also works). Every field is range-checked: the file is untrusted.
public struct T5EncoderConfig: Sendable, Equatable {
    public enum Activation: String, Sendable {
        /// `gelu_new`: the tanh approximation (what `gated-gelu` means).
        case geluTanh = "gelu_new"
        /// Exact GELU (erf).
        case gelu
        case relu
        case silu
    }

    public let vocabularySize: Int
    /// `d_model`.
    public let modelWidth: Int
    /// `d_kv`: width of one attention head.
    public let headWidth: Int
    /// `d_ff`.
    public let feedForwardWidth: Int
    /// `num_layers`: encoder blocks.
    public let layerCount: Int
    /// `num_heads`.
    public let headCount: Int
    public let relativeAttentionBuckets: Int
    public let relativeAttentionMaxDistance: Int
    public let layerNormEpsilon: Double
    public let activation: Activation
    /// Gated feed-forward (`wi_0`, `wi_1`) or plain (`wi`).
    public let gated: Bool

    /// Width of all heads together (`num_heads · d_kv`).
    public var innerWidth: Int { headCount * headWidth }

    public init(vocabularySize: Int, modelWidth: Int, headWidth: Int, feedForwardWidth: Int, layerCount: Int,
                headCount: Int, relativeAttentionBuckets: Int = 32, relativeAttentionMaxDistance: Int = 128,
                layerNormEpsilon: Double = 1e-6, activation: Activation = .geluTanh, gated: Bool = true) {
        self.vocabularySize = vocabularySize
        self.modelWidth = modelWidth
        self.headWidth = headWidth
        self.feedForwardWidth = feedForwardWidth
        self.layerCount = layerCount
        self.headCount = headCount
        self.relativeAttentionBuckets = relativeAttentionBuckets
        self.relativeAttentionMaxDistance = relativeAttentionMaxDistance
        self.layerNormEpsilon = layerNormEpsilon
        self.activation = activation
        self.gated = gated
    }

    /// Parses `config.json`; `source` names the file in errors.
    public init(configJSON bytes: [UInt8], source: String) throws {
        func fail(_ reason: String) -> ModelError { ModelError(.unsupportedConfig, file: source, reason) }
        let root: StrictJSON
        do { root = try StrictJSON.parse(bytes) } catch { throw fail("config.json is not JSON: \(error)") }
        if let type = root["model_type"]?.stringValue, !["t5", "mt5", "umt5"].contains(type) {
            throw fail("model_type is \"\(type)\", not a T5 encoder")
        }
        func integer(_ key: String, default value: Int? = nil, range: ClosedRange<Int>) throws -> Int {
            guard let node = root[key] else {
                guard let value else { throw fail("config.json has no \(key)") }
                return value
            }
            guard let number = node.integer, range.contains(number) else {
                throw fail("config.json's \(key) is \(node.serialized()), expected an integer in \(range)")
            }
            return number
        }
        let epsilon: Double
        if case .number(let text)? = root["layer_norm_epsilon"], let value = Double(text), value > 0, value < 1 {
            epsilon = value
        } else if root["layer_norm_epsilon"] == nil {
            epsilon = 1e-6
        } else {
            throw fail("config.json's layer_norm_epsilon must be a number in (0, 1)")
        }
        let projection = root["feed_forward_proj"]?.stringValue ?? "relu"
        let parts = projection.split(separator: "-").map(String.init)
        let gated = parts.count == 2 && parts[0] == "gated"
        guard parts.count == 1 || gated else { throw fail("feed_forward_proj \"\(projection)\" is not 'ACT' or 'gated-ACT'") }
        let activationName = projection == "gated-gelu" ? "gelu_new" : (parts.last ?? "relu")
        let activation: Activation
        switch activationName {
        case "gelu_new", "gelu_pytorch_tanh": activation = .geluTanh
        case "gelu": activation = .gelu
        case "relu": activation = .relu
        case "silu", "swish": activation = .silu
        default: throw fail("feed_forward_proj's activation \"\(activationName)\" is not one vvae implements (gelu_new, gelu, relu, silu)")
        }
        // Ranges well beyond every released T5 (T5-XXL: d_model 4096, d_kv 128, d_ff 10240, 64 heads, 24 blocks),
        // so that a hostile config cannot ask for absurd buffers before any weight is read.
        let width = try integer("d_model", range: 1...16_384)
        let heads = try integer("num_heads", range: 1...128)
        let buckets = try integer("relative_attention_num_buckets", default: 32, range: 2...1024)
        self.init(vocabularySize: try integer("vocab_size", range: 1...10_000_000), modelWidth: width,
                  headWidth: try integer("d_kv", range: 1...1024), feedForwardWidth: try integer("d_ff", range: 1...65_536),
                  layerCount: try integer("num_layers", range: 1...256), headCount: heads,
                  relativeAttentionBuckets: buckets,
                  relativeAttentionMaxDistance: try integer("relative_attention_max_distance", default: 128, range: 1...1_000_000),
                  layerNormEpsilon: epsilon, activation: activation, gated: gated)
        guard relativeAttentionBuckets >= 4, relativeAttentionMaxDistance > relativeAttentionBuckets / 4 else {
            throw fail("relative_attention_num_buckets \(buckets) and max_distance \(relativeAttentionMaxDistance) leave no logarithmic buckets")
        }
    }
}

extension T5EncoderConfig {
    /// Every tensor `T5Encoder` reads, by state-dict key, with its shape: what a converted file must hold.
    public var expectedTensors: [(key: String, shape: [Int])] {
        var tensors: [(String, [Int])] = [("shared.weight", [vocabularySize, modelWidth])]
        for block in 0..<layerCount {
            let attention = "encoder.block.\(block).layer.0"
            for projection in ["q", "k", "v"] {
                tensors.append(("\(attention).SelfAttention.\(projection).weight", [innerWidth, modelWidth]))
            }
            tensors.append(("\(attention).SelfAttention.o.weight", [modelWidth, innerWidth]))
            if block == 0 {
                tensors.append(("\(attention).SelfAttention.relative_attention_bias.weight", [relativeAttentionBuckets, headCount]))
            }
            tensors.append(("\(attention).layer_norm.weight", [modelWidth]))
            let feedForward = "encoder.block.\(block).layer.1"
            for input in gated ? ["wi_0", "wi_1"] : ["wi"] {
                tensors.append(("\(feedForward).DenseReluDense.\(input).weight", [feedForwardWidth, modelWidth]))
            }
            tensors.append(("\(feedForward).DenseReluDense.wo.weight", [modelWidth, feedForwardWidth]))
            tensors.append(("\(feedForward).layer_norm.weight", [modelWidth]))
        }
        tensors.append(("encoder.final_layer_norm.weight", [modelWidth]))
        return tensors
    }
}
