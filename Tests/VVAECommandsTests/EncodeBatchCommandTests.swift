import Foundation
import Testing
import TestSupport
import VideoIO
import VVAEPipeline

/// `vvae encode-batch` through the executable: shards in parallel processes, failures logged, resume after a kill.
struct EncodeBatchCommandTests {
    private var weights: String { VideoCommandMedia.tiny16zWeights }

    /// Six clips: two plain, one of odd size, one with audio, one that is no video, one in a subfolder; and the list.
    private func dataset(in folder: URL) throws -> (list: String, good: [String], broken: String) {
        let clips = folder.appendingPathComponent("clips")
        try FileManager.default.createDirectory(at: clips.appendingPathComponent("sub"), withIntermediateDirectories: true)
        _ = try VideoCommandMedia.clip(in: clips, name: "a.mkv", width: 32, height: 24, frames: 8, audioEncoder: nil)
        _ = try VideoCommandMedia.clip(in: clips, name: "odd.mkv", width: 31, height: 17, frames: 5, audioEncoder: nil)
        _ = try VideoCommandMedia.clip(in: clips, name: "audio.mkv", width: 32, height: 32, frames: 8, audioEncoder: "flac")
        _ = try VideoCommandMedia.clip(in: clips.appendingPathComponent("sub"), name: "b.mkv", width: 24, height: 32, frames: 12, audioEncoder: nil)
        _ = try VideoCommandMedia.clip(in: clips, name: "c.mkv", width: 16, height: 16, frames: 4, audioEncoder: nil)
        try Data("not a video".utf8).write(to: clips.appendingPathComponent("broken.mp4"))
        let list = clips.appendingPathComponent("videos.txt")
        try Data("# the test's dataset\na.mkv\nodd.mkv\n\naudio.mkv\nbroken.mp4\n./sub/b.mkv\nc.mkv\na.mkv\n".utf8).write(to: list)
        return (list.path, ["a.mkv", "odd.mkv", "audio.mkv", "sub/b.mkv", "c.mkv"], "broken.mp4")
    }

    /// `vvae` with `arguments`, running in the background, its output discarded.
    private func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = ToolRunner.productsDirectory.appendingPathComponent("vvae")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["VVAE_OPENBLAS_RELAUNCH": "off (tests)"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts every run at once and waits for all: shards are separate processes, as on a cluster.
    private func runTogether(_ runs: [[String]]) throws -> [Int32] {
        let processes = try runs.map(start)
        return processes.map { process in
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    private func manifests(in folder: URL) throws -> [BatchRecord] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("manifest-") }.sorted()
            .flatMap { try BatchManifest.read(folder.appendingPathComponent($0).path) }
    }

    @Test func threeShardsInParallelEncodeEveryGoodVideoOnceAsASingleEncodeWould() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (list, good, broken) = try dataset(in: folder)
        let out = folder.appendingPathComponent("latents")
        let statuses = try runTogether((0..<3).map { shard in
            ["encode-batch", "--weights", weights, "--list", list, "--out-dir", out.path, "--shard", "\(shard)/3", "--threads", "1", "--quiet"]
        })
        let records = try manifests(in: out)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("manifest-") })
                == ["manifest-0-of-3.jsonl", "manifest-1-of-3.jsonl", "manifest-2-of-3.jsonl"])
        #expect(records.map(\.path).sorted() == (good + [broken]).sorted(), "\(records)")
        // Place 3 (broken.mp4) belongs to shard 0: that shard fails, the other two succeed.
        #expect(statuses == [1, 0, 0])
        let failed = records.filter { $0.status == .failed }
        #expect(failed.map(\.path) == [broken])
        #expect(failed.first?.error?.contains("broken.mp4") == true)
        for record in records where record.status != .failed {
            #expect(record.status == .ok)
            let batch = try LatentFile.read(out.appendingPathComponent(record.output ?? "").path)
            let single = folder.appendingPathComponent("single.h5").path
            let encode = try ToolRunner.run("vvae", ["encode", "--weights", weights, folder.appendingPathComponent("clips/\(record.path)").path,
                                                     "-o", single, "--threads", "1", "--force", "--quiet"])
            #expect(encode.status == 0, "\(encode.standardError)")
            let alone = try LatentFile.read(single)
            #expect(batch.latent.shape == alone.latent.shape && batch.latent.scalars == alone.latent.scalars, "\(record.path)")
            #expect(record.latentShape == alone.latent.shape && record.frames == alone.frameCount && record.width == alone.width)
            #expect((batch.audio != nil) == (record.path == "audio.mkv"))
        }
    }

    @Test func aRunKilledMidwayIsFinishedByTheNextWithoutRedoingDoneVideos() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (list, good, _) = try dataset(in: folder)
        let out = folder.appendingPathComponent("latents")
        let manifest = out.appendingPathComponent("manifest-0-of-1.jsonl").path
        let arguments = ["encode-batch", "--weights", weights, "--list", list, "--out-dir", out.path, "--threads", "1", "--quiet"]
        let process = try start(arguments)
        // Kill it once two videos are done.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, ((try? BatchManifest.read(manifest)) ?? []).count < 2, process.isRunning { usleep(20_000) }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(wasRunning, "the batch ended before it could be killed")
        let first = try BatchManifest.read(manifest)
        let done = Set(first.filter { $0.status == .ok }.map(\.path))
        #expect(done.count >= 2 && done.count < good.count, "\(first)")
        var stamps: [String: Date] = [:]
        for path in done {
            stamps[path] = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path + ".h5").path)[.modificationDate] as? Date
        }
        let again = try ToolRunner.run("vvae", arguments)
        #expect(again.status == 1, "\(again.standardError)")  // broken.mp4
        let second = Array(try BatchManifest.read(manifest).dropFirst(first.count))
        #expect(second.count == good.count + 1)
        for record in second {
            if done.contains(record.path) {
                #expect(record.status == .skipped, "\(record.path) redone")
                let stamp = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(record.path + ".h5").path)[.modificationDate] as? Date
                #expect(stamp == stamps[record.path])
            } else if good.contains(record.path) {
                // Encoded now, unless the killed run had finished it but not yet logged it.
                #expect(record.status == .ok || record.status == .skipped, "\(record)")
            }
        }
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { $0.contains(".partial-") }
        #expect(leftovers == [])
        #expect(Set(good.map { $0 + ".h5" }).isSubset(of: Set(try FileManager.default.subpathsOfDirectory(atPath: out.path))))
    }

    @Test(arguments: [
        (["--shard", "3/3"], "--shard must be K/N"),
        (["--shard", "x"], "--shard must be K/N"),
        (["--chunk-frames", "6"], "--chunk-frames 6"),
        (["--chunk-overlap", "16"], "--chunk-overlap must be"),
    ])
    func badFlagsAreUsageErrors(flags: [String], message: String) throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("list.txt")
        try Data("a.mp4\n".utf8).write(to: list)
        let out = folder.appendingPathComponent("out").path
        let result = try ToolRunner.run("vvae", ["encode-batch", "--weights", weights, "--list", list.path, "--out-dir", out] + flags)
        #expect(result.status == 64, "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }
}
