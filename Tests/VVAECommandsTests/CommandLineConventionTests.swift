import Foundation
import Testing
import TestSupport

/// One convention for every executable (issue 14): each names itself; an unknown option is named as such; a usage
/// error exits 64 with the failing command's usage; a runtime failure exits 1 with one line and no usage.
struct CommandLineConventionTests {
    @Test(arguments: ["vvae", "vvae-convert", "vvae-inspect"])
    func eachExecutableNamesItselfInVersionUsageAndCompletions(tool: String) throws {
        let version = try ToolRunner.run(tool, ["--version"])
        #expect(version.status == 0, "\(version.standardError)")
        #expect(version.standardOutput == "0.1.0\n")
        let help = try ToolRunner.run(tool, ["--help"])
        #expect(help.standardOutput.contains("USAGE: \(tool) "), "\(help.standardOutput.prefix(300))")
        let zsh = try ToolRunner.run(tool, ["--generate-completion-script", "zsh"])
        #expect(zsh.standardOutput.hasPrefix("#compdef \(tool)\n"), "\(zsh.standardOutput.prefix(80))")
    }

    /// An option no command knows, before the positionals, is named — not taken for a file.
    @Test(arguments: [
        ("vvae-inspect", ["--compare", "--tolerance", "1e-2", "a.ckpt", "b.h5"], "--tolerance", "vvae-inspect <files>"),
        ("vvae", ["reconstruct", "--chunk-overlapp", "4", "short.mp4", "-o", "x.mp4"], "--chunk-overlapp", "vvae reconstruct [<options>]"),
        ("vvae", ["bench", "convert", "--bogus", "x.ckpt"], "--bogus", "vvae bench convert <checkpoint>"),
        ("vvae-convert", ["-z", "a.ckpt", "b.h5"], "-z", "vvae-convert <checkpoint> <output>"),
    ] as [(String, [String], String, String)])
    func unknownOptionsAreNamed(tool: String, arguments: [String], option: String, usage: String) throws {
        let result = try ToolRunner.run(tool, arguments)
        #expect(result.status == 64)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        #expect(lines.first == "Error: Unknown option '\(option)'", "\(result.standardError)")
        #expect(lines.dropFirst().first?.hasPrefix("Usage: \(usage)") == true, "\(result.standardError)")
    }

    /// An output that exists is a usage error everywhere: exit 64, the message and the command's usage.
    @Test func anExistingOutputIsAUsageErrorInEveryTool() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let existing = folder.appendingPathComponent("out.h5").path
        FileManager.default.createFile(atPath: existing, contents: Data("keep me".utf8))
        let clip = FixturePaths.fixture("demo/clip.mp4").path
        for (tool, arguments, usage) in [
            ("vvae-convert", [FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path, existing], "Usage: vvae-convert "),
            ("vvae", ["encode", "--weights", VideoCommandMedia.tiny16zWeights, clip, "-o", existing], "Usage: vvae encode "),
        ] {
            let result = try ToolRunner.run(tool, arguments)
            #expect(result.status == 64, "\(tool): \(result.standardError)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.first == "Error: \(existing): already exists (pass --force to overwrite)", "\(result.standardError)")
            #expect(lines.dropFirst().first?.hasPrefix(usage) == true, "\(result.standardError)")
        }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
    }

    /// Runtime failures: one line naming the file and the fix, exit 1, no usage.
    @Test func runtimeFailuresAreOneLineNamingTheFileAndTheFix() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = FixturePaths.fixture("demo/demo16.ckpt").path
        let cases: [(String, [String], String)] = [
            ("vvae", ["reconstruct", "--weights", checkpoint, FixturePaths.fixture("demo/clip.mp4").path, "-o", folder.appendingPathComponent("r.mp4").path],
             "Error: \(checkpoint): is a PyTorch checkpoint (zip container), not a vvae weight file; convert it first: vvae-convert \(checkpoint) demo16.h5"),
            ("vvae-inspect", [folder.path], "Error: \(folder.path): is a folder, not a checkpoint or weight file"),
        ]
        for (tool, arguments, message) in cases {
            let result = try ToolRunner.run(tool, arguments)
            #expect(result.status == 1, "\(tool) \(arguments): \(result.standardError)")
            #expect(result.standardError.hasPrefix(message), "\(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
            #expect(!result.standardError.contains("Usage"))
        }
    }

    /// One frame is "1 frame", and an image output is not said to be compressed.
    @Test func anImageReconstructionSaysOneFrameAndNoVideoCompression() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = folder.appendingPathComponent("still.png").path
        try VideoCommandMedia.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=32x24", "-frames:v", "1", image])
        let output = folder.appendingPathComponent("out.png").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", VideoCommandMedia.tiny16zWeights, image, "-o", output, "--metrics"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("1 frame,") || result.standardOutput.contains("1 frame "), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("1 frames"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("(8-bit RGB; SSIM"), "\(result.standardOutput)")
    }
}
