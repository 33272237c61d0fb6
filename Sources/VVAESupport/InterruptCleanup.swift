import Foundation

/// Removes unfinished output files when the process is interrupted (Ctrl-C, `kill`, a closed terminal), so an
/// interrupted run leaves nothing behind.
///
/// A real signal handler (not `SIG_IGN` plus a dispatch source) is installed on purpose: handlers are reset to the
/// default action in programs we start (ffmpeg), while an ignored signal would be inherited and make them unkillable.
/// The handler only calls async-signal-safe functions (`unlink`, `write`, `_exit`) on C strings prepared in advance.
public enum InterruptCleanup {
    private static let lock = NSLock()
    private static let slotCount = 64
    /// C strings of the paths to remove, prepared outside the handler; nil slots are free.
    nonisolated(unsafe) private static var slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let buffer = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slotCount)
        buffer.initialize(repeating: nil, count: slotCount)
        return buffer
    }()
    nonisolated(unsafe) private static var installed = false

    /// Starts watching for interrupts (once) and remembers `path` for removal.
    public static func track(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        installIfNeeded()
        for index in 0..<slotCount where slots[index] == nil {
            slots[index] = strdup(path)
            return
        }
    }

    /// Forgets `path`: it was finished or removed.
    public static func untrack(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        for index in 0..<slotCount {
            if let entry = slots[index], String(cString: entry) == path {
                slots[index] = nil
                free(entry)
            }
        }
    }

    private static func installIfNeeded() {
        guard !installed else { return }
        installed = true
        _ = slots
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signalNumber in
                InterruptCleanup.removeTrackedFiles()
                let message = "\ninterrupted: unfinished output removed\n"
                _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                _exit(128 + signalNumber)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signalNumber, &action, nil)
        }
    }

    /// Runs inside the signal handler: no locks, no allocation.
    private static func removeTrackedFiles() {
        for index in 0..<slotCount {
            if let entry = slots[index] { unlink(entry) }
        }
    }
}
