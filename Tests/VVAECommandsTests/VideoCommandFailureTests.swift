import VVAEPipeline
import Foundation
import HDF5Kit
import Testing
import TestSupport
import VideoIO

/// The issue's failure list, end to end: each bad input or output gets an error naming the file and what is wrong,
/// a non-zero exit, and no output — not even a temporary file — left behind.
@Suite(.timeLimit(.minutes(5)))
struct VideoCommandFailureTests {
    private var weights: String { VideoCommandMedia.tiny16zWeights }

    /// Runs `vvae reconstruct INPUT -o folder/out.mp4`, expects failure with `message` and nothing written.
    private func expectRefusal(_ input: String, in folder: URL, message: String, output: String = "out.mp4",
                               environment: [String: String]? = nil) throws {
        let target = folder.appendingPathComponent(output).path
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, input, "-o", target], environment: environment)
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(try VideoCommandMedia.leftovers(in: folder, keep: before) == [])
    }

    @Test func mp4WithoutItsIndexIsTruncated() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, name: "whole.mp4", width: 64, height: 48, frames: 30,
                                              videoEncoder: ["-c:v", "libx264", "-pix_fmt", "yuv420p"], audioEncoder: nil)
        let data = try Data(contentsOf: URL(fileURLWithPath: clip))
        let cut = folder.appendingPathComponent("cut.mp4").path
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        try expectRefusal(cut, in: folder, message: "\(cut): the file is truncated or incomplete")
    }

    /// Probing succeeds (index at the front), so work starts; the reader then runs out of data in the second chunk.
    @Test func videoCutInItsDataStopsWithAnErrorAndNoOutput() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, name: "whole.mp4", width: 64, height: 48, frames: 30,
                                              videoEncoder: ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
                                              audioEncoder: nil)
        let data = try Data(contentsOf: URL(fileURLWithPath: clip))
        let cut = folder.appendingPathComponent("cut.mp4").path
        try data.prefix(data.count - 200).write(to: URL(fileURLWithPath: cut))
        try expectRefusal(cut, in: folder, message: "\(cut): decoding stopped after")
    }

    @Test func videoWithZeroFrames() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.y4m").path
        try Data("YUV4MPEG2 W90 H70 F25:1 Ip A1:1 C420jpeg\n".utf8).write(to: URL(fileURLWithPath: empty))
        try expectRefusal(empty, in: folder, message: "\(empty): the video stream has no frames")
    }

    /// An AVI whose video FourCC no decoder knows: ffprobe reports no pixel format.
    @Test func videoWithAnUndecodablePixelFormat() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, name: "ok.avi", width: 32, height: 32, frames: 3,
                                              videoEncoder: ["-c:v", "mpeg4"], audioEncoder: nil)
        // The FourCC stands twice in the header (stream header and bitmap info); rename both.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: clip)))
        let tag = Array("FMP4".utf8)
        var replaced = 0
        for index in 0..<(min(bytes.count, 4096) - 3) where Array(bytes[index..<(index + 4)]) == tag {
            bytes.replaceSubrange(index..<(index + 4), with: Array("ZZZZ".utf8))
            replaced += 1
        }
        #expect(replaced == 2)
        let weird = folder.appendingPathComponent("weird.avi").path
        try Data(bytes).write(to: URL(fileURLWithPath: weird))
        try expectRefusal(weird, in: folder, message: "\(weird): unsupported pixel format")
    }

    @Test func textFileNamedLikeAVideo() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.mkv").path
        try Data("not a video\n".utf8).write(to: URL(fileURLWithPath: text))
        try expectRefusal(text, in: folder, message: "\(text): not a video or image file ffmpeg can read")
    }

    @Test func missingOrUnwritableOutputFolder() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 32, frames: 4, audioEncoder: nil)
        let missing = "/nonexistent-vvae-folder/out.mp4"
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", missing])
        #expect(result.status != 0)
        #expect(result.standardError.contains(missing), "\(result.standardError)")
        // /proc takes no new files, even from root: refused, nothing written.
        let proc = "/proc/vvae-out.mp4"
        let refused = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", proc])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains(proc), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: proc))
    }

    @Test func existingOutputIsKeptWithoutForce() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 32, frames: 4, audioEncoder: nil)
        for command in ["reconstruct", "encode", "decode"] {
            let existing = folder.appendingPathComponent("taken-\(command).\(command == "encode" ? "h5" : "mp4")").path
            try Data("keep".utf8).write(to: URL(fileURLWithPath: existing))
            let result = try ToolRunner.run("vvae", [command, "--weights", weights, clip, "-o", existing])
            #expect(result.status != 0)
            #expect(result.standardError.contains("\(existing): already exists (pass --force to overwrite)"), "\(result.standardError)")
            #expect(FileManager.default.contents(atPath: existing) == Data("keep".utf8))
        }
    }

    @Test func missingFFmpegSaysHowToInstallIt() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 32, frames: 4, audioEncoder: nil)
        try expectRefusal(clip, in: folder, message: "ffmpeg was not found on PATH",
                          environment: ["PATH": "/nonexistent-vvae-bin", "VVAE_FFMPEG": "", "VVAE_FFPROBE": ""])
    }

    /// A 4-frame 32×32 clip encoded into `folder/latents.h5` with the tiny16z weights.
    private func encodedLatent(in folder: URL) throws -> String {
        let clip = try VideoCommandMedia.clip(in: folder, width: 32, height: 32, frames: 4, audioEncoder: nil)
        let latent = folder.appendingPathComponent("latents.h5").path
        let encode = try ToolRunner.run("vvae", ["encode", "--weights", weights, clip, "-o", latent, "--quiet"])
        #expect(encode.status == 0, "\(encode.standardError)")
        return latent
    }

    @Test func latentFilesFromOtherWeightsOrNoneAtAllAreRefused() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let latent = try encodedLatent(in: folder)
        let other = folder.appendingPathComponent("tiny4z.h5").path
        let convert = try ToolRunner.run("vvae-convert", [FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path, other,
                                                          "--config", FixturePaths.fixture("models/tiny4z/config.yaml").path, "--quiet"])
        #expect(convert.status == 0)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        let wrong = try ToolRunner.run("vvae", ["decode", "--weights", other, latent, "-o", folder.appendingPathComponent("x.mp4").path])
        #expect(wrong.status != 0)
        // Both weight files' configs are called config.yaml: the checkpoints' names and SHA-256 tell them apart.
        #expect(wrong.standardError.contains("\(latent): was encoded by the weights of checkpoint tiny16z.ckpt (SHA-256 "),
                "\(wrong.standardError)")
        #expect(wrong.standardError.contains("not those of checkpoint tiny4z.ckpt (SHA-256 "), "\(wrong.standardError)")
        #expect(wrong.standardError.contains("config config.yaml) that \(other) was converted from; decode it with the weight file that encoded it"),
                "\(wrong.standardError)")
        // A weight file is an HDF5 file too, but not a latent file.
        let notLatent = try ToolRunner.run("vvae", ["decode", "--weights", weights, other, "-o", folder.appendingPathComponent("y.mp4").path])
        #expect(notLatent.status != 0)
        #expect(notLatent.standardError.contains("\(other): is a vvae VAE weight file, not a latent file"), "\(notLatent.standardError)")
        #expect(try VideoCommandMedia.leftovers(in: folder, keep: before) == [])
    }

    /// A latent file's attributes are untrusted: a chunk length the model cannot run, a zero frame count or a huge
    /// size is an error naming the file and the attribute, never a trap.
    @Test func hostileLatentFileAttributesAreRefused() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let latent = try encodedLatent(in: folder)
        let cases: [(attributes: [(String, Int64)], message: String)] = [
            ([("chunk_frames", 6)], "chunk_frames = 6 do not fit these weights"),
            ([("chunk_frames", 0)], "attribute chunk_frames = 0 is outside"),
            ([("frame_count", 0)], "attribute frame_count = 0 is outside"),
            ([("width", Int64.max)], "attribute width = 9223372036854775807 is outside"),
            ([("fps_denominator", -1)], "attribute fps_denominator = -1 is outside"),
            ([("format_version", 3)], "latent file format version 3 is newer than this vvae reads (2)"),
            ([("format_version", 2), ("chunk_overlap", -4)], "attribute chunk_overlap = -4 is outside"),
            ([("format_version", 2), ("chunk_overlap", 3)], "chunk_overlap = 3 do not fit these weights"),
        ]
        for (index, (attributes, message)) in cases.enumerated() {
            let attribute = attributes.map { "\($0.0) = \($0.1)" }.joined(separator: ", ")
            let copy = folder.appendingPathComponent("hostile-\(index).h5").path
            try FileManager.default.copyItem(atPath: latent, toPath: copy)
            let file = try HDF5File.open(atPath: copy, mode: .readWrite)
            for (name, number) in attributes { try file.setAttribute(name, .int64(number)) }
            try file.close()
            let before = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
            let result = try ToolRunner.run("vvae", ["decode", "--weights", weights, copy, "-o", folder.appendingPathComponent("x.mp4").path])
            #expect(result.status == 1, "\(attribute): exit \(result.status)")
            #expect(result.standardError.contains("\(copy): "), "\(result.standardError)")
            #expect(result.standardError.contains(message), "\(result.standardError)")
            #expect(try VideoCommandMedia.leftovers(in: folder, keep: before) == [])
        }
    }
}
