import Foundation
import Testing
import TestSupport
import VideoIO
import VideoVAEConfig
import VVAESupport
#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` at any instant: the destination is either untouched or complete and valid, and no temporary file
/// outlives the next run. Real files: a full-size 16z checkpoint (safetensors, float16, written here) for
/// `vvae-convert`, the demo clip for `vvae reconstruct`. `VVAE_KILL_ROUNDS` sets the kills per tool (default 8 in
/// the suite; the 30 were run by hand — Docs/HARDENING.md).
@Suite(.serialized) struct KillTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["VVAE_KILL_ROUNDS"] ?? "") ?? 8
    static let oldContent = Array("an older file that a failed run must leave as it was\n".utf8)

    /// config_16z's every weight as float16 with seeded values: the layout of a real checkpoint, 927 MB.
    static func fullSizeCheckpoint(at path: String) throws {
        let specs = try ShippedModelConfig.z16.load().expectedWeights()
        var header: [String: Any] = ["__metadata__": ["format": "pt"]]
        var offset = 0
        for spec in specs {
            let bytes = spec.elementCount * 2
            header[spec.key] = ["dtype": "F16", "shape": spec.shape, "data_offsets": [offset, offset + bytes]]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: Data((0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * UInt64($0))) }) + json)
        var random = SplitMix64(seed: 5)
        var written = 0
        while written < offset {
            let count = min(8 << 20, offset - written)
            // Halves of magnitude below 1 (exponent bits 0x2C00…0x3BFF), random sign and mantissa.
            let block = [UInt16](unsafeUninitializedCapacity: count / 2) { buffer, initialized in
                for index in 0..<(count / 2) {
                    let bits = random.next()
                    buffer[index] = UInt16(truncatingIfNeeded: 0x2C00 + (bits & 0x0FFF)) | UInt16(truncatingIfNeeded: (bits >> 20) & 0x8000)
                }
                initialized = count / 2
            }
            try handle.write(contentsOf: block.withUnsafeBytes { Data($0) })
            written += count
        }
    }

    /// Starts `tool`, SIGKILLs it after `delay` seconds (if it still runs), and waits for it.
    static func runAndKill(_ tool: String, _ arguments: [String], after delay: Double) throws -> Bool {
        let process = Process()
        process.executableURL = ToolRunner.productsDirectory.appendingPathComponent(tool)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["VVAE_OPENBLAS_RELAUNCH": "off (tests)"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(delay)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return killed
    }

    static func partials(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".partial-") }
    }

    /// Kills `tool` writing `destination` (which holds `oldContent` first) at `rounds` seeded instants over its
    /// measured run time; after each, `isComplete` must hold or the old bytes must be there. A last full run in the
    /// folder must leave no temporary file of any killed run.
    static func check(tool: String, arguments: [String], destination: String, folder: URL, seed: UInt64,
                      isComplete: (String) throws -> Bool) throws {
        let started = Date()
        let reference = try ToolRunner.run(tool, arguments + ["--force"])
        #expect(reference.status == 0, "\(reference.standardError)")
        let duration = Date().timeIntervalSince(started)
        #expect(try isComplete(destination))
        var random = SplitMix64(seed: seed)
        var killedCount = 0
        for _ in 0..<rounds {
            try Data(oldContent).write(to: URL(fileURLWithPath: destination))
            let delay = duration * Double(random.next() % 1000) / 1000
            if try runAndKill(tool, arguments + ["--force"], after: delay) { killedCount += 1 }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: destination)))
            if bytes != oldContent {
                #expect(try isComplete(destination), "\(tool) killed after \(delay) s left an incomplete \(destination)")
            }
        }
        #expect(killedCount >= rounds / 2, "only \(killedCount) of \(rounds) runs were still running when killed")
        let last = try ToolRunner.run(tool, arguments + ["--force"])
        #expect(last.status == 0, "\(last.standardError)")
        #expect(try partials(in: folder) == [], "temporary files outlived the next run")
        #expect(try isComplete(destination))
    }

    @Test func convertKilledAtAnyInstantLeavesTheOldFileOrTheWholeNewOne() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-kill-convert")
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("full16z.safetensors").path
        try Self.fullSizeCheckpoint(at: checkpoint)
        let size = try FileManager.default.attributesOfItem(atPath: checkpoint)[.size] as? Int ?? 0
        #expect(size > 500_000_000, "checkpoint of \(size) bytes")
        let destination = folder.appendingPathComponent("out.h5").path
        try Self.check(tool: "vvae-convert", arguments: [checkpoint, destination, "--quiet"], destination: destination,
                       folder: folder, seed: 21) { path in
            try ToolRunner.run("vvae-inspect", ["--verify", path]).status == 0
        }
    }

    @Test func reconstructKilledAtAnyInstantLeavesTheOldFileOrTheWholeNewOne() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-kill-reconstruct")
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("demo16.h5").path
        let convert = try ToolRunner.run("vvae-convert", [FixturePaths.fixture("demo/demo16.ckpt").path, weights,
                                                          "--config", FixturePaths.fixture("demo/config.yaml").path, "--quiet"])
        #expect(convert.status == 0, "\(convert.standardError)")
        let destination = folder.appendingPathComponent("rec.mp4").path
        try Self.check(tool: "vvae", arguments: ["reconstruct", "--weights", weights, FixturePaths.fixture("demo/clip.mp4").path,
                                                 "-o", destination, "--quiet"], destination: destination, folder: folder, seed: 22) { path in
            (try? VideoProbe(path: path))?.frameCount == 16
        }
    }
}
