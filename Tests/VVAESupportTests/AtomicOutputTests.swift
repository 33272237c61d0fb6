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
