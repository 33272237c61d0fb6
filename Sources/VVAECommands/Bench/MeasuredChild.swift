import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of a child process, measured from outside: wall time from spawn to exit and the child's own peak resident
/// memory as the kernel reports it to `wait4`, so the numbers mean the same for our binary and for a Python peer.
struct MeasuredChild: Sendable {
    let status: Int32
    let seconds: Double
    let peakResidentBytes: Int

    /// Runs `arguments` (the first is looked up on PATH when it has no slash) with its standard output and error
    /// appended to `logPath`, and waits for it.
    /// `environment` replaces this process's when given (a peer gets the user's, without vvae's kernel choice).
    static func run(_ arguments: [String], logPath: String, environment: [String: String]? = nil) throws -> MeasuredChild {
        guard let program = arguments.first else { throw BenchError("no command to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)

        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        defer { for pointer in cArguments { free(pointer) } }

        let cEnvironment: [UnsafeMutablePointer<CChar>?]? = environment.map { variables in
            variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { for pointer in cEnvironment ?? [] { free(pointer) } }

        var pid = pid_t()
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned: Int32
        if var given = cEnvironment {
            spawned = posix_spawnp(&pid, program, &actions, nil, cArguments, &given)
        } else {
            spawned = posix_spawnp(&pid, program, &actions, nil, cArguments, environ)
        }
        guard spawned == 0 else {
            throw BenchError("cannot start \(program): \(String(cString: strerror(spawned)))")
        }
        var rawStatus: Int32 = 0
        var usage = rusage()
        while wait4(pid, &rawStatus, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("waiting for \(program) failed: \(String(cString: strerror(errno)))") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Exit code when it exited, 128 + signal when a signal ended it (as a shell reports it).
        let status = (rawStatus & 0x7F) == 0 ? (rawStatus >> 8) & 0xFF : 128 + (rawStatus & 0x7F)
        #if os(Linux)
        let peak = Int(usage.ru_maxrss) * 1024  // KiB on Linux
        #else
        let peak = Int(usage.ru_maxrss)  // bytes on macOS
        #endif
        return MeasuredChild(status: status, seconds: seconds, peakResidentBytes: peak)
    }

    /// This executable, so the bench measures the very binary it is part of.
    static var currentExecutable: String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}

/// A benchmark that cannot go on, with what went wrong.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
