import CHDF5
import Foundation

/// One-time library setup and the lock that serialises every call into libhdf5.
///
/// Debian's build is thread-safe, but other builds (Homebrew's default) are not, and the error stack we read after a
/// failure must belong to the call that failed; one recursive lock around each public operation covers both.
enum HDF5Library {
    private static let lock = NSRecursiveLock()

    /// `H5open()` once, then silence HDF5's automatic printing of the error stack: failures become `HDF5Error`s.
    private static let initialised: Bool = {
        guard H5open() >= 0 else { return false }
        return H5Eset_auto2(vvae_H5E_DEFAULT(), nil, nil) >= 0
    }()

    /// Runs `body` with the library initialised and the lock held.
    static func locked<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        _ = initialised
        return try body()
    }
}
