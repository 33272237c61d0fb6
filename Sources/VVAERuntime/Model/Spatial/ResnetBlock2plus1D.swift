/// The 2+1D ResNet block: per-frame 1×3×3 convs, each followed (unless `maskTemporal`) by a residual
/// `TemporalConvLayer`; a 1×1×1 `nin_shortcut` (+ its own temporal layer) when the channel count changes.
struct ResnetBlock2plus1D: ModuleNode {
    let name: String
    let inChannels: Int
    let outChannels: Int
    let norm1: GroupNormLayer
    let conv1: Conv3dLayer
    let conv1Tmp: TemporalConvLayer
    let norm2: GroupNormLayer
    let dropout: IdentityLayer
    let conv2: Conv3dLayer
    let conv2Tmp: TemporalConvLayer
    /// Present only when the channel count changes (upstream stores `conv3_tmp` always but uses it only then).
    let ninShortcut: Conv3dLayer?
    let conv3Tmp: TemporalConvLayer?

    init(_ scope: WeightScope, in inChannels: Int, out outChannels: Int) throws {
        name = scope.name
        self.inChannels = inChannels
        self.outChannels = outChannels
        let spatialPad = Padding3d(symmetric: Size3(0, 1, 1))
        norm1 = try GroupNormLayer(scope.child("norm1"), channels: inChannels, eps: 1e-6)
        conv1 = try Conv3dLayer(scope.child("conv1"), in: inChannels, out: outChannels, kernel: Size3(1, 3, 3),
                                padding: spatialPad)
        conv1Tmp = try TemporalConvLayer(scope.child("conv1_tmp"), channels: outChannels)
        norm2 = try GroupNormLayer(scope.child("norm2"), channels: outChannels, eps: 1e-6)
        dropout = IdentityLayer(scope.child("dropout"), .dropout)
        conv2 = try Conv3dLayer(scope.child("conv2"), in: outChannels, out: outChannels, kernel: Size3(1, 3, 3),
                                padding: spatialPad)
        conv2Tmp = try TemporalConvLayer(scope.child("conv2_tmp"), channels: outChannels)
        if inChannels != outChannels {
            ninShortcut = try Conv3dLayer(scope.child("nin_shortcut"), in: inChannels, out: outChannels, kernel: .one)
            conv3Tmp = try TemporalConvLayer(scope.child("conv3_tmp"), channels: outChannels)
        } else {
            ninShortcut = nil
            conv3Tmp = nil
        }
    }

    var children: [any ModuleNode] {
        var nodes: [any ModuleNode] = [norm1, conv1, conv1Tmp, norm2, dropout, conv2, conv2Tmp]
        if let ninShortcut { nodes.append(ninShortcut) }
        if let conv3Tmp { nodes.append(conv3Tmp) }
        return nodes
    }

    func callAsFunction(_ x: consuming Tensor, maskTemporal: Bool, trace: LayerTrace?) throws -> Tensor {
        var h = try conv1(try norm1(copy x, silu: true, trace: trace), trace: trace)
        if !maskTemporal { h = try conv1Tmp.residual(h, trace: trace) }
        h = try dropout(try norm2(h, silu: true, trace: trace), trace: trace)
        h = try conv2(h, trace: trace)
        if !maskTemporal { h = try conv2Tmp.residual(h, trace: trace) }
        var shortcut = x
        if let ninShortcut {
            shortcut = try ninShortcut(shortcut, trace: trace)
            if !maskTemporal, let conv3Tmp { shortcut = try conv3Tmp.residual(shortcut, trace: trace) }
        }
        let y = try shortcut.adding(h)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        guard inputs.literals["input1"] ?? "None" == "None" else {
            throw ModelError(.invalidInput, key: name, "a timestep embedding (temb) is not supported; upstream passes None")
        }
        return try self(inputs.tensor("input0", module: name),
                        maskTemporal: inputs.flag("input2", default: false, module: name), trace: trace)
    }
}

extension ResnetBlock2plus1D {
    /// The output shape and work of `self(x)` for `x` of `shape` (see `WorkPlan`).
    func work(_ shape: [Int], maskTemporal: Bool) throws -> (shape: [Int], work: Double) {
        let (hidden, first) = try conv1.conv.work(shape)
        let (_, second) = try conv2.conv.work(hidden)
        var work = WorkPlan.normalisation(shape) + first + WorkPlan.normalisation(hidden) + second + WorkPlan.move(hidden)
        if !maskTemporal { work += try conv1Tmp.work(hidden) + conv2Tmp.work(hidden) }
        if let ninShortcut {
            work += try ninShortcut.conv.work(shape).work
            if !maskTemporal, let conv3Tmp { work += try conv3Tmp.work(hidden) }
        }
        return (hidden, work)
    }
}

extension WorkPlan {
    /// Appends a level of the 2+1D encoder or decoder: each ResNet block, followed by its text cross-attention where
    /// the level has one and there is text. Returns the level's output shape.
    mutating func appendBlocks(_ blocks: [ResnetBlock2plus1D], attentions: [CrossAttention], from shape: [Int],
                               text: TextCondition?, maskTemporal: Bool) throws -> [Int] {
        var h = shape
        for (index, block) in blocks.enumerated() {
            let (output, work) = try block.work(h, maskTemporal: maskTemporal)
            h = output
            append(block.name, work)
            if let text, index < attentions.count { append(attentions[index].name, attentions[index].work(h, text: text)) }
        }
        return h
    }
}
