import Foundation
import Testing
import TestSupport
import VideoIO

/// Inputs for the video commands' tests, made on the spot with ffmpeg's test sources, and the tiny 16z fixture
/// and demo models converted once per test process.
enum VideoCommandMedia {
    /// `Fixtures/models/tiny16z` as a weight file (spatial factor 2, temporal factor 4).
    static let tiny16zWeights = converted("models/tiny16z/tiny16z.ckpt", config: "models/tiny16z/config.yaml")

    /// The bundled demo model (`Fixtures/demo`) as a weight file: large enough that a chunk of the demo clip takes
    /// a second or more.
    static let demo16Weights = converted("demo/demo16.ckpt", config: "demo/config.yaml")

    /// A fixture checkpoint converted by `vvae-convert` into a temporary folder (once per test process, through the
    /// static properties above).
    private static func converted(_ checkpoint: String, config: String) -> String {
        let name = URL(fileURLWithPath: checkpoint).deletingPathExtension().lastPathComponent
        do {
            let output = try FixturePaths.temporaryDirectory("vvae-weights").appendingPathComponent("\(name).h5").path
            let result = try ToolRunner.run("vvae-convert", [FixturePaths.fixture(checkpoint).path, output,
                                                             "--config", FixturePaths.fixture(config).path, "--quiet"])
            precondition(result.status == 0, result.standardError)
            return output
        } catch {
            fatalError("cannot convert the fixture \(checkpoint): \(error)")
        }
    }

    /// Runs ffmpeg with `arguments`; fails the test with its stderr when it fails.
    static func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FFmpegTools.locate().ffmpeg)
        process.arguments = ["-nostdin", "-v", "error", "-y"] + arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let detail = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ffmpeg \(arguments): \(detail)")
    }

    /// `testsrc2` of exactly `frames` frames at `rate`, stored losslessly (FFV1, RGB) unless `videoEncoder` says
    /// otherwise, with 2 s of 440 Hz sine audio encoded by `audioEncoder` (none if nil).
    static func clip(in folder: URL, name: String = "clip.mkv", width: Int, height: Int, frames: Int,
                     rate: String = "30000/1001", videoEncoder: [String] = ["-c:v", "ffv1", "-pix_fmt", "bgr0"],
                     audioEncoder: String? = "aac") throws -> String {
        let path = folder.appendingPathComponent(name).path
        // testsrc2 draws in 4:2:0, where crop keeps sizes even, so odd sizes are cropped in RGB from the next even
        // size; trim ends the video source itself, so the audio is not cut short as -frames:v would cut it.
        let source = "testsrc2=size=\(width + width % 2)x\(height + height % 2):rate=\(rate),format=rgb24,crop=\(width):\(height):0:0,trim=end_frame=\(frames)"
        var arguments = ["-f", "lavfi", "-i", source]
        if let audioEncoder {
            arguments += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", "-c:a", audioEncoder]
        }
        try ffmpeg(arguments + videoEncoder + [path])
        return path
    }

    /// Files in `folder` other than `keep` — what a failed run must not leave behind (outputs, `.partial-…` files).
    static func leftovers(in folder: URL, keep: Set<String>) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !keep.contains($0) }.sorted()
    }
}
