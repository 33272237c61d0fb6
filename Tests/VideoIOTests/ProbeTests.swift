import Foundation
import Testing
import TestSupport
@testable import VideoIO

@Suite(.timeLimit(.minutes(2)))
struct ProbeTests {
    @Test func probesAnMP4WithAudio() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try TestMedia.clip(in: folder, width: 90, height: 70, frames: 10, audio: true)
        let probe = try VideoProbe(path: path, tools: TestMedia.tools)
        #expect(probe.width == 90 && probe.height == 70)
        #expect(probe.frameCount == 10)
        #expect(probe.frameCountSource == .containerHeader)
        #expect(probe.frameRate == TestMedia.ntsc())
        #expect(probe.pixelFormat == "yuv420p")
        #expect(probe.videoCodec == "h264")
        #expect(probe.hasAudio && probe.audioCodec == "aac")
        #expect(probe.rotation == 0 && !probe.isImage)
        // The container lasts as long as its longer stream (2 s of audio); the video alone is 10 frames.
        #expect(try #require(probe.duration) >= 10 * 1001 / 30000.0)
        #expect(probe.description.hasPrefix("90x70, 10 frames at 30000/1001 fps (29.970)"))
        #expect(probe.description.hasSuffix("h264 yuv420p, audio aac"))
    }

    @Test func countsPacketsWhenTheHeaderHasNoFrameCount() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try TestMedia.clip(in: folder, name: "clip.mkv", width: 64, height: 48, frames: 7, rate: "25")
        let probe = try VideoProbe(path: path, tools: TestMedia.tools)
        #expect(probe.frameCount == 7)
        #expect(probe.frameCountSource == .countedPackets)
        #expect(probe.frameRate == FrameRate(parsing: "25"))
        #expect(!probe.hasAudio && probe.audioCodec == nil)
    }

    @Test func probesImagesAsOneFrame() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-video")
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["still.png", "still.jpg"] {
            let path = folder.appendingPathComponent(name).path
            try TestMedia.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=40x30,scale=33:21", "-frames:v", "1", path])
            let probe = try VideoProbe(path: path, tools: TestMedia.tools)
            #expect(probe.isImage, "\(name)")
            #expect(probe.frameCount == 1 && probe.width == 33 && probe.height == 21, "\(name)")
        }
    }

    @Test func rotationFromTheDisplayMatrixSwapsTheSize() throws {
        let json = #"""
        {"streams": [{"index": 0, "codec_type": "video", "codec_name": "h264", "width": 90, "height": 70,
          "pix_fmt": "yuv420p", "r_frame_rate": "30/1", "avg_frame_rate": "30/1", "nb_frames": "5",
          "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}]}],
         "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "0.166667"}}
        """#
        let probe = try VideoProbe(path: "rotated.mp4", ffprobeJSON: Data(json.utf8))
        #expect(probe.rotation == 270)
        #expect(probe.width == 70 && probe.height == 90)
    }

    @Test func coverArtIsNotTheVideoStream() throws {
        let json = #"""
        {"streams": [{"index": 0, "codec_type": "audio", "codec_name": "mp3"},
          {"index": 1, "codec_type": "video", "codec_name": "mjpeg", "width": 300, "height": 300, "pix_fmt": "yuvj420p",
           "r_frame_rate": "90000/1", "avg_frame_rate": "0/0", "disposition": {"attached_pic": 1}}],
         "format": {"format_name": "mp3"}}
        """#
        #expect(throws: VideoIOError.noVideoStream(path: "song.mp3")) {
            _ = try VideoProbe(path: "song.mp3", ffprobeJSON: Data(json.utf8))
        }
    }

    @Test func hardwareOrMissingPixelFormatsAreRefused() throws {
        for format in [nil, "vaapi"] as [String?] {
            let pixel = format.map { #""pix_fmt": "\#($0)","# } ?? ""
            let json = #"""
            {"streams": [{"index": 0, "codec_type": "video", "codec_name": "weird", "width": 8, "height": 8, \#(pixel)
              "r_frame_rate": "25/1", "nb_frames": "3"}], "format": {"format_name": "matroska,webm"}}
            """#
            #expect(throws: VideoIOError.unsupportedPixelFormat(path: "w.mkv", pixelFormat: format ?? "none", codec: "weird")) {
                _ = try VideoProbe(path: "w.mkv", ffprobeJSON: Data(json.utf8))
            }
        }
    }
}
