#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VideoVAEConfig

/// The 2+1D decoder: `conv_in` from `z_channels`; mid block; levels from coarsest to finest, each with
/// `num_res_blocks + 1` ResNet blocks (+ text cross-attention where configured) and, except at level 0, an
/// `Upsample2plus1D`; `norm_out` + SiLU + `conv_out` (+ `tanh` when configured).
struct Decoder2plus1D: ModuleNode {
    struct Level: Sendable {
        let blocks: [ResnetBlock2plus1D]
        let attentions: [CrossAttention]
        let upsample: Upsample2plus1D?
    }

    let name: String
    let convIn: Conv3dLayer
    let mid: MidBlock2plus1D
    /// Indexed as upstream's `up` (0 = finest); run from the last to the first.
    let levels: [Level]
    let normOut: GroupNormLayer
    let convOut: Conv3dLayer
    let tanhOut: Bool

    init(_ scope: WeightScope, config: VideoVAEModelConfig) throws {
        name = scope.name
        let spatial = config.spatial
        var blockIn = spatial.levelChannels[spatial.levelCount - 1]
        convIn = try Conv3dLayer(scope.child("conv_in"), in: spatial.zChannels, out: blockIn,
                                 kernel: Size3(1, 3, 3), padding: Padding3d(symmetric: Size3(0, 1, 1)))
        mid = try MidBlock2plus1D(scope.child("mid"), channels: blockIn)
        let sites = Dictionary(uniqueKeysWithValues: config.decoderCrossAttention.map { ($0.level, $0) })
        var levels = [Level?](repeating: nil, count: spatial.levelCount)
        for level in (0..<spatial.levelCount).reversed() {
            let levelScope = scope.child("up").child(level)
            let blockOut = spatial.levelChannels[level]
            var blocks: [ResnetBlock2plus1D] = []
            var attentions: [CrossAttention] = []
            for index in 0...spatial.resBlocksPerLevel {
                blocks.append(try ResnetBlock2plus1D(levelScope.child("block").child(index), in: blockIn, out: blockOut))
                blockIn = blockOut
                if let site = sites[level] {
                    attentions.append(try CrossAttention(levelScope.child("attn").child(index), channels: blockOut,
                                                         patchSize: site.patchSize))
                }
            }
            let upsample = level == 0 ? nil : try Upsample2plus1D(
                levelScope.child("upsample"), channels: blockIn, upsamplesTime: config.decoderUpsamplesTime(atLevel: level))
            levels[level] = Level(blocks: blocks, attentions: attentions, upsample: upsample)
        }
        self.levels = levels.compactMap { $0 }
        normOut = try GroupNormLayer(scope.child("norm_out"), channels: blockIn, eps: 1e-6)
        convOut = try Conv3dLayer(scope.child("conv_out"), in: blockIn, out: spatial.outChannels,
                                  kernel: Size3(1, 3, 3), padding: Padding3d(symmetric: Size3(0, 1, 1)))
        tanhOut = spatial.tanhOut
    }

    var children: [any ModuleNode] {
        var nodes: [any ModuleNode] = [convIn, mid.block1, mid.attention, mid.temporalAttention, mid.block2]
        for level in levels {
            nodes += level.blocks as [any ModuleNode]
            nodes += level.attentions as [any ModuleNode]
            if let upsample = level.upsample { nodes.append(upsample) }
        }
        return nodes + [normOut, convOut]
    }

    var needsText: Bool { levels.contains { !$0.attentions.isEmpty } }

    func callAsFunction(_ z: Tensor, text: TextCondition?, maskTemporal: Bool, trace: LayerTrace?) throws -> Tensor {
        if needsText && text == nil {
            throw ModelError(.missingText, key: name, "this model attends to text: give text embeddings")
        }
        var h = try convIn(z, trace: trace)
        h = try mid(h, maskTemporal: maskTemporal, trace: trace)
        for level in levels.reversed() {
            for (index, block) in level.blocks.enumerated() {
                h = try block(h, maskTemporal: maskTemporal, trace: trace)
                if let text, index < level.attentions.count {
                    h = try h.adding(try level.attentions[index](h, text: text, trace: trace))
                }
            }
            if let upsample = level.upsample { h = try upsample(h, maskTemporal: maskTemporal, trace: trace) }
        }
        var y = try convOut(try normOut(h, silu: true, trace: trace), trace: trace)
        if tanhOut { y.applyTanh() }
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name),
                 text: inputs.text(embeddings: "input1", mask: "input2", module: name),
                 maskTemporal: inputs.flag("mask_temporal", default: false, module: name), trace: trace)
    }
}

extension Tensor {
    /// `tanh` of every element in place (the decoder's optional `tanh_out`).
    mutating func applyTanh() {
        updateEach(workPerElement: 8) { tanhf($0) }
    }
}

extension Decoder2plus1D {
    /// Appends the decoder's steps for an input of `shape`, in the order `callAsFunction` runs them.
    func work(_ shape: [Int], text: TextCondition?, maskTemporal: Bool, into plan: inout WorkPlan) throws {
        var (h, work) = try convIn.conv.work(shape)
        plan.append(convIn.name, work)
        try mid.work(h, maskTemporal: maskTemporal, into: &plan)
        h = plan.outputShape
        for level in levels.reversed() {
            h = try plan.appendBlocks(level.blocks, attentions: level.attentions, from: h, text: text, maskTemporal: maskTemporal)
            if let upsample = level.upsample {
                (h, work) = try upsample.work(h, maskTemporal: maskTemporal)
                plan.append(upsample.name, work)
            }
        }
        let (output, convWork) = try convOut.conv.work(h)
        plan.append(convOut.name, WorkPlan.normalisation(h) + convWork + (tanhOut ? WorkPlan.normalisation(output) : 0))
        plan.outputShape = output
    }
}
