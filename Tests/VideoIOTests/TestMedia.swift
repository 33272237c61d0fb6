import Foundation
import TestSupport
@testable import VideoIO

/// Small inputs made on the spot with ffmpeg's built-in sources, and a known RGB pattern to check pixels exactly.
enum TestMedia {
    static let tools: FFmpegTools = {
        do { return try FFmpegTools.locate() } catch { fatalError("tests need ffmpeg: \(error)") }
    }()

    /// Runs ffmpeg (bounded wait) and fails the test with its stderr if it fails.
    @discardableResult
    static func ffmpeg(_ arguments: [String], program: String? = nil) throws -> Data {
        let child = try ChildProcess(executable: program ?? tools.ffmpeg, arguments: ["-v", "error", "-y"] + arguments,
                                     input: .none, output: .pipe)
        let data = child.output?.readDataToEndOfFile() ?? Data()
        let status = child.waitForExit(timeout: 60)
        guard status == 0 else {
            throw VideoIOError.ffmpegFailed(path: arguments.last ?? "", program: "ffmpeg", status: status ?? -1,
                                            detail: child.stderrSummary())
        }
        return data
    }

    /// `testsrc2` video of `frames` frames, optionally with a 2 s `sine` audio track (`audioEncoder`, AAC by default).
    static func clip(in folder: URL, name: String = "clip.mp4", width: Int = 90, height: Int = 70, frames: Int = 10,
                     rate: String = "30000/1001", audio: Bool = false, audioEncoder: String = "aac",
                     extra: [String] = []) throws -> String {
        let path = folder.appendingPathComponent(name).path
        // The video source ends itself after `frames` frames (trim) rather than by -frames:v, which would close the
        // whole output at once and cut the audio short.
        var arguments = ["-f", "lavfi", "-i", "testsrc2=size=\(width)x\(height):rate=\(rate),trim=end_frame=\(frames)"]
        if audio { arguments += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050:duration=2"] }
        arguments += ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
        if audio { arguments += ["-c:a", audioEncoder] }
        arguments += extra + [path]
        try ffmpeg(arguments)
        return path
    }

    /// A deterministic pattern that differs in every channel, column, row and frame.
    static func patternFrame(width: Int, height: Int, index: Int) -> VideoFrame {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let offset = (y * width + x) * 3
                pixels[offset] = UInt8((x * 7 + index * 13) & 255)
                pixels[offset + 1] = UInt8((y * 11 + index * 5) & 255)
                pixels[offset + 2] = UInt8((x * y + index * 29) & 255)
            }
        }
        return VideoFrame(unchecked: width, height, pixels)
    }

    /// Writer options that store RGB exactly (H.264 RGB, lossless).
    static let lossless = VideoWriter.Options(codec: "libx264rgb", crf: 0, pixelFormat: "rgb24")

    /// Writes `count` pattern frames losslessly and returns the path.
    static func losslessPatternVideo(in folder: URL, name: String = "pattern.mkv", width: Int, height: Int, count: Int,
                                     rate: FrameRate) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let writer = try VideoWriter(path: path, width: width, height: height, frameRate: rate, options: lossless, tools: tools)
        for index in 0..<count { try writer.write(patternFrame(width: width, height: height, index: index)) }
        try writer.finish()
        return path
    }

    /// MD5 of a file's audio packets as stored (no decoding), to show audio was copied untouched.
    static func audioPacketDigest(_ path: String) throws -> String {
        let data = try ffmpeg(["-i", path, "-map", "0:a", "-c", "copy", "-f", "md5", "-"])
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Seconds of audio in the first audio stream: the length the container states, or for containers that state
    /// none (AVI) the decoded sample count — exact for PCM, but AAC decoders add their padding, so not used for that.
    static func audioSeconds(_ path: String) throws -> Double {
        if let stated = try AudioStreams(path: path, tools: tools).streams.first?.duration { return stated }
        let data = try ffmpeg(["-i", path, "-map", "0:a:0", "-ac", "1", "-ar", "48000", "-f", "s16le", "-"])
        return Double(data.count / 2) / 48000
    }

    static func folderContents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    static func ntsc() -> FrameRate {
        FrameRate(parsing: "30000/1001") ?? .oneFramePerSecond
    }
}
