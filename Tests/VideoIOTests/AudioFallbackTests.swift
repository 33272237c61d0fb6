import Foundation
import Testing
import TestSupport
@testable import VideoIO

/// Audio beside new video: copied when the container takes the codec, re-encoded by the table otherwise.
@Suite(.timeLimit(.minutes(3)))
struct AudioFallbackTests {
    @Test func theTableCopiesWhatEachContainerHoldsAndNamesAFallback() {
        #expect(AudioCompatibility.canCopy(codec: "aac", into: .mp4))
        #expect(!AudioCompatibility.canCopy(codec: "flac", into: .mp4))
        #expect(!AudioCompatibility.canCopy(codec: "pcm_s16le", into: .mp4))
        #expect(AudioCompatibility.canCopy(codec: "pcm_s16le", into: .mov))
        #expect(AudioCompatibility.canCopy(codec: "flac", into: .matroska))
        #expect(!AudioCompatibility.canCopy(codec: "aac", into: .webm))
        #expect(AudioCompatibility.canCopy(codec: "opus", into: .webm))
        #expect(!AudioCompatibility.canCopy(codec: "aac", into: .avi))
        #expect(AudioCompatibility.fallback(for: .mp4) == .init(encoder: "aac", codec: "aac"))
        #expect(AudioCompatibility.fallback(for: .matroska) == .init(encoder: "aac", codec: "aac"))
        #expect(AudioCompatibility.fallback(for: .webm) == .init(encoder: "libopus", codec: "opus"))
        #expect(AudioCompatibility.fallback(for: .png) == nil)
    }

    @Test func thePlanDecidesPerStream() throws {
        let streams = [AudioStreams.Stream(codec: "aac", duration: 2), AudioStreams.Stream(codec: "flac", duration: 1.5)]
        let plan = try #require(AudioPlan(source: "in.mkv", streams: streams, container: .mp4))
        #expect(plan.tracks.map(\.action) == [.copy, .encode(.init(encoder: "aac", codec: "aac"))])
        #expect(plan.arguments(input: 1) == ["-map", "1:a:0", "-c:a:0", "copy",
                                             "-map", "1:a:1", "-c:a:1", "aac", "-filter:a:1", "atrim=duration=1.5"])
        #expect(plan.notice == "audio: flac cannot be copied into mp4; re-encoding it as aac")
        #expect(!plan.copiesEverything)
        let copy = try #require(AudioPlan(source: "in.mp4", streams: [streams[0]], container: .mov))
        #expect(copy.copiesEverything && copy.notice == nil)
        #expect(AudioPlan(source: "in.mp4", streams: [], container: .mp4) == nil)
        #expect(AudioPlan(source: "in.mp4", streams: [streams[0]], container: .png) == nil)
    }

    /// Every pair the table calls copyable really is copied by the installed ffmpeg (sources made in NUT, which holds
    /// any codec; encoders this ffmpeg lacks are skipped).
    @Test func everyCopyablePairMuxesWithTheInstalledFFmpeg() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-audio")
        defer { try? FileManager.default.removeItem(at: folder) }
        let encoders = ["aac": "aac", "mp3": "libmp3lame", "mp2": "mp2", "ac3": "ac3", "eac3": "eac3", "flac": "flac",
                        "opus": "libopus", "vorbis": "libvorbis", "alac": "alac", "pcm_s16le": "pcm_s16le",
                        "pcm_s16be": "pcm_s16be", "pcm_f32le": "pcm_f32le", "pcm_f32be": "pcm_f32be", "pcm_mulaw": "pcm_mulaw"]
        var checked = 0
        for (codec, encoder) in encoders.sorted(by: { $0.key < $1.key }) {
            let source = folder.appendingPathComponent("\(codec).nut").path
            do {
                try TestMedia.ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.3:sample_rate=48000", "-ac", "2", "-c:a", encoder, source])
            } catch {
                continue
            }
            for container in OutputContainer.allCases where AudioCompatibility.canCopy(codec: codec, into: container) {
                let output = folder.appendingPathComponent("\(codec)-\(container.rawValue)").path
                let video = container == .webm ? "libvpx-vp9" : "libx264"
                do {
                    try TestMedia.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=32x32:rate=25", "-i", source, "-map", "0:v", "-map", "1:a",
                                          "-frames:v", "3", "-c:v", video, "-c:a", "copy", "-f", container.muxer, output])
                } catch {
                    Issue.record("\(codec) into \(container): the table says copy, ffmpeg says \(error)")
                }
                checked += 1
            }
        }
        #expect(checked >= 25)
    }

    @Test(arguments: [
        // (source audio encoder, source name, output name, codec expected in the output)
        ("flac", "flac.mkv", "out.mp4", "aac"),
        ("aac", "aac.mp4", "out.webm", "opus"),
        ("pcm_s16le", "pcm.mov", "out.mkv", "pcm_s16le"),
        ("aac", "aac.mp4", "out.avi", "pcm_s16le"),
    ])
    func audioIsReencodedOnlyWhereItCannotBeCopied(encoder: String, sourceName: String, outputName: String,
                                                   expectedCodec: String) throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-audio")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try TestMedia.clip(in: folder, name: sourceName, frames: 10, audio: true, audioEncoder: encoder)
        let output = folder.appendingPathComponent(outputName).path
        let reader = try VideoReader(path: source, tools: TestMedia.tools)
        let writer = try VideoWriter(path: output, width: 90, height: 70, frameRate: reader.probe.frameRate,
                                     options: .init(audioSource: source), tools: TestMedia.tools)
        let plan = try #require(writer.audioPlan)
        let copies = AudioCompatibility.canCopy(codec: encoder, into: writer.container)
        #expect(plan.copiesEverything == copies)
        #expect((plan.notice != nil) == !copies)
        while let chunk = try reader.next(chunk: 4) { try writer.write(chunk) }
        try writer.finish()

        let streams = try AudioStreams(path: output, tools: TestMedia.tools)
        #expect(streams.codecs == [expectedCodec])
        // The whole 2 s of audio is there, as long as in the source to within one audio frame (20 ms for Opus).
        let before = try TestMedia.audioSeconds(source)
        let after = try TestMedia.audioSeconds(output)
        #expect(abs(before - 2) < 0.001)
        #expect(abs(after - before) < 0.02, "source \(before) s, output \(after) s")
        if copies { #expect(try TestMedia.audioPacketDigest(output) == TestMedia.audioPacketDigest(source)) }
        #expect(try VideoProbe(path: output, tools: TestMedia.tools).frameCount == 10)
    }

    @Test func audioTravelsAsMatroskaBytesAndComesBack() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-audio")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try TestMedia.clip(in: folder, name: "clip.mp4", frames: 10, audio: true)
        let (bytes, plan) = try #require(try AudioExtraction.matroska(from: source, tools: TestMedia.tools))
        #expect(plan.copiesEverything)
        let restored = try AudioExtraction.temporaryMatroska(bytes)
        defer { AudioExtraction.remove(restored) }
        #expect(try AudioStreams(path: restored.path, tools: TestMedia.tools).codecs == ["aac"])
        #expect(try TestMedia.audioPacketDigest(restored.path) == TestMedia.audioPacketDigest(source))
        let silent = try TestMedia.clip(in: folder, name: "silent.mp4", frames: 2)
        #expect(try AudioExtraction.matroska(from: silent, tools: TestMedia.tools) == nil)
    }
}
