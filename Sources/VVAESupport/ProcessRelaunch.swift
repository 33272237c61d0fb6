#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starting this program again, in place, with one more environment variable — for settings a library reads
/// only while it loads, before any of our code runs.
public enum ProcessRelaunch {
    /// Sets `name=value` and replaces this process with a fresh run of the same executable and arguments (same
    /// pid, same open files). Returns only when that is impossible (no `/proc/self/exe`, exec refused); the
    /// variable stays set either way, so a second attempt never happens.
    public static func relaunch(setting name: String, to value: String) {
        setenv(name, value, 1)
        #if os(Linux)
        _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}
