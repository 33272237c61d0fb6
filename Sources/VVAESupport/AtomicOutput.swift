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
            .appendingPathComponent(".\(url.lastPathComponent)\(Self.partialMarker)\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
            .path
        Self.sweepAbandoned(inFolder: folder)
        InterruptCleanup.track(temporaryPath)
    }

    /// `.partial-<host>-`: temporary files carry the host and the process that writes them, so that a later run can
    /// tell an abandoned one (its process was killed, e.g. by `kill -9`, which no handler sees) from one being
    /// written right now, also in a folder that other machines share.
    static var partialMarker: String { ".partial-\(hostLabel)-" }

    /// This machine's name, reduced to characters that are safe in a file name.
    static let hostLabel: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "host" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let name = String(decoding: bytes, as: UTF8.self).map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }
        return name.isEmpty ? "host" : String(name)
    }()

    private static let sweptLock = NSLock()
    nonisolated(unsafe) private static var swept: Set<String> = []

    /// Removes, once per folder and process, the temporary files that this machine's vvae tools left in `folder`
    /// when they were killed: `.<name>.partial-<host>-<pid>-<8 hex>` whose process no longer exists.
    /// Files of a live process, of another host, or of any other shape are never touched.
    public static func sweepAbandoned(inFolder folder: String) {
        let first = sweptLock.withLock { swept.insert(folder).inserted }
        guard first, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") {
            guard let owner = abandonedOwner(of: name) else { continue }
            // kill(pid, 0) fails with ESRCH only when no such process exists (EPERM: it exists, owned by another user).
            if kill(owner, 0) != 0 && errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(name))
            }
        }
    }

    /// The process id in a temporary file's name from this host, or nil when the name is not one.
    static func abandonedOwner(of name: String) -> pid_t? {
        guard let marker = name.range(of: partialMarker, options: .backwards) else { return nil }
        let tail = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard tail.count == 2, tail[1].count == 8, tail[1].allSatisfy(\.isHexDigit),
              let pid = pid_t(tail[0]), pid > 0 else { return nil }
        return pid
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
