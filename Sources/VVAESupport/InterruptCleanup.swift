import Dispatch
import Foundation

/// Removes unfinished output files when the process is interrupted (Ctrl-C, `kill`, a closed terminal), so an
/// interrupted run leaves nothing behind. Signals are taken on a dispatch queue, not in a signal handler, so the
/// clean-up may use ordinary Swift.
public enum InterruptCleanup {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths = Set<String>()
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Starts watching for interrupts (once) and remembers `path` for removal.
    public static func track(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        installIfNeeded()
        paths.insert(path)
    }

    /// Forgets `path`: it was finished or removed.
    public static func untrack(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths.remove(path)
    }

    private static func installIfNeeded() {
        guard sources.isEmpty else { return }
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                lock.lock()
                for path in paths { unlink(path) }
                paths.removeAll()
                lock.unlock()
                Terminal.writeError("\ninterrupted: unfinished output removed\n")
                exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
