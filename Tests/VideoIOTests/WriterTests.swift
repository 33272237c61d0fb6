import Foundation
import Testing
import TestSupport
import VVAESupport
@testable import VideoIO

@Suite(.timeLimit(.minutes(2)))
struct WriterTests {
    @Test(arguments: ["mp4", "mkv", "mov"])
    func frameCountAndRationalFrameRateSurviveARoundTrip(ext: String) throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.\(ext)").path
        let writer = try VideoWriter(path: path, width: 90, height: 70, frameRate: TestMedia.ntsc(), tools: TestMedia.tools)
        for index in 0..<10 { try writer.write(TestMedia.patternFrame(width: 90, height: 70, index: index)) }
        let summary = try writer.finish()
        #expect(summary.framesWritten == 10)
        let probe = try VideoProbe(path: path, tools: TestMedia.tools)
        #expect(probe.frameCount == 10)
        #expect(probe.frameRate == TestMedia.ntsc())
        #expect(probe.pixelFormat == "yuv420p" && probe.videoCodec == "h264")
        #expect(try VideoReader(probe: probe, tools: TestMedia.tools).readAll().count == 10)
        // Only the finished file remains: no temporary left behind.
        #expect(try TestMedia.folderContents(folder) == ["out.\(ext)"])
    }

    @Test func webmDefaultsToVP9AndKeepsTheRate() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.webm").path
        let writer = try VideoWriter(path: path, width: 32, height: 24, frameRate: TestMedia.ntsc(), tools: TestMedia.tools)
        for index in 0..<6 { try writer.write(TestMedia.patternFrame(width: 32, height: 24, index: index)) }
        try writer.finish()
        let probe = try VideoProbe(path: path, tools: TestMedia.tools)
        #expect(probe.videoCodec == "vp9")
        #expect(probe.frameCount == 6 && probe.frameRate == TestMedia.ntsc())
    }

    @Test func chunksAreWrittenFrameByFrame() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try TestMedia.losslessPatternVideo(in: folder, width: 20, height: 10, count: 9, rate: TestMedia.ntsc())
        let copy = folder.appendingPathComponent("copy.mkv").path
        let reader = try VideoReader(path: source, tools: TestMedia.tools)
        let writer = try VideoWriter(path: copy, width: 20, height: 10, frameRate: reader.probe.frameRate,
                                     options: TestMedia.lossless, tools: TestMedia.tools)
        while let chunk = try reader.next(chunk: 4) { try writer.write(chunk) }
        try writer.finish()
        let back = try VideoReader(path: copy, tools: TestMedia.tools).readAll()
        #expect(back == (0..<9).map { TestMedia.patternFrame(width: 20, height: 10, index: $0) })
    }

    @Test func audioIsCopiedUntouched() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try TestMedia.clip(in: folder, width: 90, height: 70, frames: 10, audio: true)
        let output = folder.appendingPathComponent("with-audio.mp4").path
        let reader = try VideoReader(path: source, tools: TestMedia.tools)
        let writer = try VideoWriter(path: output, width: 90, height: 70, frameRate: reader.probe.frameRate,
                                     options: .init(audioSource: source), tools: TestMedia.tools)
        while let chunk = try reader.next(chunk: 4) { try writer.write(chunk) }
        try writer.finish()
        let probe = try VideoProbe(path: output, tools: TestMedia.tools)
        #expect(probe.hasAudio && probe.audioCodec == "aac")
        #expect(probe.frameCount == 10 && probe.frameRate == TestMedia.ntsc())
        #expect(try TestMedia.audioPacketDigest(output) == TestMedia.audioPacketDigest(source))

        // A source without audio gives an output without audio, not an error.
        let silent = try TestMedia.clip(in: folder, name: "silent.mp4", frames: 2)
        let silentOutput = folder.appendingPathComponent("silent-out.mp4").path
        let second = try VideoWriter(path: silentOutput, width: 90, height: 70, frameRate: TestMedia.ntsc(),
                                     options: .init(audioSource: silent), tools: TestMedia.tools)
        try second.write(TestMedia.patternFrame(width: 90, height: 70, index: 0))
        try second.finish()
        #expect(try !VideoProbe(path: silentOutput, tools: TestMedia.tools).hasAudio)
    }

    @Test func oddSizesArePaddedCroppedOrRefused() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let frame = TestMedia.patternFrame(width: 33, height: 21, index: 0)
        let padded = folder.appendingPathComponent("padded.mp4").path
        let writer = try VideoWriter(path: padded, width: 33, height: 21, frameRate: TestMedia.ntsc(), tools: TestMedia.tools)
        try writer.write(frame)
        let summary = try writer.finish()
        #expect(summary.encodedWidth == 34 && summary.encodedHeight == 22)
        let probe = try VideoProbe(path: padded, tools: TestMedia.tools)
        #expect(probe.width == 34 && probe.height == 22 && probe.frameCount == 1)

        let cropped = folder.appendingPathComponent("cropped.mp4").path
        let cropper = try VideoWriter(path: cropped, width: 33, height: 21, frameRate: TestMedia.ntsc(),
                                      options: .init(oddSizePolicy: .cropToEven), tools: TestMedia.tools)
        try cropper.write(frame)
        try cropper.finish()
        #expect(try VideoProbe(path: cropped, tools: TestMedia.tools).width == 32)

        let refused = folder.appendingPathComponent("refused.mp4").path
        #expect(throws: VideoIOError.oddSizeNotEncodable(path: refused, width: 33, height: 21, pixelFormat: "yuv420p")) {
            _ = try VideoWriter(path: refused, width: 33, height: 21, frameRate: TestMedia.ntsc(),
                                options: .init(oddSizePolicy: .fail), tools: TestMedia.tools)
        }
    }

    @Test func edgePaddingRepeatsTheLastColumnAndRow() {
        // 2x2 frame → 3x3: the new column copies column 1, the new row copies row 1.
        let pixels: [UInt8] = [1, 1, 1, 2, 2, 2,
                               3, 3, 3, 4, 4, 4]
        let out = EdgeAdjust.adjust(pixels[...], width: 2, height: 2, toWidth: 3, toHeight: 3)
        #expect(out == [1, 1, 1, 2, 2, 2, 2, 2, 2,
                        3, 3, 3, 4, 4, 4, 4, 4, 4,
                        3, 3, 3, 4, 4, 4, 4, 4, 4])
        #expect(EdgeAdjust.adjust(pixels[...], width: 2, height: 2, toWidth: 1, toHeight: 1) == [1, 1, 1])
    }

    @Test func pngHoldsOneExactFrame() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("one.png").path
        let frame = TestMedia.patternFrame(width: 17, height: 9, index: 5)
        let writer = try VideoWriter(path: path, width: 17, height: 9, frameRate: .oneFramePerSecond, tools: TestMedia.tools)
        try writer.write(frame)
        #expect(throws: VideoIOError.imageOutputTakesOneFrame(path: path)) { try writer.write(frame) }
        try writer.finish()
        #expect(try VideoReader(path: path, tools: TestMedia.tools).readAll() == [frame])
    }

    @Test func framesOfTheWrongSizeAreRefused() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.mp4").path
        let writer = try VideoWriter(path: path, width: 16, height: 16, frameRate: TestMedia.ntsc(), tools: TestMedia.tools)
        #expect(throws: VideoIOError.frameSizeMismatch(path: path, expectedWidth: 16, expectedHeight: 16, width: 8, height: 8)) {
            try writer.write(TestMedia.patternFrame(width: 8, height: 8, index: 0))
        }
        writer.cancel()
        #expect(try TestMedia.folderContents(folder).isEmpty)
        #expect(throws: VideoIOError.invalidFrameBuffer(width: 4, height: 4, byteCount: 5)) {
            _ = try VideoFrame(width: 4, height: 4, pixels: [1, 2, 3, 4, 5])
        }
    }
}
