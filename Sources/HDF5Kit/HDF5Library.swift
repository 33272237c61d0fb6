import CHDF5
import Foundation

/// One-time library setup and the lock that serialises every call into libhdf5.
///
/// Debian's build is thread-safe, but other builds (Homebrew's default) are not, and the error stack we read after a
/// failure must belong to the call that failed; one recursive lock around each public operation covers both.
enum HDF5Library {
    private static let lock = NSRecursiveLock()

    /// `H5open()` once. Debian's libhdf5 is built thread-safe, which makes the error-printing setting per thread,
    /// so `locked` silences it on whichever thread calls: failures become `HDF5Error`s, never stderr noise.
    private static let initialised: Bool = H5open() >= 0

    /// Runs `body` with the library initialised and the lock held.
    static func locked<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        _ = initialised
        H5Eset_auto2(vvae_H5E_DEFAULT(), nil, nil)
        return try body()
    }
}
