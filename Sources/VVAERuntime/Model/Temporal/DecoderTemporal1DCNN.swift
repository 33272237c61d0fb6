import VideoVAEConfig

/// The temporal decoder: replicate-padded `conv_in` to `hidden_channel·2^stages`; per stage a transposed conv
/// (kernel 3, stride (2,1,1), padding 1, output padding (1,0,0)) doubling the frames and halving the width, then
/// two `ResBlock`s each followed, where configured, by text cross-attention (patch 1, residual); `conv_last`.
struct DecoderTemporal1DCNN: ModuleNode {
    struct Stage: Sendable {
        let up: ConvTranspose3dLayer
        let res1: ResBlock
        let attentions1: [CrossAttention]
        let res2: ResBlock
        let attentions2: [CrossAttention]
    }

    let name: String
    let convIn: SamePadConv3d
    let stages: [Stage]
    let convLast: SamePadConv3d

    init(_ scope: WeightScope, config: VideoVAEModelConfig, outChannels: Int) throws {
        name = scope.name
        let temporal = config.temporal
        var channels = temporal.hiddenChannels << temporal.stageCount
        convIn = try SamePadConv3d(scope.child("conv_in"), in: temporal.inChannels, out: channels)
        let attentionStages = Set(config.temporalDecoderAttentionStages)
        var stages: [Stage] = []
        for index in 0..<temporal.stageCount {
            let stageScope = scope.child("mid_blocks").child(index)
            let out = config.temporalDecoderStageChannels(index)
            let attends = attentionStages.contains(index)
            stages.append(Stage(
                up: try ConvTranspose3dLayer(stageScope.child("up"), in: channels, out: out, kernel: Size3(all: 3),
                                             stride: Size3(2, 1, 1), padding: Size3(all: 1),
                                             outputPadding: Size3(1, 0, 0)),
                res1: try ResBlock(stageScope.child("res1"), channels: out),
                attentions1: attends ? [try CrossAttention(stageScope.child("attn1").child(0), channels: out, patchSize: 1)] : [],
                res2: try ResBlock(stageScope.child("res2"), channels: out),
                attentions2: attends ? [try CrossAttention(stageScope.child("attn2").child(0), channels: out, patchSize: 1)] : []))
            channels = out
        }
        self.stages = stages
        convLast = try SamePadConv3d(scope.child("conv_last"), in: channels, out: outChannels)
    }

    var children: [any ModuleNode] {
        [convIn as any ModuleNode]
            + stages.flatMap { [$0.up, $0.res1] + $0.attentions1 + [$0.res2] + $0.attentions2 as [any ModuleNode] }
            + [convLast]
    }

    var needsText: Bool { stages.contains { !$0.attentions1.isEmpty || !$0.attentions2.isEmpty } }

    func callAsFunction(_ z: Tensor, text: TextCondition?, trace: LayerTrace?) throws -> Tensor {
        if needsText && text == nil {
            throw ModelError(.missingText, key: name, "this model attends to text: give text embeddings")
        }
        var h = try convIn(z, trace: trace)
        for stage in stages {
            h = try stage.res1(try stage.up(h, trace: trace), trace: trace)
            if let text {
                for attention in stage.attentions1 { h = try h.adding(try attention(h, text: text, trace: trace)) }
            }
            h = try stage.res2(h, trace: trace)
            if let text {
                for attention in stage.attentions2 { h = try h.adding(try attention(h, text: text, trace: trace)) }
            }
        }
        let y = try convLast(h, trace: trace)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name),
                 text: inputs.text(embeddings: "input1", mask: "input2", module: name), trace: trace)
    }
}

extension DecoderTemporal1DCNN {
    /// Appends the temporal decoder's steps for an input of `shape`, in the order `callAsFunction` runs them.
    func work(_ shape: [Int], text: TextCondition?, into plan: inout WorkPlan) throws {
        var (h, work) = try convIn.work(shape)
        plan.append(convIn.name, work)
        for stage in stages {
            (h, work) = try stage.up.conv.work(h)
            plan.append(stage.up.name, work)
            plan.append(stage.res1.name, try stage.res1.work(h))
            if let text {
                for attention in stage.attentions1 { plan.append(attention.name, attention.work(h, text: text)) }
            }
            plan.append(stage.res2.name, try stage.res2.work(h))
            if let text {
                for attention in stage.attentions2 { plan.append(attention.name, attention.work(h, text: text)) }
            }
        }
        (h, work) = try convLast.work(h)
        plan.append(convLast.name, work)
        plan.outputShape = h
    }
}
