import VVAESupport
/// Failures of the video layer. Each names the file it concerns and, where ffmpeg said why, its last words.
public enum VideoIOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `ffmpeg` or `ffprobe` is not installed (or not on `PATH`).
    case toolMissing(program: String)
    case fileNotFound(path: String)
    /// ffprobe could not recognise the file as any media (e.g. a text file named `.mp4`).
    case notAVideo(path: String, detail: String)
    /// The container is cut short (e.g. an MP4 whose index was never written) or its data stops early.
    case truncated(path: String, detail: String)
    /// ffprobe failed for another reason (permissions, I/O).
    case unreadable(path: String, detail: String)
    case noVideoStream(path: String)
    case zeroFrames(path: String)
    case unsupportedPixelFormat(path: String, pixelFormat: String, codec: String)
    /// Decoding ended before the frames the container announced, or in the middle of a frame.
    case truncatedStream(path: String, expectedFrames: Int, decodedFrames: Int, detail: String)
    /// ffmpeg exited with an error; `detail` holds its last stderr lines.
    case ffmpegFailed(path: String, program: String, status: Int32, detail: String)
    /// ffmpeg did not finish within the allowed time and was killed.
    case timedOut(path: String, program: String, seconds: Double)
    /// A frame handed to the writer does not match the size the writer was opened with.
    case frameSizeMismatch(path: String, expectedWidth: Int, expectedHeight: Int, width: Int, height: Int)
    /// The byte count does not match `width * height * 3` (RGB24).
    case invalidFrameBuffer(width: Int, height: Int, byteCount: Int)
    case invalidArgument(String)
    /// The output's extension names no container this layer writes.
    case unsupportedOutputFormat(path: String, extension: String)
    /// An image output (`.png`) holds exactly one frame.
    case imageOutputTakesOneFrame(path: String)
    /// The writer was used after `finish()` or `cancel()`.
    case writerClosed(path: String)
    /// The size cannot be encoded with the chosen pixel format (odd sizes with `OddSizePolicy.fail`).
    case oddSizeNotEncodable(path: String, width: Int, height: Int, pixelFormat: String)

    public var description: String { UntrustedText.escaped(text) }

    private var text: String {
        switch self {
        case .toolMissing(let program):
            return "\(program) was not found on PATH; it is needed to read and write video files. "
                + "Install it with `apt-get install ffmpeg` (Debian/Ubuntu) or `brew install ffmpeg` (macOS)"
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .notAVideo(let path, let detail):
            return "\(path): not a video or image file ffmpeg can read" + Self.suffix(detail)
        case .truncated(let path, let detail):
            return "\(path): the file is truncated or incomplete" + Self.suffix(detail)
        case .unreadable(let path, let detail):
            return "\(path): cannot be read" + Self.suffix(detail)
        case .noVideoStream(let path):
            return "\(path): has no video stream"
        case .zeroFrames(let path):
            return "\(path): the video stream has no frames"
        case .unsupportedPixelFormat(let path, let pixelFormat, let codec):
            return "\(path): unsupported pixel format '\(pixelFormat)' (codec \(codec)); it cannot be decoded to RGB"
        case .truncatedStream(let path, let expected, let decoded, let detail):
            return "\(path): decoding stopped after \(decoded) of \(expected) frames; the file is truncated or damaged"
                + Self.suffix(detail)
        case .ffmpegFailed(let path, let program, let status, let detail):
            return "\(path): \(program) failed (exit status \(status))" + Self.suffix(detail)
        case .timedOut(let path, let program, let seconds):
            return "\(path): \(program) did not finish within \(Int(seconds)) s and was stopped"
        case .frameSizeMismatch(let path, let ew, let eh, let w, let h):
            return "\(path): frame is \(w)x\(h) but the video is \(ew)x\(eh)"
        case .invalidFrameBuffer(let width, let height, let count):
            return "an RGB24 frame of \(width)x\(height) needs \(width * height * 3) bytes, got \(count)"
        case .invalidArgument(let message):
            return message
        case .unsupportedOutputFormat(let path, let ext):
            return "\(path): cannot write '.\(ext)' files; use .mp4, .mkv, .mov, .webm, .avi or .png"
        case .imageOutputTakesOneFrame(let path):
            return "\(path): an image output holds exactly one frame"
        case .writerClosed(let path):
            return "\(path): the video writer is already finished"
        case .oddSizeNotEncodable(let path, let width, let height, let pixelFormat):
            return "\(path): \(width)x\(height) cannot be encoded as \(pixelFormat), which needs even sizes"
        }
    }

    private static func suffix(_ detail: String) -> String {
        detail.isEmpty ? "" : ": \(detail)"
    }
}
