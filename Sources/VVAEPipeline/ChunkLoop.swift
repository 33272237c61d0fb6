import VVAERuntime

/// One chunk of a clip on its way through the model: where it sits in the padded frame sequence, how many of its
/// frames are real (the rest repeat the last frame), and the tensor itself — pixels `[B, 3, T, H', W']` on the way
/// in, a latent on the way to the decoder.
public struct FrameChunk {
    public let index: Int
    /// Frames of the padded sequence this chunk covers.
    public let range: Range<Int>
    /// Real frames at the start of the chunk; the rest is padding, dropped after decoding.
    public let realFrames: Int
    public var tensor: Tensor
    /// The real frames' RGB bytes, when the chunk was read from a video (for quality metrics).
    public let pixels: [[UInt8]]?

    public init(index: Int, range: Range<Int>, realFrames: Int, tensor: Tensor, pixels: [[UInt8]]? = nil) {
        self.index = index
        self.range = range
        self.realFrames = realFrames
        self.tensor = tensor
        self.pixels = pixels
    }
}

/// Where chunks come from: frames of a video, a `.npy` tensor, or the latents of a latent file.
public protocol ChunkSource {
    var plan: ChunkPlan { get }
    /// The next chunk, nil after the last.
    mutating func next() throws -> FrameChunk?
}

/// Where processed chunks go: a video, image or `.npy` (`VideoSink`), or a latent being assembled
/// (`LatentCollector`).
public protocol ChunkSink {
    /// Takes the model's output for `chunk`.
    mutating func append(_ output: Tensor, of chunk: FrameChunk) throws
}

/// The one loop every command shares: take a chunk, run the model on it, hand the result to the sink, then let
/// the caller look at the chunk and the sink (progress, metrics).
public enum ChunkLoop {
    public static func run<Source: ChunkSource, Sink: ChunkSink>(
        from source: inout Source, into sink: inout Sink,
        transform: (FrameChunk) throws -> Tensor,
        after: (FrameChunk, Sink) throws -> Void = { _, _ in }
    ) throws {
        while let chunk = try source.next() {
            let output = try transform(chunk)
            try sink.append(output, of: chunk)
            try after(chunk, sink)
        }
    }
}

/// Joins the latents of consecutive chunks along time.
public struct LatentCollector: ChunkSink {
    public private(set) var pieces: [Tensor] = []

    public init() {}

    public mutating func append(_ output: Tensor, of chunk: FrameChunk) throws { pieces.append(output) }

    /// The whole clip's latent `[B, C, T', h, w]`.
    public func latent() throws -> Tensor { try Tensor.concatenate(pieces, axis: 2) }
}
