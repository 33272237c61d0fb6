import Foundation
import VVAESupport

/// Encodes RGB24 frames into a video (or one PNG) by piping them to
/// `ffmpeg -f rawvideo -pix_fmt rgb24 -s WxH -r FPS -i - [-i SOURCE -map 0:v -map 1:a:N -c:a:N copy|ENCODER] -c:v CODEC -crf N OUT`.
/// ffmpeg writes to a hidden temporary file beside the target, renamed into place by `finish()`; on any failure or
/// interruption the target is untouched and no partial file remains.
public final class VideoWriter {
    public struct Options: Sendable {
        /// ffmpeg encoder name. `libx264` by default; in a `.webm` the default becomes `libvpx-vp9`.
        /// Lossless choices: `libx264rgb` with `crf: 0` and `pixelFormat: "rgb24"`, or `ffv1` in `.mkv`.
        public var codec: String
        /// Constant rate factor; `nil` leaves the encoder's default. Ignored for PNG.
        public var crf: Int?
        /// Pixel format stored in the file.
        public var pixelFormat: String
        /// A file whose audio streams go into the output: copied untouched where the container takes their codec,
        /// re-encoded otherwise (see `AudioPlan`); none if it has no audio.
        public var audioSource: String?
        public var overwrite: Bool
        public var oddSizePolicy: OddSizePolicy
        /// Extra output options placed before the output file, e.g. `["-preset", "slow"]`.
        public var extraArguments: [String]
        /// Longest wait for ffmpeg to finish encoding after the last frame.
        public var finishTimeout: TimeInterval

        public init(codec: String = "libx264", crf: Int? = 15, pixelFormat: String = "yuv420p", audioSource: String? = nil,
                    overwrite: Bool = false, oddSizePolicy: OddSizePolicy = .padByRepeatingEdge,
                    extraArguments: [String] = [], finishTimeout: TimeInterval = 600) {
            self.codec = codec
            self.crf = crf
            self.pixelFormat = pixelFormat
            self.audioSource = audioSource
            self.overwrite = overwrite
            self.oddSizePolicy = oddSizePolicy
            self.extraArguments = extraArguments
            self.finishTimeout = finishTimeout
        }
    }

    /// What `finish()` produced.
    public struct Summary: Sendable, Equatable {
        public let path: String
        public let framesWritten: Int
        /// Size stored in the file; differs from the frames' size only by the odd-size policy.
        public let encodedWidth: Int
        public let encodedHeight: Int
        public let frameRate: FrameRate
    }

    public let path: String
    public let container: OutputContainer
    /// Size of the frames the caller hands in.
    public let width: Int
    public let height: Int
    public let encodedWidth: Int
    public let encodedHeight: Int
    public let frameRate: FrameRate
    public private(set) var framesWritten = 0
    /// What happens to the audio source's streams; nil without audio.
    public let audioPlan: AudioPlan?

    private let options: Options
    private var output: AtomicOutput?
    private var child: ChildProcess?

    /// Checks the destination (existing file, folder) and the audio source, then starts ffmpeg.
    public init(path: String, width: Int, height: Int, frameRate: FrameRate,
                options: Options = Options(), tools: FFmpegTools? = nil) throws {
        guard width > 0, height > 0 else {
            throw VideoIOError.invalidArgument("\(path): frame size \(width)x\(height) is not valid")
        }
        let container = try OutputContainer(path: path)
        var options = options
        if container.isImage {
            options.codec = "png"
            options.pixelFormat = "rgb24"
            options.crf = nil
            options.audioSource = nil
        } else if container == .webm && options.codec == "libx264" {
            options.codec = "libvpx-vp9"
        }
        let encoded = options.oddSizePolicy.encodedSize(width: width, height: height, pixelFormat: options.pixelFormat)
        if options.oddSizePolicy == .fail && (encoded.width != width || encoded.height != height) {
            throw VideoIOError.oddSizeNotEncodable(path: path, width: width, height: height, pixelFormat: options.pixelFormat)
        }
        guard encoded.width > 0, encoded.height > 0 else {
            throw VideoIOError.oddSizeNotEncodable(path: path, width: width, height: height, pixelFormat: options.pixelFormat)
        }
        let tools = try tools ?? FFmpegTools.locate()
        let audioPlan = try options.audioSource.flatMap { try AudioPlan(probing: $0, container: container, tools: tools) }
        let output = try AtomicOutput(destination: path, overwrite: options.overwrite)

        self.path = path
        self.container = container
        self.width = width
        self.height = height
        self.encodedWidth = encoded.width
        self.encodedHeight = encoded.height
        self.frameRate = frameRate
        self.options = options
        self.audioPlan = audioPlan
        let arguments = Self.arguments(container: container, width: encoded.width, height: encoded.height,
                                       frameRate: frameRate, options: options, audio: audioPlan,
                                       temporaryPath: output.temporaryPath)
        self.output = .some(output)
        child = try ChildProcess(executable: tools.ffmpeg, arguments: arguments, input: .pipe, output: .discard)
    }

    deinit { cancel() }

