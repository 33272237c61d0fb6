import Foundation

/// Runs one of the package's executables the way a user would, to check exit codes and messages end to end.
public enum ToolRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
    }

    /// The folder SwiftPM put the executables in: the one holding the test bundle.
    public static var productsDirectory: URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // On Linux the test binary sits right in the products folder; on macOS inside `X.xctest/Contents/MacOS`.
        while folder.path != "/" && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("vvae").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder
    }

    /// Runs `tool` with the test's environment plus `environment`, less the variables in `removing` (removed first, so `environment` may set them). By default the
    /// tool keeps the OpenBLAS kernels the test process has (it is told not to choose others), so its results can be
    /// compared bit for bit with the runtime run in the test; the kernel-choice tests remove that variable.
    public static func run(_ tool: String, _ arguments: [String], environment: [String: String]? = nil,
                           removing: [String] = []) throws -> Result {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(tool)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.merging(["VVAE_OPENBLAS_RELAUNCH": "off (tests)"]) { $1 }
        for name in removing { merged.removeValue(forKey: name) }
        merged.merge(environment ?? [:]) { $1 }
        process.environment = merged
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Drain both pipes concurrently so a chatty tool cannot block on a full pipe. The semaphore hands the
        // reader thread's data over (ThreadSanitizer saw polling `isFinished` as no synchronisation at all).
        let errorData = LockedData()
        let drained = DispatchSemaphore(value: 0)
        let reader = Thread {
            errorData.set(error.fileHandleForReading.readDataToEndOfFile())
            drained.signal()
        }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        drained.wait()
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outputData, as: UTF8.self),
                      standardError: String(decoding: errorData.get(), as: UTF8.self))
    }
}

/// Bytes handed from the pipe-reading thread to the caller under a lock.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
