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

extension Tensor {
    /// `[B, C, T, H, W]` → `[B, C, 2T, H, W]`, frame `t` of the output being frame `t / 2` of the input
    /// (nearest interpolation ×2 on time).
    func framesRepeatedTwice() throws -> Tensor {
        guard rank == 5 else {
            throw TensorError(operation: "framesRepeatedTwice", message: "input must be [B, C, T, H, W], got \(shape)")
        }
        let planes = shape[0] * shape[1]
        let frames = shape[2]
        let frame = shape[3] * shape[4]
        return Tensor(validatedShape: [shape[0], shape[1], frames * 2, shape[3], shape[4]]) { output in
            guard let out = output.baseAddress else { return }
            withUnsafeBufferPointer { input in
                guard let x = input.baseAddress else { return }
                for plane in 0..<planes {
                    for t in 0..<frames {
                        let source = x + (plane * frames + t) * frame
                        let destination = out + (plane * frames * 2 + 2 * t) * frame
                        destination.initialize(from: source, count: frame)
                        (destination + frame).initialize(from: source, count: frame)
                    }
                }
            }
        }
    }
}
