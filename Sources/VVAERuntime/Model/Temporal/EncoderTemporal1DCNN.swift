import VideoVAEConfig

/// The temporal encoder: replicate-padded `conv_in` to `hidden_channel`; per stage a stride-(2,1,1) `down` conv
/// doubling the width, a `ResBlock` and, where configured, text cross-attention (patch 1, residual); then
/// `final_block` = GroupNorm, SiLU, conv to `2·out_ch` (mean and log-variance).
struct EncoderTemporal1DCNN: ModuleNode {
    struct Stage: Sendable {
        let down: SamePadConv3d
        let res: ResBlock
        let attentions: [CrossAttention]
    }

    /// `final_block = Sequential(GroupNorm, SiLU, SamePadConv3d)`.
    struct FinalBlock: ModuleNode {
        let name: String
        let norm: GroupNormLayer
        let silu: IdentityLayer
        let conv: SamePadConv3d

        init(_ scope: WeightScope, in inChannels: Int, out outChannels: Int) throws {
            name = scope.name
            norm = try GroupNormLayer(scope.child(0), channels: inChannels, eps: 1e-6)
            silu = IdentityLayer(scope.child(1), .silu)
            conv = try SamePadConv3d(scope.child(2), in: inChannels, out: outChannels)
        }

        var children: [any ModuleNode] { [norm, silu, conv] }

        func callAsFunction(_ x: consuming Tensor, trace: LayerTrace?) throws -> Tensor {
            let activated = trace.observesOutputs
                ? try silu(try norm(x, trace: trace), trace: trace)
                : try norm(x, silu: true, trace: trace)
            let y = try conv(activated, trace: trace)
            try trace.record(name, y)
            return y
        }

        func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
            try self(inputs.tensor("input0", module: name), trace: trace)
        }
    }

    let name: String
    let convIn: SamePadConv3d
    let stages: [Stage]
    let finalBlock: FinalBlock

    init(_ scope: WeightScope, config: VideoVAEModelConfig, inChannels: Int) throws {
        name = scope.name
        let temporal = config.temporal
        convIn = try SamePadConv3d(scope.child("conv_in"), in: inChannels, out: temporal.hiddenChannels)
        let attentionStages = Set(config.temporalEncoderAttentionStages)
        var stages: [Stage] = []
        var channels = temporal.hiddenChannels
        for index in 0..<temporal.stageCount {
            let stageScope = scope.child("mid_blocks").child(index)
            let out = config.temporalEncoderStageChannels(index)
            stages.append(Stage(
                down: try SamePadConv3d(stageScope.child("down"), in: channels, out: out, stride: Size3(2, 1, 1)),
                res: try ResBlock(stageScope.child("res"), channels: out),
                attentions: attentionStages.contains(index)
                    ? [try CrossAttention(stageScope.child("attn").child(0), channels: out, patchSize: 1)] : []))
            channels = out
        }
        self.stages = stages
        finalBlock = try FinalBlock(scope.child("final_block"), in: channels, out: 2 * temporal.outChannels)
    }

    var children: [any ModuleNode] {
        [convIn as any ModuleNode] + stages.flatMap { [$0.down, $0.res] + $0.attentions as [any ModuleNode] } + [finalBlock]
    }

    var needsText: Bool { stages.contains { !$0.attentions.isEmpty } }

    func callAsFunction(_ x: Tensor, text: TextCondition?, trace: LayerTrace?) throws -> Tensor {
        if needsText && text == nil {
            throw ModelError(.missingText, key: name, "this model attends to text: give text embeddings")
        }
        var h = try convIn(x, trace: trace)
        for stage in stages {
            h = try stage.res(try stage.down(h, trace: trace), trace: trace)
            if let text {
                for attention in stage.attentions { h = try h.adding(try attention(h, text: text, trace: trace)) }
            }
        }
        let y = try finalBlock(h, trace: trace)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name),
                 text: inputs.text(embeddings: "input1", mask: "input2", module: name), trace: trace)
    }
}

extension EncoderTemporal1DCNN {
    /// Appends the temporal encoder's steps for an input of `shape`, in the order `callAsFunction` runs them.
    func work(_ shape: [Int], text: TextCondition?, into plan: inout WorkPlan) throws {
        var (h, work) = try convIn.work(shape)
        plan.append(convIn.name, work)
        for stage in stages {
            (h, work) = try stage.down.work(h)
            plan.append(stage.down.name, work)
            plan.append(stage.res.name, try stage.res.work(h))
            if let text {
                for attention in stage.attentions { plan.append(attention.name, attention.work(h, text: text)) }
            }
        }
        let (output, convWork) = try finalBlock.conv.work(h)
        plan.append(finalBlock.name, WorkPlan.normalisation(h) + convWork)
        plan.outputShape = output
    }
}
