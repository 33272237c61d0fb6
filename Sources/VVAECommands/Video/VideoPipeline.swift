import ArgumentParser
import Foundation
import VideoIO
import VVAERuntime
import VVAESupport

/// Frames of a video or image, read chunk by chunk as model tensors, following upstream's script: capped resize,
/// frame count padded with the last frame, chunks of `chunkFrames`, sizes padded (replicate) to the model's multiple.
struct VideoSource {
    let probe: VideoProbe
    let spatial: SpatialPlan
    let plan: ChunkPlan
    let imageMode: Bool
    private let reader: VideoReader
    private var nextChunk = 0
    private var lastFrame: [UInt8]?

    init(path: String, cap: (height: Int, width: Int), chunkFrames: Int, spatialMultiple: Int, temporalMultiple: Int,
         tools: FFmpegTools) throws {
        reader = try VideoReader(path: path, options: .init(resize: .capped(maxWidth: cap.width, maxHeight: cap.height)), tools: tools)
        probe = reader.probe
        let image = probe.isImage || ["png", "jpg", "jpeg"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
        imageMode = image
        spatial = SpatialPlan(width: reader.width, height: reader.height, multiple: spatialMultiple)
        do {
            plan = try ChunkPlan(frameCount: probe.frameCount, chunkFrames: image ? 4 : chunkFrames, temporalMultiple: image ? 1 : temporalMultiple)
        } catch let refusal as ChunkPlan.Refusal {
            if refusal.aboutChunks { throw ValidationError("--chunk-frames \(chunkFrames) for \(path): \(refusal)") }
            throw InputError(path: path, "\(refusal)")
        }
    }

    /// The next chunk as `[1, 3, T, H', W']` and the real frames in it (padding frames excluded); nil at the end.
    mutating func next() throws -> (tensor: Tensor, frames: [[UInt8]])? {
        guard nextChunk < plan.chunks.count else {
            reader.close()
            return nil
        }
        let range = plan.chunks[nextChunk]
        nextChunk += 1
        let real = max(0, min(range.upperBound, plan.frameCount) - range.lowerBound)
        var frames: [[UInt8]] = []
        if real > 0, let chunk = try reader.next(chunk: real) { frames = chunk.frames.map(\.pixels) }
        lastFrame = frames.last ?? lastFrame
        guard let filler = lastFrame else { return nil }
        var padded = frames
        while padded.count < range.count { padded.append(filler) }
        return (try FrameTensors.tensor(frames: padded, plan: spatial), frames)
    }
}

/// Where decoded chunks go: a video (frame rate kept, audio copied from a source), a PNG, or a `.npy` of the
/// unclamped output.
struct VideoSink {
    let path: String
    let spatial: SpatialPlan
    private let tools: FFmpegTools?
    private let overwrite: Bool
    private var writer: VideoWriter?
    private var npyPieces: [Tensor] = []
    private var firstFrame: VideoFrame?

    static func isNpy(_ path: String) -> Bool { URL(fileURLWithPath: path).pathExtension.lowercased() == "npy" }

    /// What happens to the audio (copied or re-encoded); nil without audio or for a .png/.npy output.
    var audioPlan: AudioPlan? { writer?.audioPlan }

    init(path: String, spatial: SpatialPlan, frameRate: FrameRate, audioSource: String?, codec: String, crf: Int,
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

    /// Appends the first `keep` frames of a decoded chunk, cropped to the original size; returns their RGB bytes.
    @discardableResult
    mutating func append(_ decoded: Tensor, keep: Int) throws -> [[UInt8]] {
        if Self.isNpy(path) {
            npyPieces.append(try decoded.frames(0..<keep).slice(axis: 3, 0..<spatial.height).slice(axis: 4, 0..<spatial.width))
        }
        let frames = FrameTensors.frames(from: decoded, plan: spatial, range: 0..<keep)
        for pixels in frames {
            let frame = try VideoFrame(width: spatial.width, height: spatial.height, pixels: pixels)
            if let writer { try writer.write(frame) } else if firstFrame == nil { firstFrame = frame }
        }
        return frames
    }

    /// Completes the output; returns a line for the user.
    func finish() throws -> String {
        if Self.isNpy(path) {
            let tensor = try Tensor.concatenate(npyPieces, axis: 2)
            try TensorFiles.writeNpy(tensor, to: path, overwrite: overwrite)
            return "wrote \(path): \(tensor.shape)"
        }
        if let writer {
            let summary = try writer.finish()
            return "wrote \(path): \(summary.framesWritten) frames, \(summary.encodedWidth)x\(summary.encodedHeight) at \(summary.frameRate) fps"
        }
        guard let firstFrame else { throw InputError(path: path, "nothing to write: no frames were decoded") }
        try VideoWriter.writeImage(firstFrame, to: path, overwrite: overwrite, tools: tools)
        return "wrote \(path): \(firstFrame.width)x\(firstFrame.height)"
    }
}
