#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// T5's feed-forward (`DenseReluDense` of a block's `layer.1`): `wo(act(wi_0 x) · wi_1 x)` when gated,
/// `wo(act(wi x))` otherwise; the activation in Double.
struct T5FeedForward: Sendable {
    /// `wi_0` (gated) or `wi`.
    let input: T5Projection
    /// `wi_1`, when gated.
    let gate: T5Projection?
    let output: T5Projection
    let activation: T5EncoderConfig.Activation
    let gated: Bool
    let width: Int
    let precision: T5Precision

    init(scope: WeightScope, config: T5EncoderConfig, precision: T5Precision) throws {
        input = try T5Projection(scope: scope, name: config.gated ? "wi_0" : "wi",
                                 rows: config.feedForwardWidth, columns: config.modelWidth, precision: precision)
        gate = config.gated ? try T5Projection(scope: scope, name: "wi_1", rows: config.feedForwardWidth,
                                               columns: config.modelWidth, precision: precision) : nil
        output = try T5Projection(scope: scope, name: "wo", rows: config.modelWidth, columns: config.feedForwardWidth,
                                  precision: precision)
        activation = config.activation
        gated = config.gated
        width = config.feedForwardWidth
        self.precision = precision
    }

    func callAsFunction(_ normed: Tensor) throws -> Tensor {
        var hidden = try input(normed)
        let gated = try gate.map { try $0(normed) }
        let precision = precision
        if let gate = gated?.scalars {
            hidden.updateEachIndexed(workPerElement: 16) { i, x in
                let activated = apply(x)
                return precision == .bfloat16 ? T5Precision.toBFloat16(activated * gate[i]) : Float(Double(activated) * Double(gate[i]))
            }
        } else {
            hidden.updateEach(workPerElement: 16) { apply($0) }
        }
        return try output(hidden)
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
