import Foundation
import Testing
import TestSupport
import VVAESupport
@testable import VideoIO

@Suite(.timeLimit(.minutes(2)))
struct FailureTests {
    @Test func missingFFmpegSaysHowToInstallIt() {
        do {
            _ = try FFmpegTools.locate(searchPath: "/nonexistent-vvae-bin", environment: [:])
            Issue.record("expected ffmpeg to be missing")
        } catch let error as VideoIOError {
            #expect(error == .toolMissing(program: "ffmpeg"))
            #expect(error.description.contains("apt-get install ffmpeg"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func missingFile() throws {
        let path = "/nonexistent-vvae/clip.mp4"
        #expect(throws: VideoIOError.fileNotFound(path: path)) { _ = try VideoProbe(path: path, tools: TestMedia.tools) }
    }

    @Test func textFileNamedMP4IsNotAVideo() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("notes.mp4").path
        try Data("just some text\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: VideoIOError.self) { _ = try VideoReader(path: path, tools: TestMedia.tools) }
        guard case .notAVideo(let named, _) = error else { Issue.record("got \(error)"); return }
        #expect(named == path)
        #expect(error.description.hasPrefix(path))
    }

    @Test func mp4WithoutItsIndexIsTruncated() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try TestMedia.clip(in: folder, width: 64, height: 48, frames: 30)
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let cut = folder.appendingPathComponent("cut.mp4").path
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cut))
        let error = try #require(throws: VideoIOError.self) { _ = try VideoProbe(path: cut, tools: TestMedia.tools) }
        guard case .truncated(let named, let detail) = error else { Issue.record("got \(error)"); return }
        #expect(named == cut && detail.contains("moov"))
    }

    @Test func mp4CutInItsDataStopsTheReaderWithAnError() throws {
        // With the index at the front (faststart) the file probes fine; decoding then runs out of data.
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try TestMedia.clip(in: folder, width: 64, height: 48, frames: 30, extra: ["-movflags", "+faststart"])
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let cut = folder.appendingPathComponent("cut.mp4").path
        // Keep the first (large) key frame; lose the last few small ones.
        try data.prefix(data.count - 200).write(to: URL(fileURLWithPath: cut))
        let reader = try VideoReader(path: cut, tools: TestMedia.tools)
        #expect(reader.probe.frameCount == 30)
        let error = try #require(throws: VideoIOError.self) { while try reader.next(chunk: 8) != nil {} }
        guard case .truncatedStream(let named, let expected, let decoded, _) = error else { Issue.record("got \(error)"); return }
        #expect(named == cut && expected == 30 && decoded < 30)
    }

    @Test func zeroFrameVideo() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("empty.y4m").path
        try Data("YUV4MPEG2 W90 H70 F25:1 Ip A1:1 C420jpeg\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: VideoIOError.zeroFrames(path: path)) { _ = try VideoProbe(path: path, tools: TestMedia.tools) }
    }

    @Test func audioOnlyFileHasNoVideoStream() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tone.m4a").path
        try TestMedia.ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.2", "-c:a", "aac", path])
        #expect(throws: VideoIOError.noVideoStream(path: path)) { _ = try VideoProbe(path: path, tools: TestMedia.tools) }
    }

    @Test func existingOutputIsKeptWithoutOverwrite() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("taken.mp4").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SupportError.outputExists(path: path)) {
            _ = try VideoWriter(path: path, width: 16, height: 16, frameRate: TestMedia.ntsc(), tools: TestMedia.tools)
        }
        #expect(FileManager.default.contents(atPath: path) == Data("keep me".utf8))
        let writer = try VideoWriter(path: path, width: 16, height: 16, frameRate: TestMedia.ntsc(),
                                     options: .init(overwrite: true), tools: TestMedia.tools)
        try writer.write(TestMedia.patternFrame(width: 16, height: 16, index: 0))
        try writer.finish()
        #expect(try VideoProbe(path: path, tools: TestMedia.tools).frameCount == 1)
    }

    @Test func unwritableOrMissingFolder() throws {
        let missing = "/nonexistent-vvae-folder/out.mp4"
        #expect(throws: SupportError.outputFolderMissing(path: missing)) {
            _ = try VideoWriter(path: missing, width: 16, height: 16, frameRate: TestMedia.ntsc(), tools: TestMedia.tools)
        }
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        chmod(folder.path, 0o500)
        defer { chmod(folder.path, 0o700) }
        let target = folder.appendingPathComponent("out.mp4").path
        if !FileManager.default.isWritableFile(atPath: folder.path) {
            #expect(throws: SupportError.outputFolderNotWritable(path: target)) {
                _ = try VideoWriter(path: target, width: 16, height: 16, frameRate: TestMedia.ntsc(), tools: TestMedia.tools)
            }
        }
        // Where even root cannot create files, the refusal comes from ffmpeg and names the file.
        let proc = "/proc/vvae-out.mp4"
        do {
            let writer = try VideoWriter(path: proc, width: 16, height: 16, frameRate: TestMedia.ntsc(), tools: TestMedia.tools)
            try writer.write(TestMedia.patternFrame(width: 16, height: 16, index: 0))
            try writer.finish()
            Issue.record("writing into /proc should fail")
        } catch let error as VideoIOError {
            guard case .ffmpegFailed(let named, _, _, _) = error else { Issue.record("got \(error)"); return }
            #expect(named == proc)
        } catch let error as SupportError {
            #expect(error == .outputFolderNotWritable(path: proc))
        }
    }

    @Test func encoderFailureSurfacesAndLeavesNothing() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.mp4").path
        let error = try #require(throws: VideoIOError.self) {
            let writer = try VideoWriter(path: path, width: 16, height: 16, frameRate: TestMedia.ntsc(),
                                         options: .init(codec: "no-such-encoder"), tools: TestMedia.tools)
            for index in 0..<3 { try writer.write(TestMedia.patternFrame(width: 16, height: 16, index: index)) }
            try writer.finish()
        }
        guard case .ffmpegFailed(let named, _, _, let detail) = error else { Issue.record("got \(error)"); return }
        #expect(named == path)
        #expect(detail.lowercased().contains("encoder"))
        #expect(try TestMedia.folderContents(folder).isEmpty)
    }

    @Test func unknownOutputExtension() throws {
        #expect(throws: VideoIOError.unsupportedOutputFormat(path: "/tmp/x.xyz", extension: "xyz")) {
            _ = try VideoWriter(path: "/tmp/x.xyz", width: 16, height: 16, frameRate: TestMedia.ntsc(), tools: TestMedia.tools)
        }
    }
}
