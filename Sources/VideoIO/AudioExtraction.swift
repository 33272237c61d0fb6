import Foundation
import VVAESupport

/// The audio of a media file on its own, as the bytes of a Matroska file — so it can travel inside another file (a
/// latent file) and be put back beside decoded video later. Matroska holds nearly every codec, so the streams are
/// copied untouched; one it does not hold is re-encoded by the same table as any output (`AudioPlan`).
public enum AudioExtraction {
    /// The audio streams of `source` as Matroska bytes and how each was carried; nil when `source` has no audio.
    public static func matroska(from source: String, tools: FFmpegTools? = nil,
                                timeout: TimeInterval = 600) throws -> (bytes: Data, plan: AudioPlan)? {
        let tools = try tools ?? FFmpegTools.locate()
        guard let plan = try AudioPlan(probing: source, container: .matroska, tools: tools) else { return nil }
        let temporary = temporaryFile(extension: "mka")
        InterruptCleanup.track(temporary.path)
        defer {
            try? FileManager.default.removeItem(at: temporary)
            InterruptCleanup.untrack(temporary.path)
        }
        let arguments = ["-v", "error", "-hide_banner", "-y", "-i", FFmpegTools.fileArgument(source)]
            + plan.arguments(input: 0) + ["-vn", "-sn", "-dn", "-f", "matroska", FFmpegTools.fileArgument(temporary.path)]
        let child = try ChildProcess(executable: tools.ffmpeg, arguments: arguments, input: .none, output: .discard)
        guard let status = child.waitForExit(timeout: timeout) else {
            throw VideoIOError.timedOut(path: source, program: "ffmpeg", seconds: timeout)
        }
        guard status == 0 else {
            throw VideoIOError.ffmpegFailed(path: source, program: "ffmpeg", status: status, detail: child.stderrSummary())
        }
        return (try Data(contentsOf: temporary), plan)
    }

    /// Writes Matroska audio bytes to a temporary `.mka` (removed on interruption) for use as a writer's
    /// `audioSource`; the caller removes it when done.
    public static func temporaryMatroska(_ bytes: Data) throws -> URL {
        let url = temporaryFile(extension: "mka")
        InterruptCleanup.track(url.path)
        try bytes.write(to: url)
        return url
    }

    /// Removes a file made by `temporaryMatroska`.
    public static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
        InterruptCleanup.untrack(url.path)
    }

    private static func temporaryFile(extension ext: String) -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("vvae-audio-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8)).\(ext)")
    }
}
