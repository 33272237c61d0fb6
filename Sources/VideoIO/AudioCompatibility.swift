/// Which audio codecs each output container takes by stream copy, and what audio is encoded to when it cannot be
/// copied. A table rather than trial and error, so the choice is made (and reported) before any frame is written.
///
/// The copyable sets list pairs that are standard for the container and that ffmpeg (5.1 and later) muxes without
/// `-strict experimental`; a codec not listed is re-encoded even where some player might cope, because a file that
/// plays is worth more than a copy that might not (e.g. FLAC in MP4 is still experimental in ffmpeg 5.1, Vorbis in
/// MP4 is not a registered mapping, PCM has no place in MP4 or WebM). Each listed pair is checked against the
/// installed ffmpeg by Tests/VideoIOTests/AudioFallbackTests.swift.
public enum AudioCompatibility {
    /// An ffmpeg audio encoder and the codec it produces.
    public struct Encoding: Sendable, Equatable {
        public let encoder: String
        public let codec: String
    }

    private static let linearPCM: Set<String> = [
        "pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s24be", "pcm_s32le", "pcm_s32be",
        "pcm_f32le", "pcm_f32be", "pcm_f64le", "pcm_f64be", "pcm_u8",
    ]

    /// Codecs copied untouched into each container.
    static func copyable(into container: OutputContainer) -> Set<String> {
        switch container {
        case .mp4:
            return ["aac", "mp3", "mp2", "ac3", "eac3", "alac", "opus"]
        case .mov:
            return linearPCM.union(["aac", "mp3", "mp2", "ac3", "eac3", "alac", "pcm_s8", "pcm_alaw", "pcm_mulaw"])
        case .matroska:
            // Matroska stores float PCM little-endian only.
            return linearPCM.subtracting(["pcm_f32be", "pcm_f64be"])
                .union(["aac", "mp3", "mp2", "ac3", "eac3", "dts", "truehd", "flac", "opus", "vorbis", "alac", "wavpack", "tta"])
        case .webm:
            return ["opus", "vorbis"]
        case .avi:
            // AAC is left out: AVI cannot signal the encoder delay, so copied AAC comes out a frame (~23 ms) long.
            return ["mp3", "mp2", "ac3", "pcm_s16le", "pcm_u8", "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_alaw", "pcm_mulaw"]
        case .png:
            return []
        }
    }

    public static func canCopy(codec: String, into container: OutputContainer) -> Bool {
        copyable(into: container).contains(codec)
    }

    /// What audio that cannot be copied becomes: AAC (ffmpeg's own encoder, always built) for MP4, MOV and MKV, Opus
    /// for WebM, 16-bit PCM for AVI (no AAC/MP3 encoder is guaranteed to be built for it); nil for an image.
    public static func fallback(for container: OutputContainer) -> Encoding? {
        switch container {
        case .mp4, .mov, .matroska: return Encoding(encoder: "aac", codec: "aac")
        case .webm: return Encoding(encoder: "libopus", codec: "opus")
        case .avi: return Encoding(encoder: "pcm_s16le", codec: "pcm_s16le")
        case .png: return nil
        }
    }
}
