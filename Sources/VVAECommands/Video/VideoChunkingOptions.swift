import ArgumentParser
import VVAEPipeline

/// How a video is cut for the model: the size cap and the chunks in time. One group, so `reconstruct`, `encode` and
/// `encode-batch` spell, explain and check these flags the same way.
struct VideoChunkingOptions: ParsableArguments {
    @Option(name: .long, help: """
        Largest frame size HxW: a larger frame is resized to fit within it, each side on its own (upstream's rule).
        """)
    var resolution = "720x1280"

    @Option(name: .long, help: """
        Frames per chunk, a multiple of the model's temporal factor (4 for the shipped models). Each chunk is \
        encoded and decoded on its own; longer chunks need more memory.
        """)
    var chunkFrames = 16

    @Option(name: .long, help: VideoOptions.chunkOverlapHelp)
    var chunkOverlap = 0

    func validate() throws {
        try VideoOptions.checkChunking(frames: chunkFrames, overlap: chunkOverlap)
        _ = try cap()
    }

    /// `--resolution` as (height, width).
    func cap() throws -> (height: Int, width: Int) { try VideoOptions.parseResolution(resolution) }

    /// Runs `body`, turning a refusal of the chunk length or overlap into a usage error that names the flag.
    func checked<T>(for path: String, _ body: () throws -> T) throws -> T {
        try VideoOptions.chunking(chunkFrames, overlap: chunkOverlap, for: path, body)
    }
}
