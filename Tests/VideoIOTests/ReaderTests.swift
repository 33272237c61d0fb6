import Foundation
import Testing
import TestSupport
import VVAESupport
@testable import VideoIO

@Suite(.timeLimit(.minutes(2)))
struct ReaderTests {
    @Test func readsEveryFrameWithExactPixels() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try TestMedia.losslessPatternVideo(in: folder, width: 33, height: 21, count: 10, rate: TestMedia.ntsc())
        let reader = try VideoReader(path: path, tools: TestMedia.tools)
        #expect(reader.width == 33 && reader.height == 21)
        let frames = try reader.readAll()
        #expect(frames.count == 10)
        for (index, frame) in frames.enumerated() {
            #expect(frame == TestMedia.patternFrame(width: 33, height: 21, index: index), "frame \(index)")
        }
        #expect(try reader.next(chunk: 4) == nil)
    }

    @Test func streamsInChunks() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try TestMedia.losslessPatternVideo(in: folder, width: 16, height: 12, count: 10, rate: TestMedia.ntsc())
        let reader = try VideoReader(path: path, tools: TestMedia.tools)
        var chunks: [VideoFrameChunk] = []
        while let chunk = try reader.next(chunk: 4) { chunks.append(chunk) }
        #expect(chunks.map(\.frameCount) == [4, 4, 2])
        #expect(chunks.map(\.firstFrameIndex) == [0, 4, 8])
        #expect(chunks.allSatisfy { $0.pixels.count == $0.frameCount * 16 * 12 * 3 })
        let frames = chunks.flatMap(\.frames)
        #expect(frames == (0..<10).map { TestMedia.patternFrame(width: 16, height: 12, index: $0) })
        #expect(reader.framesRead == 10)
    }

    @Test func stoppingEarlyEndsTheStream() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try TestMedia.clip(in: folder, width: 64, height: 48, frames: 40)
        // An unfinished output installs interrupt handlers that ignore SIGTERM; children inherit that. Stopping
        // must still be prompt.
        let pending = try AtomicOutput(destination: folder.appendingPathComponent("pending.mp4").path, overwrite: false)
        _ = pending.temporaryPath
        let reader = try VideoReader(path: path, tools: TestMedia.tools)
        let first = try #require(try reader.next(chunk: 3))
        #expect(first.frameCount == 3)
        let pid = try #require(reader.decoderProcessID)
        #expect(kill(pid, 0) == 0)
        let started = Date()
        reader.close()
        #expect(Date().timeIntervalSince(started) < 2)
        // The child was stopped and reaped: its id no longer names a process of ours.
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
        #expect(try reader.next(chunk: 3) == nil)
        #expect(reader.framesRead == 3)
    }

    @Test func resizesWithTheUpstreamCapRule() throws {
        // Left half pure red, right half pure blue: away from the seam, any interpolation keeps the colours exactly.
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("halves.mkv").path
        var pixels: [UInt8] = []
        for _ in 0..<70 { for x in 0..<90 { pixels += x < 45 ? [255, 0, 0] : [0, 0, 255] } }
        let frame = try VideoFrame(width: 90, height: 70, pixels: pixels)
        let writer = try VideoWriter(path: path, width: 90, height: 70, frameRate: TestMedia.ntsc(),
                                     options: TestMedia.lossless, tools: TestMedia.tools)
        for _ in 0..<3 { try writer.write(frame) }
        try writer.finish()

        let options = VideoReader.Options(resize: .capped(maxWidth: 46, maxHeight: 720))
        let reader = try VideoReader(path: path, options: options, tools: TestMedia.tools)
        #expect(reader.width == 46 && reader.height == 70)
        let frames = try reader.readAll()
        #expect(frames.count == 3)
        for frame in frames {
            #expect(frame.width == 46 && frame.height == 70)
            #expect(frame.pixel(x: 4, y: 35) == (255, 0, 0))
            #expect(frame.pixel(x: 41, y: 35) == (0, 0, 255))
        }
        let exact = try VideoReader(path: path, options: .init(resize: .exactly(width: 30, height: 20), scaler: .area),
                                    tools: TestMedia.tools)
        let small = try exact.readAll()
        #expect(small.count == 3 && small.allSatisfy { $0.width == 30 && $0.height == 20 })
        #expect(small[0].pixel(x: 2, y: 10) == (255, 0, 0))
    }

    @Test func readsAStillImage() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("still.png").path
        let frame = TestMedia.patternFrame(width: 21, height: 13, index: 3)
        try VideoWriter.writeImage(frame, to: path, tools: TestMedia.tools)
        let reader = try VideoReader(path: path, tools: TestMedia.tools)
        #expect(reader.probe.isImage)
        #expect(try reader.readAll() == [frame])
    }
}
