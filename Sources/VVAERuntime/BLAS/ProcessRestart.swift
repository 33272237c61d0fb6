import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces the current process with a fresh run of the same executable and arguments (and the current
/// environment): how a library setting read only at load time, such as `OPENBLAS_CORETYPE`, takes effect.
enum ProcessRestart {
    /// Returns only if the exec failed.
    static func exec(_ arguments: [String]) {
        #if os(Linux)
        let executable = "/proc/self/exe"
        #else
        let executable = Bundle.main.executablePath ?? arguments.first ?? ""
        #endif
        // Nothing is buffered yet: this runs before the first line of output.
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        execv(executable, cArguments)
        for pointer in cArguments { free(pointer) }
    }
}
