import Foundation
import Testing
import TestSupport
@testable import VVAEPipeline

struct BatchListTests {
    @Test func aListFileKeepsItsOrderSkipsCommentsAndRepeatsAndResolvesAgainstItsFolder() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("videos.txt")
        try Data("# header\n  b.mp4  \n\n./sub/a.mkv\n/data/x.mp4\nb.mp4\r\nsub//c.mov\n".utf8).write(to: list)
        let parsed = try BatchList(listFile: list.path)
        #expect(parsed.entries.map(\.relative) == ["b.mp4", "sub/a.mkv", "data/x.mp4", "sub/c.mov"])
        #expect(parsed.entries.map(\.path) == [folder.appendingPathComponent("b.mp4").path, folder.appendingPathComponent("sub/a.mkv").path,
                                               "/data/x.mp4", folder.appendingPathComponent("sub/c.mov").path])
        #expect(parsed.repeats == 1)
    }

    @Test func aPathThatClimbsOutIsRefusedWithItsLine() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("videos.txt")
        try Data("a.mp4\n../escape.mp4\n".utf8).write(to: list)
        #expect(throws: InputError.self) { try BatchList(listFile: list.path) }
        do { _ = try BatchList(listFile: list.path) } catch { #expect("\(error)".contains("line 2")) }
    }

    @Test func aFolderIsWalkedForVideosSortedWithoutHiddenFilesOrTheOutputFolder() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["z.mp4", "a/b.MKV", "a/notes.txt", ".hidden.mp4", "out/a.mp4.h5", "out/old.mp4"] {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: url)
        }
        let walked = try BatchList(folder: folder.path, extensions: ["mp4", "mkv"], excluding: folder.appendingPathComponent("out").path)
        #expect(walked.entries.map(\.relative) == ["a/b.MKV", "z.mp4"])
    }

    @Test func shardsSplitTheListWithNoVideoTwiceOrNever() throws {
        #expect(BatchShard("0/1") == .whole)
        for bad in ["3/3", "-1/3", "1/0", "1", "a/b", "1/2/3", ""] { #expect(BatchShard(bad) == nil, "\(bad)") }
        let shards = (0..<3).compactMap { BatchShard("\($0)/3") }
        #expect(shards.map(\.manifestName) == ["manifest-0-of-3.jsonl", "manifest-1-of-3.jsonl", "manifest-2-of-3.jsonl"])
        let list = BatchList((0..<10).map { BatchList.Entry(path: "/v/\($0).mp4", relative: "\($0).mp4") })
        let taken = shards.flatMap { list.entries(of: $0).map(\.index) }
        #expect(taken.sorted() == Array(0..<10))
        #expect(list.entries(of: shards[1]).map(\.index) == [1, 4, 7])
    }

    @Test func aManifestLineCutByAKillIsEndedAndSkippedOnRead() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("manifest-0-of-1.jsonl").path
        try Data("{\"path\":\"a.mp4\",\"seconds\":1,\"status\":\"ok\"}\n{\"path\":\"b.m".utf8).write(to: URL(fileURLWithPath: path))
        try BatchManifest(path: path).append(BatchRecord(path: "c.mp4", status: .failed, seconds: 0.5, error: "x"))
        let records = try BatchManifest.read(path)
        #expect(records.map(\.path) == ["a.mp4", "c.mp4"])
        #expect(records.last?.status == .failed && records.last?.error == "x")
    }
}
