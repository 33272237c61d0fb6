/// Doubles height and width by nearest-neighbour repetition (and time too when `upsamplesTime` and not
/// `maskTemporal`, only for configs with `temporal_down_factor` > 1), then a 1×3×3 conv.
struct Upsample2plus1D: ModuleNode {
    let name: String
    let upsamplesTime: Bool
    let conv: Conv3dLayer

    init(_ scope: WeightScope, channels: Int, upsamplesTime: Bool) throws {
        name = scope.name
        self.upsamplesTime = upsamplesTime
        conv = try Conv3dLayer(scope.child("conv"), in: channels, out: channels, kernel: Size3(1, 3, 3),
                               padding: Padding3d(symmetric: Size3(0, 1, 1)))
    }

    var children: [any ModuleNode] { [conv] }

    func callAsFunction(_ x: consuming Tensor, maskTemporal: Bool, trace: LayerTrace?) throws -> Tensor {
        var up = try x.upsampledNearest2xHW()
        if upsamplesTime && !maskTemporal { up = try up.framesRepeatedTwice() }
        let y = try conv(up, trace: trace)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name),
                 maskTemporal: inputs.flag("input1", default: false, module: name), trace: trace)
    }
}

extension Upsample2plus1D {
    /// The output shape and work of `self(x)` for `x` of `shape`: the repetition, then the conv.
    func work(_ shape: [Int], maskTemporal: Bool) throws -> (shape: [Int], work: Double) {
        var up = shape
        up[3] *= 2
        up[4] *= 2
        if upsamplesTime && !maskTemporal { up[2] *= 2 }
        let (output, work) = try conv.conv.work(up)
        return (output, WorkPlan.move(up) + work)
    }
}
