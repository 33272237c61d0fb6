import Foundation

/// An output file that appears only when complete: work goes to a hidden temporary file beside the target, which is
/// renamed over the target on `commit()`. If the work fails or the process is interrupted, the target is untouched.
public struct AtomicOutput: ~Copyable, Sendable {
    /// Where the result will appear.
    public let destination: String
    /// Where to write while working (same folder, so the rename is atomic).
    public let temporaryPath: String
    private var committed = false

    /// Checks the destination up front, so a user learns about an existing file or a bad folder before any work.
    public init(destination: String, overwrite: Bool) throws {
        let manager = FileManager.default
        let url = URL(fileURLWithPath: destination)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SupportError.outputFolderMissing(path: destination)
        }
        guard manager.isWritableFile(atPath: folder) else {
            throw SupportError.outputFolderNotWritable(path: destination)
        }
        if manager.fileExists(atPath: destination) && !overwrite {
            throw SupportError.outputExists(path: destination)
        }
        self.destination = destination
        self.temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
            .path
        InterruptCleanup.track(temporaryPath)
    }

    /// Moves the finished temporary file into place.
    public consuming func commit() throws {
        defer { InterruptCleanup.untrack(temporaryPath) }
        if rename(temporaryPath, destination) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            committed = true
            throw SupportError.cannotFinish(path: destination, reason: reason)
        }
        committed = true
    }

    deinit {
        if !committed {
            unlink(temporaryPath)
            InterruptCleanup.untrack(temporaryPath)
        }
    }
}
