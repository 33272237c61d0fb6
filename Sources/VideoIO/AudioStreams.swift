import Foundation

/// The audio streams of a media file, in file order, as ffprobe lists them: what a writer needs to decide, before
/// it starts, whether each one can be copied into its output.
public struct AudioStreams: Sendable, Equatable {
    public struct Stream: Sendable, Equatable {
        /// ffprobe's codec name, e.g. `aac`, `flac`, `pcm_s16le`; `unknown` when ffprobe names none.
        public let codec: String
        /// Seconds, when the container knows: the stream's duration, or Matroska's `DURATION` tag (`00:00:02.000000000`).
        public let duration: Double?
    }

    public let path: String
    public let streams: [Stream]

    public var codecs: [String] { streams.map(\.codec) }

    /// Runs ffprobe on `path` (audio streams only). A file without audio gives an empty list, not an error.
    public init(path: String, tools: FFmpegTools? = nil, timeout: TimeInterval = 120) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw VideoIOError.fileNotFound(path: path) }
        let report = try VideoProbe.runProbe(path: path, tools: try tools ?? FFmpegTools.locate(),
                                             extra: ["-select_streams", "a"], timeout: timeout)
        self.init(path: path, report: report)
    }

    init(path: String, report: ProbeReport) {
        self.path = path
        streams = (report.streams ?? []).filter { $0.codecType == "audio" }.map { stream in
            Stream(codec: stream.codecName ?? "unknown",
                   duration: stream.duration.flatMap(Double.init) ?? stream.tags?["DURATION"].flatMap { Self.seconds(clock: $0) })
        }
    }

    /// `HH:MM:SS.fraction` → seconds.
    static func seconds(clock text: String) -> Double? {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let hours = Double(parts[0]), let minutes = Double(parts[1]), let rest = Double(parts[2]) else {
            return nil
        }
        return hours * 3600 + minutes * 60 + rest
    }
}
