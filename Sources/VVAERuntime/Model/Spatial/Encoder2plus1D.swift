import VideoVAEConfig

/// The 2+1D encoder: `conv_in`; per level ResNet blocks (each followed by text cross-attention where configured)
/// and, except at the last level, a `Downsample2plus1D`; mid block (ResNet, spatial attention, temporal attention,
/// ResNet); `norm_out` + SiLU + `conv_out` to `2·z_channels`. Only the running activation is kept (upstream keeps
/// every level's output alive).
struct Encoder2plus1D: ModuleNode {
    struct Level: Sendable {
        let blocks: [ResnetBlock2plus1D]
        let attentions: [CrossAttention]
        let downsample: Downsample2plus1D?
    }

    let name: String
    let convIn: Conv3dLayer
    let levels: [Level]
    let mid: MidBlock2plus1D
    let normOut: GroupNormLayer
    let convOut: Conv3dLayer

    init(_ scope: WeightScope, config: VideoVAEModelConfig) throws {
        name = scope.name
        let spatial = config.spatial
        convIn = try Conv3dLayer(scope.child("conv_in"), in: spatial.inChannels, out: spatial.baseChannels,
                                 kernel: Size3(1, 3, 3), padding: Padding3d(symmetric: Size3(0, 1, 1)))
        let sites = Dictionary(uniqueKeysWithValues: config.encoderCrossAttention.map { ($0.level, $0) })
        var levels: [Level] = []
        var blockIn = spatial.baseChannels
        for level in 0..<spatial.levelCount {
            let levelScope = scope.child("down").child(level)
            let blockOut = spatial.levelChannels[level]
            var blocks: [ResnetBlock2plus1D] = []
            var attentions: [CrossAttention] = []
            for index in 0..<spatial.resBlocksPerLevel {
                blocks.append(try ResnetBlock2plus1D(levelScope.child("block").child(index), in: blockIn, out: blockOut))
                blockIn = blockOut
                if let site = sites[level] {
                    attentions.append(try CrossAttention(levelScope.child("attn").child(index), channels: blockOut,
                                                         patchSize: site.patchSize))
                }
            }
            let downsample = level == spatial.levelCount - 1
                ? nil : try Downsample2plus1D(levelScope.child("downsample"), channels: blockIn)
            levels.append(Level(blocks: blocks, attentions: attentions, downsample: downsample))
        }
        self.levels = levels
        mid = try MidBlock2plus1D(scope.child("mid"), channels: blockIn)
        normOut = try GroupNormLayer(scope.child("norm_out"), channels: blockIn, eps: 1e-6)
        convOut = try Conv3dLayer(scope.child("conv_out"), in: blockIn, out: 2 * spatial.zChannels,
                                  kernel: Size3(1, 3, 3), padding: Padding3d(symmetric: Size3(0, 1, 1)))
    }

    var children: [any ModuleNode] {
        var nodes: [any ModuleNode] = [convIn]
        for level in levels {
            nodes += level.blocks as [any ModuleNode]
            nodes += level.attentions as [any ModuleNode]
            if let downsample = level.downsample { nodes.append(downsample) }
        }
        return nodes + [mid.block1, mid.attention, mid.temporalAttention, mid.block2, normOut, convOut]
    }

    var needsText: Bool { levels.contains { !$0.attentions.isEmpty } }

    func callAsFunction(_ x: Tensor, text: TextCondition?, maskTemporal: Bool, trace: LayerTrace?) throws -> Tensor {
        if needsText && text == nil {
            throw ModelError(.missingText, key: name, "this model attends to text: give text embeddings")
        }
        var h = try convIn(x, trace: trace)
        for level in levels {
            for (index, block) in level.blocks.enumerated() {
                h = try block(h, maskTemporal: maskTemporal, trace: trace)
                if let text, index < level.attentions.count {
                    h = try h.adding(try level.attentions[index](h, text: text, trace: trace))
                }
            }
            if let downsample = level.downsample { h = try downsample(h, trace: trace) }
        }
        h = try mid(h, maskTemporal: maskTemporal, trace: trace)
        let y = try convOut(try normOut(h, silu: true, trace: trace), trace: trace)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name),
                 text: inputs.text(embeddings: "input1", mask: "input2", module: name),
                 maskTemporal: inputs.flag("mask_temporal", default: false, module: name), trace: trace)
    }
}

extension Encoder2plus1D {
    /// Appends the encoder's steps for an input of `shape`, in the order `callAsFunction` runs them.
    func work(_ shape: [Int], text: TextCondition?, maskTemporal: Bool, into plan: inout WorkPlan) throws {
        var (h, work) = try convIn.conv.work(shape)
        plan.append(convIn.name, work)
        for level in levels {
            h = try plan.appendBlocks(level.blocks, attentions: level.attentions, from: h, text: text, maskTemporal: maskTemporal)
            if let downsample = level.downsample {
                (h, work) = try downsample.work(h)
                plan.append(downsample.name, work)
            }
        }
        try mid.work(h, maskTemporal: maskTemporal, into: &plan)
        let (output, convWork) = try convOut.conv.work(plan.outputShape)
        plan.append(convOut.name, WorkPlan.normalisation(plan.outputShape) + convWork)
        plan.outputShape = output
    }
}
