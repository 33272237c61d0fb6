/// What happens to each audio stream of a source file written beside new video: copied untouched when the output
/// container takes its codec (the default), otherwise re-encoded to the container's fallback codec. Decided from the
/// probed codecs and the container before ffmpeg starts, so the user is told up front.
public struct AudioPlan: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case copy
        case encode(AudioCompatibility.Encoding)
    }

    public struct Track: Sendable, Equatable {
        public let sourceCodec: String
        /// The source stream's stated length: a re-encoded stream is cut to it, because decoders hand out the
        /// encoder's padding too (ffmpeg 5.1 adds ~43 ms to AAC from MP4) and the output would grow by it.
        public let sourceDuration: Double?
        public let action: Action
    }

    /// The file the audio is taken from.
    public let source: String
    public let container: OutputContainer
    /// One per audio stream of the source, in order.
    public let tracks: [Track]

    /// nil when the source has no audio or the output is an image.
    public init?(source: String, streams: [AudioStreams.Stream], container: OutputContainer) {
        guard !streams.isEmpty, let fallback = AudioCompatibility.fallback(for: container) else { return nil }
        self.source = source
        self.container = container
        tracks = streams.map { stream in
            Track(sourceCodec: stream.codec, sourceDuration: stream.duration,
                  action: AudioCompatibility.canCopy(codec: stream.codec, into: container) ? .copy : .encode(fallback))
        }
    }

    /// The plan for `source`'s audio (probed now) written into `container`; nil when it has no audio.
    public init?(probing source: String, container: OutputContainer, tools: FFmpegTools) throws {
        self.init(source: source, streams: try AudioStreams(path: source, tools: tools).streams, container: container)
    }

    /// True when every stream is copied untouched.
    public var copiesEverything: Bool { tracks.allSatisfy { $0.action == .copy } }

    /// ffmpeg output options mapping the audio of input number `input` with a codec choice per stream.
    func arguments(input: Int) -> [String] {
        var arguments: [String] = []
        for (index, track) in tracks.enumerated() {
            arguments += ["-map", "\(input):a:\(index)"]
            switch track.action {
            case .copy: arguments += ["-c:a:\(index)", "copy"]
            case .encode(let encoding):
                arguments += ["-c:a:\(index)", encoding.encoder]
                if let duration = track.sourceDuration, duration > 0 {
                    arguments += ["-filter:a:\(index)", "atrim=duration=\(duration)"]
                }
            }
        }
        return arguments
    }

    /// One line for the user when some audio is re-encoded, e.g.
    /// `audio: flac cannot be copied into mp4; re-encoding it as aac`; nil when everything is copied.
    public var notice: String? {
        let encoded = tracks.compactMap { track -> String? in
            guard case .encode(let encoding) = track.action else { return nil }
            return "\(track.sourceCodec) cannot be copied into \(container.rawValue); re-encoding it as \(encoding.codec)"
        }
        guard !encoded.isEmpty else { return nil }
        return "audio: " + encoded.joined(separator: "; ")
    }
}
