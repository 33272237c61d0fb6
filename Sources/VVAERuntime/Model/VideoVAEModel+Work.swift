/// The work of each call, planned from the input's shape before it runs (`WorkPlan`): the steps a `progress`
/// closure hears, in the order it hears them, and what they add up to, so a caller can turn the steps into a share
/// of a larger job (a chunk's frames, a tile's share of a frame).
extension VideoVAEModel {
    /// The steps of `encode(x)` for `x` of `shape`, ending with the latent's shape.
    public func encodeWork(_ shape: [Int], text: TextCondition? = nil, maskTemporal: Bool = false) throws -> WorkPlan {
        let spatial = try encode2plus1DWork(shape, text: text, maskTemporal: maskTemporal)
        return maskTemporal ? spatial : spatial.followed(by: try encodeTemporalWork(spatial.outputShape, text: text))
    }

    /// The steps of `decode(z)` for `z` of `shape`, ending with the reconstruction's shape.
    public func decodeWork(_ shape: [Int], text: TextCondition? = nil, maskTemporal: Bool = false) throws -> WorkPlan {
        guard !maskTemporal else { return try decode2plus1DWork(shape, text: text, maskTemporal: true) }
        let temporal = try decodeTemporalWork(shape, text: text)
        return temporal.followed(by: try decode2plus1DWork(temporal.outputShape, text: text, maskTemporal: false))
    }

    /// The 2+1D encoder and `quant_conv`; the plan ends with the shape of the posterior's mode.
    func encode2plus1DWork(_ shape: [Int], text: TextCondition?, maskTemporal: Bool) throws -> WorkPlan {
        try checkShape(shape, channels: config.spatial.inChannels, what: "video")
        let half = try encodingHalf()
        var plan = WorkPlan(inputShape: shape)
        try half.encoder.work(shape, text: text, maskTemporal: maskTemporal, into: &plan)
        if let quantConv = half.quantConv {
            let (output, work) = try quantConv.conv.work(plan.outputShape)
            plan.append(quantConv.name, work)
            plan.outputShape = output
        }
        plan.outputShape[1] /= 2
        return plan
    }

    /// The temporal encoder; the plan ends with the shape of the posterior's mode.
    func encodeTemporalWork(_ shape: [Int], text: TextCondition?) throws -> WorkPlan {
        try checkShape(shape, channels: config.temporal.inChannels, what: "2+1D latent")
        var plan = WorkPlan(inputShape: shape)
        try encodingHalf().temporal.work(shape, text: text, into: &plan)
        plan.outputShape[1] /= 2
        return plan
    }

    func decodeTemporalWork(_ shape: [Int], text: TextCondition?) throws -> WorkPlan {
        try checkShape(shape, channels: config.temporal.inChannels, what: "latent")
        var plan = WorkPlan(inputShape: shape)
        try decodingHalf().temporal.work(shape, text: text, into: &plan)
        return plan
    }

    func decode2plus1DWork(_ shape: [Int], text: TextCondition?, maskTemporal: Bool) throws -> WorkPlan {
        try checkShape(shape, channels: intermediateChannels, what: "2+1D latent")
        let half = try decodingHalf()
        var plan = WorkPlan(inputShape: shape)
        if let postQuantConv = half.postQuantConv {
            let (output, work) = try postQuantConv.conv.work(shape)
            plan.append(postQuantConv.name, work)
            plan.outputShape = output
        }
        try half.decoder.work(plan.outputShape, text: text, maskTemporal: maskTemporal, into: &plan)
        return plan
    }
}
