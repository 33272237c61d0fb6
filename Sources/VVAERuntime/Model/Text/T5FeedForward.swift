#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// T5's feed-forward (`DenseReluDense` of a block's `layer.1`): `wo(act(wi_0 x) · wi_1 x)` when gated,
/// `wo(act(wi x))` otherwise; the activation in Double.
struct T5FeedForward: Sendable {
    let input: T5Projection
    let output: T5Projection
    let activation: T5EncoderConfig.Activation
    let gated: Bool
    let width: Int
    let precision: T5Precision

    init(scope: WeightScope, config: T5EncoderConfig, precision: T5Precision) throws {
        input = try T5Projection(scope: scope, names: config.gated ? ["wi_0", "wi_1"] : ["wi"],
                                 rows: config.feedForwardWidth, columns: config.modelWidth, precision: precision)
        output = try T5Projection(scope: scope, names: ["wo"], rows: config.modelWidth, columns: config.feedForwardWidth,
                                  precision: precision)
        activation = config.activation
        gated = config.gated
        width = config.feedForwardWidth
        self.precision = precision
    }

    func callAsFunction(_ normed: Tensor) throws -> Tensor {
        let projected = try input(normed)
        let rows = normed.shape[0]
        let stride = gated ? 2 * width : width
        var hidden = [Float](repeating: 0, count: rows * width)
        projected.withUnsafeBufferPointer { source in
            for row in 0..<rows {
                for i in 0..<width {
                    let a = source[row * stride + i]
                    let activated = apply(a)
                    if gated {
                        let b = source[row * stride + width + i]
                        hidden[row * width + i] = precision == .bfloat16 ? T5Precision.toBFloat16(activated * b) : Float(Double(activated) * Double(b))
                    } else {
                        hidden[row * width + i] = activated
                    }
                }
            }
        }
        return try output(try Tensor(shape: [rows, width], scalars: hidden))
    }

    private func apply(_ x: Float) -> Float {
        if precision == .bfloat16, activation == .geluTanh { return Self.geluTanhInBFloat16(x) }
        let value = Double(x)
        let result: Double
        switch activation {
        case .geluTanh:
            result = 0.5 * value * (1 + tanh((2 / Double.pi).squareRoot() * (value + 0.044715 * value * value * value)))
        case .gelu: result = 0.5 * value * (1 + erf(value / 2.0.squareRoot()))
        case .relu: result = max(0, value)
        case .silu: result = value / (1 + exp(-value))
        }
        return precision.round(Float(result))
    }

    /// `transformers`' `gelu_new` op by op on a bfloat16 tensor, each step's result rounded to bfloat16.
    private static func geluTanhInBFloat16(_ x: Float) -> Float {
        let r = T5Precision.toBFloat16
        let half = r(0.5 * x)
        let cube = r(x * x * x)
        let inner = r(x + r(Float(0.044715) * cube))
        let scaled = r(Float((2 / Double.pi).squareRoot()) * inner)
        let onePlus = r(1 + r(tanhf(scaled)))
        return r(half * onePlus)
    }
}
