import Foundation
import VideoIO
import VVAERuntime
import VVAESupport

/// Where decoded chunks go: a video (frame rate kept, audio copied from a source), a PNG, or a `.npy` of the
/// unclamped output. Each chunk keeps its real frames, cropped to the original size.
public struct VideoSink: ChunkSink {
    public let path: String
    public let spatial: SpatialPlan
    private let tools: FFmpegTools?
    private let overwrite: Bool
    private var writer: VideoWriter?
    private var npyPieces: [Tensor] = []
    private var firstFrame: VideoFrame?
    /// The RGB bytes of the frames the last chunk added (for quality metrics).
    public private(set) var lastFrames: [[UInt8]] = []

    public static func isNpy(_ path: String) -> Bool { URL(fileURLWithPath: path).pathExtension.lowercased() == "npy" }

    /// What happens to the audio (copied or re-encoded); nil without audio or for a .png/.npy output.
    public var audioPlan: AudioPlan? { writer?.audioPlan }

    /// `tools` may be nil only for a `.npy` output.
    public init(path: String, spatial: SpatialPlan, frameRate: FrameRate, audioSource: String?, codec: String, crf: Int,
                overwrite: Bool, tools: FFmpegTools?) throws {
        self.path = path
        self.spatial = spatial
        self.tools = tools
        self.overwrite = overwrite
        if !Self.isNpy(path), try OutputContainer(path: path) != .png {
            writer = try VideoWriter(path: path, width: spatial.width, height: spatial.height, frameRate: frameRate,
                                     options: .init(codec: codec, crf: crf, audioSource: audioSource, overwrite: overwrite),
                                     tools: tools)
        }
    }

    public mutating func append(_ output: Tensor, of chunk: FrameChunk) throws {
        let keep = chunk.realFrames
        if Self.isNpy(path) {
            npyPieces.append(try output.frames(0..<keep).slice(axis: 3, 0..<spatial.height).slice(axis: 4, 0..<spatial.width))
        }
        let frames = FrameTensors.frames(from: output, plan: spatial, range: 0..<keep)
        for pixels in frames {
            let frame = try VideoFrame(width: spatial.width, height: spatial.height, pixels: pixels)
            if let writer { try writer.write(frame) } else if firstFrame == nil { firstFrame = frame }
        }
        lastFrames = frames
    }

    /// Completes the output; returns a line for the user.
    public func finish() throws -> String {
        if Self.isNpy(path) {
            let tensor = try Tensor.concatenate(npyPieces, axis: 2)
            try TensorFiles.writeNpy(tensor, to: path, overwrite: overwrite)
            return "wrote \(path): \(tensor.shape)"
        }
        if let writer {
            let summary = try writer.finish()
            return "wrote \(path): \(CountText.of(summary.framesWritten, "frame")), \(summary.encodedWidth)x\(summary.encodedHeight) at \(summary.frameRate) fps"
        }
        guard let firstFrame else { throw InputError(path: path, "nothing to write: no frames were decoded") }
        try VideoWriter.writeImage(firstFrame, to: path, overwrite: overwrite, tools: tools)
        return "wrote \(path): \(firstFrame.width)x\(firstFrame.height)"
    }
}
