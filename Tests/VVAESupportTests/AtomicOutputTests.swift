import Foundation
import Testing
import TestSupport
@testable import VVAESupport

struct AtomicOutputTests {
    @Test func commitMovesTheFileIntoPlace() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let target = folder.appendingPathComponent("out.bin").path
        let output = try AtomicOutput(destination: target, overwrite: false)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: output.temporaryPath))
        #expect(!FileManager.default.fileExists(atPath: target))
        try output.commit()
        #expect(FileManager.default.contents(atPath: target) == Data([1, 2, 3]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.bin"])
    }

    @Test func abandonedOutputLeavesNothingBehind() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let target = folder.appendingPathComponent("out.bin").path
        do {
            let output = try AtomicOutput(destination: target, overwrite: false)
            try Data([9]).write(to: URL(fileURLWithPath: output.temporaryPath))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func existingOutputNeedsOverwrite() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let target = folder.appendingPathComponent("out.bin").path
        try Data([7]).write(to: URL(fileURLWithPath: target))
        #expect(throws: SupportError.outputExists(path: target)) { _ = try AtomicOutput(destination: target, overwrite: false) }
        let output = try AtomicOutput(destination: target, overwrite: true)
        try Data([8]).write(to: URL(fileURLWithPath: output.temporaryPath))
        try output.commit()
        #expect(FileManager.default.contents(atPath: target) == Data([8]))
    }

    @Test func missingOrReadOnlyFolderIsRefusedUpFront() throws {
        let missing = "/nonexistent-vvae-folder/out.h5"
        #expect(throws: SupportError.outputFolderMissing(path: missing)) { _ = try AtomicOutput(destination: missing, overwrite: false) }
        let folder = try FixturePaths.temporaryDirectory()
        chmod(folder.path, 0o500)
        defer { chmod(folder.path, 0o700) }
        let target = folder.appendingPathComponent("out.h5").path
        // root ignores permission bits; only check when the folder really is read-only for us.
        if !FileManager.default.isWritableFile(atPath: folder.path) {
            #expect(throws: SupportError.outputFolderNotWritable(path: target)) { _ = try AtomicOutput(destination: target, overwrite: false) }
        }
    }
}

/// A run killed with SIGKILL leaves its temporary file; the next run of any tool in that folder removes it, and
/// never touches a live run's, another host's, or any other file.
struct AbandonedPartialTests {
    /// A process id that certainly exists no longer: a child that has exited and been reaped.
    private func deadPid() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func abandonedTemporaryFilesAreSweptOthersKept() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let dead = try deadPid()
        let live = ProcessInfo.processInfo.processIdentifier
        let marker = AtomicOutput.partialMarker
        let abandoned = ".weights.h5\(marker)\(dead)-0A1B2C3D"
        let running = ".weights.h5\(marker)\(live)-0A1B2C3D"
        let otherHost = ".weights.h5.partial-elsewhere-\(dead)-0A1B2C3D"
        let unrelated = [".weights.h5\(marker)\(dead)-notahex8", ".hidden", "weights.h5", ".x\(marker)\(dead)-0A1B"]
        for name in [abandoned, running, otherHost] + unrelated {
            try Data([1]).write(to: folder.appendingPathComponent(name))
        }
        #expect(AtomicOutput.abandonedOwner(of: abandoned) == dead)
        #expect(AtomicOutput.abandonedOwner(of: otherHost) == nil)
        let output = try AtomicOutput(destination: folder.appendingPathComponent("new.bin").path, overwrite: false)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(!left.contains(abandoned))
        #expect(left == Set([running, otherHost] + unrelated))
        _ = consume output
    }
}
