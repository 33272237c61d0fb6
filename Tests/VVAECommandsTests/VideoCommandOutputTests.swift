import VVAEPipeline
import Foundation
import HDF5Kit
import Testing
import TestSupport
import VideoIO
import VVAERuntime
@testable import VVAECommands

/// What the video commands say and what they put beside the frames: metrics, progress, --quiet, and the audio.
@Suite(.timeLimit(.minutes(5)))
struct VideoCommandOutputTests {
    private var weights: String { VideoCommandMedia.tiny16zWeights }

    private func audioSummary(_ path: String) throws -> (codecs: [String], duration: Double?) {
        let streams = try AudioStreams(path: path)
        return (streams.codecs, streams.streams.first?.duration)
    }

    @Test func flacAudioIsReencodedForAnMP4AndTheOutputSaysSo() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 24, frames: 6, audioEncoder: "flac")
        let output = folder.appendingPathComponent("rec.mp4").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("audio: flac cannot be copied into mp4; re-encoding it as aac"))
        let audio = try audioSummary(output)
        #expect(audio.codecs == ["aac"])
        #expect(abs((audio.duration ?? 0) - 2) < 0.001, "\(audio)")
        #expect(try VideoProbe(path: output).frameCount == 6)
    }

    /// The latent file carries the source's audio: decoded into an MKV it is the same packets, into an MP4 (which
    /// cannot hold FLAC) it is re-encoded as AAC, said so, and as long as the source's.
    @Test func latentFilesKeepTheAudioForDecode() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 24, frames: 6, audioEncoder: "flac")
        let latent = folder.appendingPathComponent("latents.h5").path
        let encode = try ToolRunner.run("vvae", ["encode", "--weights", weights, clip, "-o", latent, "--quiet"])
        #expect(encode.status == 0, "\(encode.standardError)")
        let stored = try #require(try LatentFile.read(latent).audio)
        #expect(stored.codecs == ["flac"])
        let info = try ToolRunner.run("vvae", ["info", latent])
        #expect(info.standardOutput.contains("audio: flac (\(stored.matroska.count) bytes), restored by vvae decode"), "\(info.standardOutput)")

        let mkv = folder.appendingPathComponent("decoded.mkv").path
        let decode = try ToolRunner.run("vvae", ["decode", "--weights", weights, latent, "-o", mkv])
        #expect(decode.status == 0, "\(decode.standardError)")
        #expect(!decode.standardOutput.contains("audio:"))
        #expect(try packetDigest(mkv) == packetDigest(clip))
        #expect(try VideoProbe(path: mkv).frameCount == 6)

        let mp4 = folder.appendingPathComponent("decoded.mp4").path
        let scratch = folder.appendingPathComponent("tmp", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let toMP4 = try ToolRunner.run("vvae", ["decode", "--weights", weights, latent, "-o", mp4],
                                       environment: ["TMPDIR": scratch.path])
        #expect(toMP4.status == 0, "\(toMP4.standardError)")
        #expect(toMP4.standardOutput.contains("audio: flac cannot be copied into mp4; re-encoding it as aac"))
        let audio = try audioSummary(mp4)
        #expect(audio.codecs == ["aac"])
        #expect(abs((audio.duration ?? 0) - 2) < 0.001, "\(audio)")
        // The audio went through a temporary file, which is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [])
    }

    /// MD5 of the audio packets as stored, to show they were copied untouched.
    private func packetDigest(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FFmpegTools.locate().ffmpeg)
        process.arguments = ["-nostdin", "-v", "error", "-i", path, "-map", "0:a", "-c", "copy", "-f", "md5", "-"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `--chunk-overlap 4`: reconstruct and encode + decode agree bit for bit (the latent file records the overlap
    /// and every chunk's latent frames); the first chunk's unshared frames equal those without overlap, and a
    /// file without overlap is still written as format version 1.
    @Test func chunkOverlapIsRecordedInTheLatentAndReproducedByDecode() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 24, frames: 14, audioEncoder: nil)
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        func vvae(_ arguments: [String]) throws {
            let result = try ToolRunner.run("vvae", arguments + ["--weights", weights, "--quiet"])
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
        }
        let chunking = ["--chunk-frames", "8", "--chunk-overlap", "4"]
        try vvae(["reconstruct", clip, "-o", path("overlap.npy")] + chunking)
        try vvae(["reconstruct", clip, "-o", path("plain.npy"), "--chunk-frames", "8"])
        try vvae(["encode", clip, "-o", path("overlap.h5")] + chunking)
        try vvae(["encode", clip, "-o", path("plain.h5"), "--chunk-frames", "8"])
        try vvae(["decode", path("overlap.h5"), "-o", path("decoded.npy")])

        let file = try LatentFile.read(path("overlap.h5"))
        #expect(file.chunkOverlap == 4)
        let plan = try ChunkPlan(frameCount: 14, chunkFrames: 8, temporalMultiple: 4, overlap: 4)
        #expect(file.latent.shape[2] == plan.latentFrames(temporal: 4))
        #expect(try LatentFile.read(path("plain.h5")).chunkOverlap == 0)
        #expect(try HDF5File.open(atPath: path("plain.h5")).int64Attribute("format_version") == 1)
        #expect(try HDF5File.open(atPath: path("overlap.h5")).int64Attribute("format_version") == 2)
        let info = try ToolRunner.run("vvae", ["info", path("overlap.h5")])
        #expect(info.standardOutput.contains("chunks of 8 frames, overlapping by 4"), "\(info.standardOutput)")

        let overlap = try Npy.read(at: URL(fileURLWithPath: path("overlap.npy")))
        let plain = try Npy.read(at: URL(fileURLWithPath: path("plain.npy")))
        #expect(overlap.shape == [1, 3, 14, 24, 32] && plain.shape == overlap.shape)
        #expect(try Npy.read(at: URL(fileURLWithPath: path("decoded.npy"))).scalars == overlap.scalars)
        #expect(try overlap.frames(0..<4).scalars == plain.frames(0..<4).scalars)
        #expect(try overlap.frames(4..<8).scalars != plain.frames(4..<8).scalars)
    }

    @Test func quietPrintsNothingButWhatWasAskedFor() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 24, frames: 6, audioEncoder: "flac")
        let silent = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o",
                                                 folder.appendingPathComponent("a.mp4").path, "--quiet"])
        #expect(silent.status == 0, "\(silent.standardError)")
        #expect(silent.standardOutput.isEmpty && silent.standardError.isEmpty, "\(silent)")
        let metricsOnly = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o",
                                                      folder.appendingPathComponent("b.mp4").path, "--quiet", "--metrics"])
        #expect(metricsOnly.status == 0, "\(metricsOnly.standardError)")
        let lines = metricsOnly.standardOutput.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("PSNR "), "\(metricsOnly.standardOutput)")
        #expect(metricsOnly.standardError.isEmpty)
    }

    /// The metrics line equals PSNR and SSIM computed from the .npy reconstruction (clamped to 8 bits the same way)
    /// against the input frames.
    @Test func metricsMeasureTheReconstruction() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 24, frames: 6, audioEncoder: nil)
        let output = folder.appendingPathComponent("rec.npy").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", output,
                                                 "--chunk-frames", "4", "--metrics", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        let reconstruction = try Npy.read(at: URL(fileURLWithPath: output))
        let ours = FrameTensors.frames(from: reconstruction, plan: SpatialPlan(width: 32, height: 24, multiple: 1))
        let input = try VideoReader(path: clip).readAll().map(\.pixels)
        var meter = QualityMeter()
        meter.add(ours, reference: input, width: 32, height: 24)
        let total = meter.total
        #expect(result.standardOutput.hasPrefix(String(format: "PSNR %.2f dB, SSIM %.4f over 6 frames", total.psnr ?? 0, total.ssim ?? 0)),
                "\(result.standardOutput) vs \(total)")
        #expect((total.ssim ?? 1) < 0.9 && (total.psnr ?? 99) < 30)
    }

    /// On a terminal (a pseudo-terminal made by `script`): the bar shows frames/s and ETA, and with --metrics each
    /// chunk's PSNR and SSIM get a line.
    @Test func terminalShowsRateAndPerChunkMetrics() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 24, frames: 10, audioEncoder: nil)
        let vvae = ToolRunner.productsDirectory.appendingPathComponent("vvae").path
        let output = folder.appendingPathComponent("rec.mp4").path
        let (status, text) = try onTerminal([vvae, "reconstruct", "--weights", weights, clip, "-o", output, "--chunk-frames", "8", "--metrics"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("frames/s"), "\(text)")
        #expect(text.contains("reconstructing  ["), "\(text)")
        #expect(text.contains("chunk 1/2, frames 0–7: PSNR "), "\(text)")
        #expect(text.contains("chunk 2/2, frames 8–9: PSNR "), "\(text)")
        #expect(text.contains("SSIM "), "\(text)")
    }

    /// The bar moves while the model works through a chunk, not only when the chunk ends: the demo clip is one chunk
    /// of 16 frames, and the bar is drawn at shares of it on the way (rising, never back) before 100 %.
    @Test(arguments: ["reconstruct", "encode"])
    func theBarMovesInsideAChunk(command: String) throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vvae = ToolRunner.productsDirectory.appendingPathComponent("vvae").path
        let output = folder.appendingPathComponent(command == "encode" ? "latent.h5" : "rec.mp4").path
        let (status, text) = try onTerminal([vvae, command, "--weights", VideoCommandMedia.demo16Weights,
                                             FixturePaths.fixture("demo/clip.mp4").path, "-o", output, "--threads", "1"])
        #expect(status == 0, "\(text)")
        let label = command == "encode" ? "encoding" : "reconstructing"
        let percentages = text.split(separator: "\r").compactMap { draw -> Int? in
            guard let bar = draw.range(of: "\(label)  [") , let close = draw[bar.upperBound...].firstIndex(of: "]") else { return nil }
            return Int(draw[draw.index(after: close)...].prefix(while: { $0 != "%" }).trimmingCharacters(in: .whitespaces))
        }
        #expect(percentages.last == 100, "\(text)")
        #expect(percentages.contains { $0 > 0 && $0 < 100 }, "no draw inside the chunk: \(percentages)")
        #expect(zip(percentages, percentages.dropFirst()).allSatisfy { $0 <= $1 }, "\(percentages)")
    }

    /// Runs `command` with a pseudo-terminal (made by `script`) as its standard error; its exit status and all it wrote.
    private func onTerminal(_ command: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command.map { "'\($0)'" }.joined(separator: " "), "/dev/null"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
