import VVAEWeights
import VideoVAEConfig

/// VideoVAE+ (`AutoencoderKL2plus1D_1dcnn`) built from a vvae weight file and the config embedded in it.
///
/// Encode = 2+1D encoder (+ `quant_conv`) → posterior → mode or sample → temporal encoder → posterior → mode or
/// sample. Decode = temporal decoder → (`post_quant_conv`) → 2+1D decoder. With `maskTemporal` (image mode) every
/// temporal layer is skipped, the temporal coders included. Every module reports its output to an optional
/// `LayerObserver` under its PyTorch name; `runModule(named:inputs:)` runs any one module alone. A `progress`
/// closure hears the work of each step (`encodeWork`, `decodeWork`) as it ends.
public struct VideoVAEModel: Sendable {
    public let config: VideoVAEModelConfig
    /// Channels between the 2+1D coder and the temporal coder.
    public let intermediateChannels: Int
    /// The halves that were loaded.
    public let parts: Parts
    private let encoding: EncodingHalf?
    private let decoding: DecodingHalf?

    /// Which halves of the model to load: an encode needs only the encoders' weights and a decode only the
    /// decoders', so a process that does one of them holds about half the weights.
    public struct Parts: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// `encoder`, `encoder_temporal`, `quant_conv`.
        public static let encoding = Parts(rawValue: 1)
        /// `decoder_temporal`, `post_quant_conv`, `decoder`.
        public static let decoding = Parts(rawValue: 2)
        public static let all: Parts = [.encoding, .decoding]
    }

    struct EncodingHalf: Sendable {
        let encoder: Encoder2plus1D
        let temporal: EncoderTemporal1DCNN
        let quantConv: Conv3dLayer?
    }

    struct DecodingHalf: Sendable {
        let decoder: Decoder2plus1D
        let temporal: DecoderTemporal1DCNN
        let postQuantConv: Conv3dLayer?
    }

    /// How the posteriors are turned into latents.
    public enum PosteriorSampling: Sendable {
        /// The mean (upstream `sample_posterior=False`, what inference uses).
        case mode
        /// `mean + std·noise` with the given standard-normal noise for the 2+1D and the temporal posterior.
        case noise(twoPlusOneD: Tensor, temporal: Tensor?)
        /// Noise drawn from `SeededNormalGenerator(seed:)`, first for the 2+1D posterior, then the temporal one.
        case seeded(UInt64)
    }

    /// What `encode` produces: the latent and the posteriors it came from.
    public struct Encoding: Sendable {
        /// `[B, out_ch, T/4, H/8, W/8]` for the shipped configs (`[B, z, T, H/8, W/8]` in image mode).
        public let latent: Tensor
        public let posterior2plus1D: DiagonalGaussian
        /// The 2+1D latent fed to the temporal encoder (the mode or a sample of `posterior2plus1D`).
        public let latent2plus1D: Tensor
        /// Nil in image mode.
        public let posteriorTemporal: DiagonalGaussian?
    }

    /// Opens `path` and builds the model (or the halves in `parts`).
    public init(weightsAt path: String, parts: Parts = .all) throws {
        try self.init(weights: WeightFile(path: path), parts: parts)
    }

    /// Builds every layer of `parts` from `weights`; a missing or mis-shaped tensor is a `ModelError` naming its key.
    public init(weights: WeightFile, parts: Parts = .all) throws {
        let config = try VideoVAEModelConfig(yamlText: weights.configYAML, sourceName: "\(weights.path) (embedded config)")
        let root = WeightScope(weights: weights)
        let embedDim = try config.resolvedEmbedDim(weights.embedDim)
        self.config = config
        self.parts = parts
        let z = config.spatial.zChannels
        let quantWidth = config.useQuantConv ? embedDim : nil
        intermediateChannels = quantWidth ?? z
        guard config.temporal.inChannels == intermediateChannels, config.temporal.outChannels == intermediateChannels else {
            throw ModelError(.unsupportedConfig, file: weights.path,
                             "ppconfig ch (\(config.temporal.inChannels)) and out_ch (\(config.temporal.outChannels)) must equal the 2+1D latent width \(intermediateChannels) (embed_dim with quant convs, else z_channels), as in every upstream config")
        }
        encoding = parts.contains(.encoding) ? EncodingHalf(
            encoder: try Encoder2plus1D(root.child("encoder"), config: config),
            temporal: try EncoderTemporal1DCNN(root.child("encoder_temporal"), config: config, inChannels: config.temporal.inChannels),
            quantConv: try quantWidth.map { try Conv3dLayer(root.child("quant_conv"), in: 2 * z, out: 2 * $0, kernel: .one) }
        ) : nil
        decoding = parts.contains(.decoding) ? DecodingHalf(
            decoder: try Decoder2plus1D(root.child("decoder"), config: config),
            temporal: try DecoderTemporal1DCNN(root.child("decoder_temporal"), config: config, outChannels: config.temporal.outChannels),
            postQuantConv: try quantWidth.map { try Conv3dLayer(root.child("post_quant_conv"), in: $0, out: z, kernel: .one) }
        ) : nil
    }

    /// The width D of the text embeddings `[B, L, D]` a text-guided model attends to: flan-t5-large's d_model.
    public static var textWidth: Int { CrossAttention.contextDimension }

    /// True when the loaded halves need caption embeddings to run.
    public var needsText: Bool {
        (encoding.map { $0.encoder.needsText || $0.temporal.needsText } ?? false)
            || (decoding.map { $0.decoder.needsText || $0.temporal.needsText } ?? false)
    }

    func encodingHalf() throws -> EncodingHalf {
        guard let encoding else { throw ModelError(.unsupportedConfig, "this model was loaded for decoding only; load it with the encoding part") }
        return encoding
    }

    func decodingHalf() throws -> DecodingHalf {
        guard let decoding else { throw ModelError(.unsupportedConfig, "this model was loaded for encoding only; load it with the decoding part") }
        return decoding
    }

    // MARK: - Pipeline

    /// `x` `[B, 3, T, H, W]` in [-1, 1] → latent.
    public func encode(_ x: Tensor, text: TextCondition? = nil, sampling: PosteriorSampling = .mode,
                       maskTemporal: Bool = false, observer: (any LayerObserver)? = nil,
                       progress: ((Double) -> Void)? = nil) throws -> Encoding {
        var seed: UInt64 = 0
        if case .seeded(let value) = sampling { seed = value }
        var generator = SeededNormalGenerator(seed: seed)  // used only for .seeded
        let posterior = try encode2plus1D(x, text: text, maskTemporal: maskTemporal, observer: observer, progress: progress)
        let z: Tensor
        switch sampling {
        case .mode: z = posterior.mode
        case .noise(let noise, _): z = try posterior.sample(noise: noise)
        case .seeded: z = try posterior.sample(using: &generator)
        }
        guard !maskTemporal else {
            return Encoding(latent: z, posterior2plus1D: posterior, latent2plus1D: z, posteriorTemporal: nil)
        }
        let temporal = try encodeTemporal(z, text: text, observer: observer, progress: progress)
        let latent: Tensor
        switch sampling {
        case .mode: latent = temporal.mode
        case .noise(_, let noise?): latent = try temporal.sample(noise: noise)
        case .noise(_, nil):
            throw ModelError(.invalidInput, "sampling the temporal posterior needs its noise tensor")
        case .seeded: latent = try temporal.sample(using: &generator)
        }
        return Encoding(latent: latent, posterior2plus1D: posterior, latent2plus1D: z, posteriorTemporal: temporal)
    }

    /// Latent → reconstruction `[B, out_ch, T, H, W]`.
    public func decode(_ z: Tensor, text: TextCondition? = nil, maskTemporal: Bool = false,
                       observer: (any LayerObserver)? = nil, progress: ((Double) -> Void)? = nil) throws -> Tensor {
        let frames = maskTemporal ? z : try decodeTemporal(z, text: text, observer: observer, progress: progress)
        return try decode2plus1D(frames, text: text, maskTemporal: maskTemporal, observer: observer, progress: progress)
    }

    /// 2+1D encoder and `quant_conv` → posterior (upstream `encode_2plus1d`).
    public func encode2plus1D(_ x: Tensor, text: TextCondition? = nil, maskTemporal: Bool = false,
                              observer: (any LayerObserver)? = nil,
                              progress: ((Double) -> Void)? = nil) throws -> DiagonalGaussian {
        try checkInput(x, channels: config.spatial.inChannels, what: "video", text: text)
        let half = try encodingHalf()
        let trace = try trace(observer, progress) { try encode2plus1DWork(x.shape, text: text, maskTemporal: maskTemporal) }
        var h = try half.encoder(x, text: text, maskTemporal: maskTemporal, trace: trace)
        if let quantConv = half.quantConv { h = try quantConv(h, trace: trace) }
        return try DiagonalGaussian(parameters: h)
    }

    /// Temporal encoder → posterior (upstream `encode_temporal`).
    public func encodeTemporal(_ z: Tensor, text: TextCondition? = nil, observer: (any LayerObserver)? = nil,
                               progress: ((Double) -> Void)? = nil) throws -> DiagonalGaussian {
        try checkInput(z, channels: config.temporal.inChannels, what: "2+1D latent", text: text)
        let trace = try trace(observer, progress) { try encodeTemporalWork(z.shape, text: text) }
        return try DiagonalGaussian(parameters: encodingHalf().temporal(z, text: text, trace: trace))
    }

    /// Temporal decoder (upstream `decode_temporal`).
    public func decodeTemporal(_ z: Tensor, text: TextCondition? = nil, observer: (any LayerObserver)? = nil,
                               progress: ((Double) -> Void)? = nil) throws -> Tensor {
        try checkInput(z, channels: config.temporal.inChannels, what: "latent", text: text)
        let trace = try trace(observer, progress) { try decodeTemporalWork(z.shape, text: text) }
        return try decodingHalf().temporal(z, text: text, trace: trace)
    }

    /// `post_quant_conv` and 2+1D decoder (upstream `decode_2plus1d`).
    public func decode2plus1D(_ z: Tensor, text: TextCondition? = nil, maskTemporal: Bool = false,
                              observer: (any LayerObserver)? = nil, progress: ((Double) -> Void)? = nil) throws -> Tensor {
        try checkInput(z, channels: intermediateChannels, what: "2+1D latent", text: text)
        let half = try decodingHalf()
        let trace = try trace(observer, progress) { try decode2plus1DWork(z.shape, text: text, maskTemporal: maskTemporal) }
        var h = z
        if let postQuantConv = half.postQuantConv { h = try postQuantConv(h, trace: trace) }
        return try half.decoder(h, text: text, maskTemporal: maskTemporal, trace: trace)
    }

    /// At most this many values in an input: far more than memory holds, and small enough that the shapes a work
    /// plan derives from it (upsampled, widened) stay far from overflowing `Int`.
    static let largestInput = 1 << 40

    func checkShape(_ shape: [Int], channels: Int, what: String) throws {
        guard shape.count == 5, shape[0] >= 0, shape[1] == channels, shape[2...].allSatisfy({ $0 > 0 }) else {
            throw ModelError(.invalidInput, "the \(what) must be [B, \(channels), T, H, W] with T, H, W > 0, got \(shape)")
        }
        var values = 1
        for size in shape {
            let (product, overflow) = values.multipliedReportingOverflow(by: size)
            guard !overflow, product <= Self.largestInput else {
                throw ModelError(.invalidInput, "the \(what) \(shape) has more than 2^40 values")
            }
            values = product
        }
    }

    /// The trace a call reports to: the observer, and the steps of `plan` when there is a `progress` to hear them.
    private func trace(_ observer: (any LayerObserver)?, _ progress: ((Double) -> Void)?,
                       plan: () throws -> WorkPlan) throws -> LayerTrace? {
        LayerTrace.make(observer: observer, progress: try progress.map { WorkProgress(try plan(), report: $0) })
    }

    private func checkInput(_ x: Tensor, channels: Int, what: String, text: TextCondition?) throws {
        try checkShape(x.shape, channels: channels, what: what)
        if text != nil && !needsText {
            throw ModelError(.invalidInput, "this model is not text-guided: it would ignore the text embeddings given to it")
        }
        if let text, text.batch != x.shape[0] {
            throw ModelError(.invalidInput, "text embeddings are for \(text.batch) clips but the \(what) has \(x.shape[0])")
        }
    }

    // MARK: - Single modules

    private var topModules: [any ModuleNode] {
        var modules: [any ModuleNode] = []
        if let encoding { modules += [encoding.encoder] }
        if let decoding { modules += [decoding.decoder] }
        if let encoding { modules += [encoding.temporal] }
        if let decoding { modules += [decoding.temporal] }
        return modules + [encoding?.quantConv, decoding?.postQuantConv].compactMap { $0 }
    }

    /// Every module name (as PyTorch's `named_modules()`, containers such as `encoder.down` left out).
    public var moduleNames: [String] { topModules.flatMap { $0.allNames() } }

    /// Runs the module called `name` alone on `inputs` (named as in golden recordings: `input0`, `context`, …)
    /// and returns its output; submodules report to `observer`.
    public func runModule(named name: String, inputs: ModuleInputs,
                          observer: (any LayerObserver)? = nil) throws -> Tensor {
        for top in topModules {
            if let module = top.find(name) { return try module.run(inputs, trace: LayerTrace.make(observer: observer)) }
        }
        throw ModelError(.unknownModule, key: name, "no such module in this model")
    }
}
