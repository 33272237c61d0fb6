import CHDF5
import Foundation
import Synchronization

/// Before libhdf5 opens a file in this process, a forked child opens it and reads its whole structure the way
/// HDF5Kit's readers do (`Sources/CHDF5/structure_check.h`).
///
/// Why: libhdf5 does not defend against corrupt files. Fuzzing vvae's readers found files that crash libhdf5 1.10.8
/// (a free of a wild pointer while it iterates dense link storage, AddressSanitizer overlap reports) and files that
/// make it spin in a global heap. A crash or hang in the child costs only the child; the caller gets an
/// `HDF5Error` with kind `.corruptStructure` that names the file. The same calls then run in this process on
/// metadata libhdf5 has already read once without harm.
public enum HDF5StructureCheck {
    private static let limit = Mutex<Duration>(.seconds(60))

    /// How long the child may take before the file counts as corrupt: 60 s by default, far more than the largest
    /// vvae file needs (a 900 MB weight file's structure reads in well under a second). The fuzz targets lower it.
    public static var timeLimit: Duration {
        get { limit.withLock { $0 } }
        set { limit.withLock { $0 = newValue } }
    }

    /// Checks the file at `path` within `timeLimit` (default: the shared `timeLimit`); `HDF5File.open` calls this
    /// before every open. Throws `HDF5Error` with kind `.corruptStructure` when the file fails.
    public static func check(_ path: String, timeLimit: Duration? = nil) throws {
        try HDF5Library.locked {
            try run(path, HDF5Call(filePath: path, objectPath: nil, operation: "check the structure of file"),
                    timeLimit: timeLimit ?? self.timeLimit)
        }
    }

    /// Runs the check; call with HDF5Kit's library lock held, so no other thread is inside libhdf5 at the fork.
    static func run(_ path: String, _ call: HDF5Call, timeLimit: Duration) throws {
        let (seconds, attoseconds) = timeLimit.components
        let milliseconds = max(1, Int(clamping: seconds) &* 1000 &+ Int(attoseconds / 1_000_000_000_000_000))
        var detail: Int32 = 0
        let result = vvae_structure_check(path, milliseconds, &detail)
        switch result {
        case VVAE_STRUCTURE_CHECK_PASSED:
            return
        case VVAE_STRUCTURE_CHECK_CRASHED:
            throw call.error(.corruptStructure(.crashed(signal: detail)))
        case VVAE_STRUCTURE_CHECK_FAILED:
            throw call.error(.corruptStructure(.failed(exitStatus: detail)))
        case VVAE_STRUCTURE_CHECK_UNLISTABLE:
            throw call.error(.corruptStructure(.unlistable))
        case VVAE_STRUCTURE_CHECK_TIMED_OUT:
            throw call.error(.corruptStructure(.timedOut(milliseconds: milliseconds)))
        default:
            throw call.error(.corruptStructure(.checkNotStarted(errno: detail)))
        }
    }

    /// Why a file failed the structure check.
    public enum Failure: Sendable, Equatable, CustomStringConvertible {
        /// libhdf5 died in the child on this signal.
        case crashed(signal: Int32)
        /// The child ended with this exit status instead of 0: libhdf5 aborted it, or a sanitizer reported an error.
        case failed(exitStatus: Int32)
        /// libhdf5 could not list all of the file's objects or attributes. A reader looking one up by name could
        /// then reach metadata the child never read, so the file is refused as it is.
        case unlistable
        /// libhdf5 had not finished after the time limit.
        case timedOut(milliseconds: Int)
        /// fork() or waitpid() failed (errno), so the file could not be checked and is not opened.
        case checkNotStarted(errno: Int32)

        public var description: String {
            switch self {
            case .crashed(let signal):
                return "the file is corrupt: libhdf5 crashed reading its structure (in a checking child process, "
                    + "on \(Self.signalName(signal)))"
            case .failed(let status):
                return "the file is corrupt: libhdf5 failed reading its structure (a checking child process exited "
                    + "with status \(status))"
            case .unlistable:
                return "the file is corrupt: libhdf5 cannot list all of its objects and attributes"
            case .timedOut(let milliseconds):
                return "the file is corrupt: libhdf5 had not finished reading its structure after "
                    + "\(Double(milliseconds) / 1000) s (its metadata may loop)"
            case .checkNotStarted(let code):
                return "cannot check the file's structure before opening it: starting or waiting for the checking "
                    + "child process failed (\(String(cString: strerror(code))))"
            }
        }

        private static func signalName(_ code: Int32) -> String {
            switch code {
            case SIGSEGV: return "SIGSEGV"
            case SIGBUS: return "SIGBUS"
            case SIGABRT: return "SIGABRT"
            case SIGFPE: return "SIGFPE"
            case SIGILL: return "SIGILL"
            case SIGKILL: return "SIGKILL"
            default: return "signal \(code)"
            }
        }
    }
}
