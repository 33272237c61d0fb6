import Foundation
import VVAESupport

extension VideoProbe: CustomStringConvertible {
    /// One line for `vvae info`: `90x70, 10 frames at 30000/1001 fps (29.970), 0.334 s, h264 yuv420p, audio aac`.
    public var description: String {
        var parts = ["\(width)x\(height)"]
        if isImage {
            parts.append("image")
        } else {
            parts.append("\(CountText.of(frameCount, "frame")) at \(frameRate) fps (\(String(format: "%.3f", frameRate.framesPerSecond)))")
            if let duration { parts.append(String(format: "%.3f s", duration)) }
        }
        parts.append("\(videoCodec) \(pixelFormat)")
        if rotation != 0 { parts.append("rotated \(rotation)°") }
        parts.append(audioCodec.map { "audio \($0)" } ?? "no audio")
        return parts.joined(separator: ", ")
    }
}
