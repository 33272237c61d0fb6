import Foundation

/// What ffprobe says about a video or image file, checked up front so bad input fails before any work starts.
public struct VideoProbe: Sendable, Equatable {
    /// Where the frame count came from: the container's header, or counting packets when the header has none.
    public enum FrameCountSource: String, Sendable {
        case containerHeader
        case countedPackets
    }

    public let path: String
    /// Size of the decoded frames as the reader delivers them (after applying the rotation, as ffmpeg does).
    public let width: Int
    public let height: Int
    public let frameCount: Int
    public let frameCountSource: FrameCountSource
    public let frameRate: FrameRate
    /// Seconds, when the container knows.
    public let duration: Double?
    public let pixelFormat: String
    public let videoCodec: String
    /// ffprobe's container name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    public let containerFormat: String
    public let hasAudio: Bool
    public let audioCodec: String?
    /// Display rotation in degrees (0, 90, 180, 270), from the display matrix or the `rotate` tag.
    public let rotation: Int
    /// A still picture (`.png`, `.jpg`): one frame.
    public let isImage: Bool
    /// Index of the video stream in the file, which the reader decodes.
    public let videoStreamIndex: Int

    /// Runs ffprobe on `path` (a second pass counts packets when the header has no frame count).
    public init(path: String, tools: FFmpegTools? = nil, timeout: TimeInterval = 120) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw VideoIOError.fileNotFound(path: path) }
        let tools = try tools ?? FFmpegTools.locate()
        let first = try Self.runProbe(path: path, tools: tools, extra: [], timeout: timeout)
        var counted: Int?
        if let stream = Self.videoStream(in: first), Self.headerFrameCount(stream) == nil {
            let second = try Self.runProbe(path: path, tools: tools,
                                           extra: ["-count_packets", "-select_streams", "\(stream.index)"], timeout: timeout)
            let countedStream = second.streams?.first { $0.index == stream.index }
            // ffprobe leaves nb_read_packets out when it read none.
            counted = countedStream?.readPackets.flatMap { Int($0) } ?? 0
        }
        try self.init(path: path, report: first, countedPackets: counted)
    }

    /// Interprets ffprobe JSON; `countedPackets` is the result of a `-count_packets` pass, if one was run.
    public init(path: String, ffprobeJSON: Data, countedPackets: Int? = nil) throws {
        let report: ProbeReport
        do {
            report = try JSONDecoder().decode(ProbeReport.self, from: ffprobeJSON)
        } catch {
            throw VideoIOError.unreadable(path: path, detail: "ffprobe gave output that is not the expected JSON")
        }
        try self.init(path: path, report: report, countedPackets: countedPackets)
    }

    init(path: String, report: ProbeReport, countedPackets: Int?) throws {
        guard let stream = Self.videoStream(in: report) else { throw VideoIOError.noVideoStream(path: path) }
        let codec = stream.codecName ?? "unknown"
        guard let pixelFormat = stream.pixelFormat, Self.isDecodable(pixelFormat: pixelFormat) else {
            throw VideoIOError.unsupportedPixelFormat(path: path, pixelFormat: stream.pixelFormat ?? "none", codec: codec)
        }
        guard let storedWidth = stream.width, let storedHeight = stream.height, storedWidth > 0, storedHeight > 0 else {
            throw VideoIOError.unreadable(path: path, detail: "the video stream has no frame size")
        }
        let formatName = report.format?.formatName ?? ""
        let isImage = formatName == "image2" || formatName.hasSuffix("_pipe")
        let frameCount: Int
        let source: FrameCountSource
        if let header = Self.headerFrameCount(stream) {
            (frameCount, source) = (header, .containerHeader)
        } else if let countedPackets {
            (frameCount, source) = (countedPackets, .countedPackets)
        } else if isImage {
            (frameCount, source) = (1, .countedPackets)
        } else {
            throw VideoIOError.unreadable(path: path, detail: "the frame count is unknown")
        }
        guard frameCount > 0 else { throw VideoIOError.zeroFrames(path: path) }
        let realRate = stream.realFrameRate.flatMap(FrameRate.init(parsing:))
        let averageRate = stream.averageFrameRate.flatMap(FrameRate.init(parsing:))
        guard let frameRate = Self.chooseRate(real: realRate, average: averageRate) else {
            throw VideoIOError.unreadable(path: path, detail: "the video stream has no frame rate")
        }
        let rotation = Self.rotation(of: stream)
        let quarterTurn = rotation == 90 || rotation == 270
        let audio = report.streams?.first { $0.codecType == "audio" }

        self.path = path
        self.width = quarterTurn ? storedHeight : storedWidth
        self.height = quarterTurn ? storedWidth : storedHeight
        self.frameCount = frameCount
        self.frameCountSource = source
        self.frameRate = frameRate
        self.duration = (report.format?.duration ?? stream.duration).flatMap(Double.init)
        self.pixelFormat = pixelFormat
        self.videoCodec = codec
        self.containerFormat = formatName
        self.hasAudio = audio != nil
        self.audioCodec = audio?.codecName
        self.rotation = rotation
        self.isImage = isImage
        self.videoStreamIndex = stream.index
    }

    // MARK: - Rules

    private static func videoStream(in report: ProbeReport) -> ProbeReport.Stream? {
        report.streams?.first { $0.codecType == "video" && !$0.isCoverArt }
    }

    private static func headerFrameCount(_ stream: ProbeReport.Stream) -> Int? {
        stream.frameCount.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Hardware surfaces and missing formats (no decoder) cannot be piped out as RGB24.
    static func isDecodable(pixelFormat: String) -> Bool {
        let unusable: Set<String> = [
            "none", "unknown", "vaapi", "vaapi_vld", "vaapi_moco", "vaapi_idct", "cuda", "qsv", "videotoolbox_vld",
            "vdpau", "d3d11", "d3d11va_vld", "dxva2_vld", "mediacodec", "drm_prime", "opencl", "vulkan", "mmal",
        ]
        return !pixelFormat.isEmpty && !unusable.contains(pixelFormat)
    }

    /// `r_frame_rate` is the exact base rate (30000/1001) but for variable-rate files it can be the finest tick
    /// rather than the real rate; `avg_frame_rate` is then the honest one. Use `r` when the two agree within 0.5%.
    static func chooseRate(real: FrameRate?, average: FrameRate?) -> FrameRate? {
        switch (real, average) {
        case let (real?, average?):
            let gap = abs(real.framesPerSecond - average.framesPerSecond) / real.framesPerSecond
            return gap < 0.005 ? real : average
        case let (real?, nil): return real
        case let (nil, average?): return average
        case (nil, nil): return nil
        }
    }

    private static func rotation(of stream: ProbeReport.Stream) -> Int {
        let degrees = stream.sideData?.compactMap(\.rotation).first
            ?? stream.tags?["rotate"].flatMap(Double.init) ?? 0
        let quarterTurns = Int((degrees / 90).rounded())
        return ((quarterTurns % 4) + 4) % 4 * 90
    }

    // MARK: - Running ffprobe

    static func runProbe(path: String, tools: FFmpegTools, extra: [String], timeout: TimeInterval) throws -> ProbeReport {
        let arguments = ["-v", "error", "-hide_banner"] + extra
            + ["-show_streams", "-show_format", "-of", "json", FFmpegTools.fileArgument(path)]
        let child = try ChildProcess(executable: tools.ffprobe, arguments: arguments, input: .none, output: .pipe)
        let json = child.output?.readDataToEndOfFile() ?? Data()
        guard let status = child.waitForExit(timeout: timeout) else {
            throw VideoIOError.timedOut(path: path, program: "ffprobe", seconds: timeout)
        }
        let detail = child.stderrSummary()
        guard status == 0 else { throw classifyFailure(path: path, detail: detail) }
        do {
            return try JSONDecoder().decode(ProbeReport.self, from: json)
        } catch {
            throw VideoIOError.unreadable(path: path, detail: "ffprobe gave output that is not the expected JSON")
        }
    }

    private static func startsWithMP4Header(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        return head.count == 8 && head.suffix(4).elementsEqual("ftyp".utf8)
    }

    /// Turns ffprobe's complaint into the matching typed error.
    static func classifyFailure(path: String, detail: String) -> VideoIOError {
        let lower = detail.lowercased()
        // An MP4/MOV that starts with its `ftyp` box but has no index was cut short; other files without one are
        // simply not MP4 (a text file named `.mp4` gets the same complaint from ffprobe).
        if lower.contains("moov atom not found") {
            return startsWithMP4Header(path) ? .truncated(path: path, detail: detail) : .notAVideo(path: path, detail: detail)
        }
        if lower.contains("end of file") {
            return .truncated(path: path, detail: detail)
        }
        // Before "truncat": a text file named .mkv makes the Matroska prober say "Truncating packet …" as well.
        if lower.contains("invalid data found") || lower.contains("could not find codec parameters") {
            return .notAVideo(path: path, detail: detail)
        }
        if lower.contains("truncat") {
            return .truncated(path: path, detail: detail)
        }
        return .unreadable(path: path, detail: detail)
    }
}
