/// What one call of the model will cost, step by step, before it runs: the module that ends each step (by its
/// PyTorch name, as the trace reports it) and the step's work, in multiply-adds of a plain product. A progress bar
/// spreads a chunk's frames over these steps, so it moves while a long chunk runs instead of only at its end.
///
/// The work of a step is counted from the shapes alone, the way the runtime computes it: a convolution's
/// multiply-adds (fewer where it takes the Winograd path), attention's two products and its softmax, and each pass of
/// a normalisation, a SiLU or a residual add over every value. The constants below weigh those kinds of work
/// against each other as the runtime's kernels run them; they were fitted to measured step times (Docs/PERFORMANCE.md,
/// "Progress inside a chunk") and only shape the bar: no result depends on them.
public struct WorkPlan: Sendable, Equatable {
    /// One step: `module` is the last module it runs.
    public struct Step: Sendable, Equatable {
        public let module: String
        public let work: Double
    }

    public private(set) var steps: [Step] = []
    /// The shape of the call's output.
    public internal(set) var outputShape: [Int]

    init(inputShape: [Int]) { outputShape = inputShape }

    /// All the steps' work.
    public var total: Double { steps.reduce(0) { $0 + $1.work } }

    /// The steps of `self`, then those of `next` (which starts from `self`'s output).
    public func followed(by next: WorkPlan) -> WorkPlan {
        var joined = next
        joined.steps = steps + next.steps
        return joined
    }

    mutating func append(_ module: String, _ work: Double) {
        steps.append(Step(module: module, work: work))
    }

    /// A multiply-add of a 3×3 convolution on the Winograd path costs this many of a plain product: 4 of its 9
    /// multiplications remain, and the transforms add some back.
    static let winogradShare = 0.55
    /// One pass over a value in a normalisation (statistics in Double, then the affine map and the SiLU).
    static let normalisationPerValue = 32.0
    /// One pass over a value that only moves or adds it (a residual add, a copy into another layout).
    static let movePerValue = 3.0
    /// One attention logit's exponential and normalisation.
    static let softmaxPerLogit = 40.0
    /// A multiply-add of the temporal attention's relative-position kernel, which loops in Swift rather than BLAS.
    static let relativePositionShare = 5.0

    static func values(_ shape: [Int]) -> Double { shape.reduce(1.0) { $0 * Double($1) } }
    static func normalisation(_ shape: [Int]) -> Double { values(shape) * normalisationPerValue }
    static func move(_ shape: [Int]) -> Double { values(shape) * movePerValue }
}

/// Reports each step of a `WorkPlan` as the trace sees the module that ends it: the trace hands every module's
/// name to `passed(_:)`, and the next step's module is the only name that advances the plan.
final class WorkProgress {
    private let steps: [WorkPlan.Step]
    private let report: (Double) -> Void
    private var next = 0

    init(_ plan: WorkPlan, report: @escaping (Double) -> Void) {
        steps = plan.steps
        self.report = report
    }

    func passed(_ module: String) {
        guard next < steps.count, steps[next].module == module else { return }
        report(steps[next].work)
        next += 1
    }
}

extension Conv3d {
    /// The output shape for an input of `shape`, and the work of computing it.
    func work(_ shape: [Int]) throws -> (shape: [Int], work: Double) {
        let output = try outputShape(forInput: shape)
        let multiplyAdds = WorkPlan.values(output) * Double(inChannels * kernel.t * kernel.h * kernel.w)
        let winograd = takesWinograd(outputHeight: output[3], outputWidth: output[4])
        return (output, winograd ? multiplyAdds * WorkPlan.winogradShare : multiplyAdds)
    }
}

extension ConvTranspose3d {
    /// The output shape for an input of `shape`, and the work of computing it (every input value meets every tap).
    func work(_ shape: [Int]) throws -> (shape: [Int], work: Double) {
        let output = try outputShape(forInput: shape)
        let taps = kernel.t * kernel.h * kernel.w
        return (output, WorkPlan.values(shape) * Double(outChannels * taps) + WorkPlan.move(output))
    }
}
