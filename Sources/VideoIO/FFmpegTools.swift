import Foundation

/// Where the `ffmpeg` and `ffprobe` programs are. Video goes through these programs (frames piped as raw RGB24),
/// the way imageio-ffmpeg does it, so the package links no codec library.
public struct FFmpegTools: Sendable, Equatable {
    public let ffmpeg: String
    public let ffprobe: String

    public init(ffmpeg: String, ffprobe: String) {
        self.ffmpeg = ffmpeg
        self.ffprobe = ffprobe
    }

    /// Finds both programs: `VVAE_FFMPEG` / `VVAE_FFPROBE` if set, else the first match on `searchPath`
    /// (default: `PATH`). Throws `VideoIOError.toolMissing` with install instructions when one is absent.
    public static func locate(searchPath: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FFmpegTools {
        let path = searchPath ?? environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        func find(_ program: String, override: String) throws -> String {
            if let explicit = environment[override], !explicit.isEmpty {
                guard FileManager.default.isExecutableFile(atPath: explicit) else { throw VideoIOError.toolMissing(program: explicit) }
                return explicit
            }
            for folder in path.split(separator: ":") where !folder.isEmpty {
                let candidate = "\(folder)/\(program)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
            throw VideoIOError.toolMissing(program: program)
        }
        return FFmpegTools(ffmpeg: try find("ffmpeg", override: "VVAE_FFMPEG"),
                           ffprobe: try find("ffprobe", override: "VVAE_FFPROBE"))
    }

    /// ffmpeg reads `a:b.mp4` as protocol `a`; the `file:` prefix on an absolute path avoids that.
    static func fileArgument(_ path: String) -> String {
        "file:" + URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
