/// The `mid` of the 2+1D encoder and decoder: ResNet block, spatial attention, temporal attention (skipped with
/// `maskTemporal`), ResNet block. Upstream's `mid` is a bare container, not a called module, so it is not traced.
struct MidBlock2plus1D: Sendable {
    let block1: ResnetBlock2plus1D
    let attention: AttnBlock3D
    let temporalAttention: TemporalAttention
    let block2: ResnetBlock2plus1D

    init(_ scope: WeightScope, channels: Int) throws {
        block1 = try ResnetBlock2plus1D(scope.child("block_1"), in: channels, out: channels)
        attention = try AttnBlock3D(scope.child("attn_1"), channels: channels)
        temporalAttention = try TemporalAttention(scope.child("attn_1_tmp"), channels: channels)
        block2 = try ResnetBlock2plus1D(scope.child("block_2"), in: channels, out: channels)
    }

    func callAsFunction(_ x: consuming Tensor, maskTemporal: Bool, trace: LayerTrace?) throws -> Tensor {
        var h = try block1(x, maskTemporal: maskTemporal, trace: trace)
        h = try attention(h, trace: trace)
        if !maskTemporal { h = try temporalAttention(h, trace: trace) }
        return try block2(h, maskTemporal: maskTemporal, trace: trace)
    }
}

extension MidBlock2plus1D {
    /// Appends the mid block's steps for an input of `shape` (the shape is kept).
    func work(_ shape: [Int], maskTemporal: Bool, into plan: inout WorkPlan) throws {
        let (h, first) = try block1.work(shape, maskTemporal: maskTemporal)
        plan.append(block1.name, first)
        plan.append(attention.name, try attention.work(h))
        if !maskTemporal { plan.append(temporalAttention.name, try temporalAttention.work(h)) }
        let (output, second) = try block2.work(h, maskTemporal: maskTemporal)
        plan.append(block2.name, second)
        plan.outputShape = output
    }
}