    static func arguments(container: OutputContainer, width: Int, height: Int, frameRate: FrameRate,
                          options: Options, audio: AudioPlan?, temporaryPath: String) -> [String] {
        var arguments = ["-v", "error", "-hide_banner", "-y",
                         "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "\(width)x\(height)", "-r", frameRate.description,
                         "-i", "-"]
        if let audio {
            arguments += ["-i", FFmpegTools.fileArgument(audio.source), "-map", "0:v:0"] + audio.arguments(input: 1)
        } else {
            arguments += ["-map", "0:v:0", "-an"]
        }
        arguments += ["-c:v", options.codec, "-pix_fmt", options.pixelFormat]
        if let crf = options.crf {
            arguments += ["-crf", "\(crf)"]
            // VP9 uses the CRF only in constant-quality mode, which needs a zero target bitrate.
            if options.codec.hasPrefix("libvpx") { arguments += ["-b:v", "0"] }
        }
        if container.isImage { arguments += ["-frames:v", "1", "-update", "1"] }
        arguments += options.extraArguments
        arguments += ["-f", container.muxer, FFmpegTools.fileArgument(temporaryPath)]
        return arguments
    }

    /// Appends one frame.
    public func write(_ frame: VideoFrame) throws {
        try write(pixels: frame.pixels[...], width: frame.width, height: frame.height, frameCount: 1)
    }

    /// Appends every frame of a chunk.
    public func write(_ chunk: VideoFrameChunk) throws {
        try write(pixels: chunk.pixels[...], width: chunk.width, height: chunk.height, frameCount: chunk.frameCount)
    }

    private func write(pixels: ArraySlice<UInt8>, width: Int, height: Int, frameCount: Int) throws {
        guard let child, let input = child.input else { throw VideoIOError.writerClosed(path: path) }
        guard width == self.width, height == self.height else {
            throw VideoIOError.frameSizeMismatch(path: path, expectedWidth: self.width, expectedHeight: self.height,
                                                 width: width, height: height)
        }
        if container.isImage && framesWritten + frameCount > 1 { throw VideoIOError.imageOutputTakesOneFrame(path: path) }
        let frameBytes = width * height * 3
        for index in 0..<frameCount {
            let start = pixels.startIndex + index * frameBytes
            let frame = pixels[start..<(start + frameBytes)]
            let encoded = (encodedWidth == width && encodedHeight == height)
                ? Data(frame)
                : Data(EdgeAdjust.adjust(frame, width: width, height: height, toWidth: encodedWidth, toHeight: encodedHeight))
            do {
                try input.write(contentsOf: encoded)
            } catch {
                throw failure(of: child, reason: "ffmpeg stopped accepting frames")
            }
            framesWritten += 1
        }
    }

    /// Ends the stream, waits for ffmpeg and moves the finished file into place.
    @discardableResult
    public func finish() throws -> Summary {
        guard let child, let input = child.input else { throw VideoIOError.writerClosed(path: path) }
        guard framesWritten > 0 else {
            cancel()
            throw VideoIOError.invalidArgument("\(path): no frames were written")
        }
        try? input.close()
        self.child = nil
        guard let status = child.waitForExit(timeout: options.finishTimeout) else {
            output = nil
            throw VideoIOError.timedOut(path: path, program: "ffmpeg", seconds: options.finishTimeout)
        }
        guard status == 0, let output = output.take() else {
            output = nil
            throw VideoIOError.ffmpegFailed(path: path, program: "ffmpeg", status: status, detail: child.stderrSummary())
        }
        guard FileManager.default.fileExists(atPath: output.temporaryPath) else {
            throw VideoIOError.ffmpegFailed(path: path, program: "ffmpeg", status: status, detail: "no output was produced")
        }
        try output.commit()
        return Summary(path: path, framesWritten: framesWritten, encodedWidth: encodedWidth, encodedHeight: encodedHeight,
                       frameRate: frameRate)
    }

    /// Abandons the output: ffmpeg is stopped and the temporary file removed; the target stays as it was.
    public func cancel() {
        if let child {
            try? child.input?.close()
            child.stop()
        }
        child = nil
        output = nil
    }

    /// ffmpeg died while frames were still coming: collect its reason and clean up.
    private func failure(of child: ChildProcess, reason: String) -> VideoIOError {
        try? child.input?.close()
        let status = child.waitForExit(timeout: 10)
        let detail = child.stderrSummary()
        self.child = nil
        output = nil
        return .ffmpegFailed(path: path, program: "ffmpeg", status: status ?? -1, detail: detail.isEmpty ? reason : detail)
    }

    /// Writes a single frame as a PNG (or any container, as one frame) in one call.
    public static func writeImage(_ frame: VideoFrame, to path: String, overwrite: Bool = false,
                                  tools: FFmpegTools? = nil) throws {
        let writer = try VideoWriter(path: path, width: frame.width, height: frame.height,
                                     frameRate: .oneFramePerSecond,
                                     options: Options(overwrite: overwrite), tools: tools)
        try writer.write(frame)
        try writer.finish()
    }
}
