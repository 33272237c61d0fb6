import Foundation

/// Streams a video's frames as RGB24 through `ffmpeg -i IN -f rawvideo -pix_fmt rgb24 -`, reading exactly
/// `width * height * 3` bytes per frame, so only the chunk asked for is ever in memory. Stopping early (or dropping
/// the reader) ends the ffmpeg process.
public final class VideoReader {
    public struct Options: Sendable {
        public var resize: FrameResize
        public var scaler: FrameScaler
        /// Fail when the stream ends before the probed frame count (a truncated or damaged file).
        public var requireProbedFrameCount: Bool
        /// Longest wait for ffmpeg to exit once its output has ended.
        public var exitTimeout: TimeInterval

        public init(resize: FrameResize = .none, scaler: FrameScaler = .bicubic,
                    requireProbedFrameCount: Bool = true, exitTimeout: TimeInterval = 30) {
            self.resize = resize
            self.scaler = scaler
            self.requireProbedFrameCount = requireProbedFrameCount
            self.exitTimeout = exitTimeout
        }
    }

    public let probe: VideoProbe
    /// Size of the frames this reader delivers (after resizing).
    public let width: Int
    public let height: Int
    /// Frames delivered so far.
    public private(set) var framesRead = 0

    private let options: Options
    private var child: ChildProcess?
    private var finished = false

    /// Probes `path` (so bad input fails here) and starts decoding.
    public convenience init(path: String, options: Options = Options(), tools: FFmpegTools? = nil) throws {
        let tools = try tools ?? FFmpegTools.locate()
        try self.init(probe: VideoProbe(path: path, tools: tools), options: options, tools: tools)
    }

    /// Starts decoding a file already probed.
    public init(probe: VideoProbe, options: Options = Options(), tools: FFmpegTools? = nil) throws {
        let tools = try tools ?? FFmpegTools.locate()
        let size = options.resize.targetSize(width: probe.width, height: probe.height)
        guard size.width > 0, size.height > 0 else {
            throw VideoIOError.invalidArgument("resize target \(size.width)x\(size.height) is not a valid frame size")
        }
        self.probe = probe
        self.width = size.width
        self.height = size.height
        self.options = options
        var arguments = ["-v", "error", "-hide_banner", "-nostdin", "-i", FFmpegTools.fileArgument(probe.path),
                         "-map", "0:\(probe.videoStreamIndex)", "-an", "-sn", "-dn",
                         // One output frame per decoded frame: no duplication or dropping to reach a constant rate.
                         "-vsync", "passthrough"]
        if size.width != probe.width || size.height != probe.height {
            arguments += ["-vf", "scale=\(size.width):\(size.height):flags=\(options.scaler.rawValue)"]
        }
        arguments += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
        child = try ChildProcess(executable: tools.ffmpeg, arguments: arguments, input: .none, output: .pipe)
    }

    deinit { close() }

    /// The decoding ffmpeg's process id while it runs (for tests that check an early stop ends it).
    var decoderProcessID: Int32? { child?.processIdentifier }

    public var bytesPerFrame: Int { width * height * 3 }

    /// Up to `count` next frames, or `nil` once the video is exhausted. The last chunk may be shorter.
    public func next(chunk count: Int) throws -> VideoFrameChunk? {
        guard count > 0 else { throw VideoIOError.invalidArgument("a chunk needs at least one frame, got \(count)") }
        guard !finished, let child, let output = child.output else { return nil }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(count * bytesPerFrame)
        let first = framesRead
        while framesRead - first < count {
            let frameStart = pixels.count
            let complete = try readFrame(from: output, into: &pixels)
            if !complete {
                let partial = pixels.count - frameStart
                pixels.removeSubrange(frameStart...)
                try finishStream(partialBytes: partial)
                break
            }
            framesRead += 1
        }
        if pixels.isEmpty { return nil }
        return try VideoFrameChunk(width: width, height: height, firstFrameIndex: first, pixels: pixels)
    }

    /// The next frame, or `nil` at the end.
    public func nextFrame() throws -> VideoFrame? {
        try next(chunk: 1)?.frame(at: 0)
    }

    /// Reads every remaining frame — for tests and single images; videos should be streamed with `next(chunk:)`.
    public func readAll() throws -> [VideoFrame] {
        var frames: [VideoFrame] = []
        while let chunk = try next(chunk: 16) { frames += chunk.frames }
        return frames
    }

    /// Stops decoding now; later calls return `nil`.
    public func close() {
        finished = true
        child?.stop()
        try? child?.output?.close()
        child = nil
    }

    /// Appends one frame's bytes; `false` when the stream ended first (bytes read so far stay appended).
    private func readFrame(from output: FileHandle, into pixels: inout [UInt8]) throws -> Bool {
        var remaining = bytesPerFrame
        while remaining > 0 {
            let data: Data?
            do {
                data = try output.read(upToCount: remaining)
            } catch {
                throw VideoIOError.unreadable(path: probe.path, detail: "reading ffmpeg's output failed: \(error)")
            }
            guard let data, !data.isEmpty else { return false }
            pixels.append(contentsOf: data)
            remaining -= data.count
        }
        return true
    }

    /// The output ended: check ffmpeg's exit and that every announced frame arrived.
    private func finishStream(partialBytes: Int) throws {
        finished = true
        guard let child else { return }
        self.child = nil
        let status = child.waitForExit(timeout: options.exitTimeout)
        let detail = child.stderrSummary()
        guard let status else {
            throw VideoIOError.timedOut(path: probe.path, program: "ffmpeg", seconds: options.exitTimeout)
        }
        if status != 0 {
            throw VideoIOError.ffmpegFailed(path: probe.path, program: "ffmpeg", status: status, detail: detail)
        }
        let short = options.requireProbedFrameCount && framesRead < probe.frameCount
        if partialBytes > 0 || short {
            let partial = partialBytes > 0 ? "a frame was cut off after \(partialBytes) of \(bytesPerFrame) bytes" : ""
            throw VideoIOError.truncatedStream(path: probe.path, expectedFrames: probe.frameCount, decodedFrames: framesRead,
                                               detail: [partial, detail].filter { !$0.isEmpty }.joined(separator: "; "))
        }
    }
}
