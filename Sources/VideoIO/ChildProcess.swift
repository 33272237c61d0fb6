import Foundation

/// One run of ffmpeg or ffprobe with its pipes. Waits are bounded: a child that does not finish in time is killed,
/// so neither the tools nor the tests can hang.
final class ChildProcess: @unchecked Sendable {
    enum Input { case none, pipe }
    enum Output { case discard, pipe }

    let programName: String
    private let process = Process()
    private let errorTail = OutputTail()
    /// The child's stdin when `Input.pipe` was asked for.
    let input: FileHandle?
    /// The child's stdout when `Output.pipe` was asked for.
    let output: FileHandle?

    init(executable: String, arguments: [String], input: Input, output: Output) throws {
        programName = URL(fileURLWithPath: executable).lastPathComponent
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errorPipe = Pipe()
        process.standardError = errorPipe
        switch input {
        case .none:
            process.standardInput = FileHandle.nullDevice
            self.input = nil
        case .pipe:
            let pipe = Pipe()
            process.standardInput = pipe
            self.input = pipe.fileHandleForWriting
        }
        switch output {
        case .discard:
            process.standardOutput = FileHandle.nullDevice
            self.output = nil
        case .pipe:
            let pipe = Pipe()
            process.standardOutput = pipe
            self.output = pipe.fileHandleForReading
        }
        ChildProcess.ignoreBrokenPipes()
        do {
            try process.run()
        } catch {
            throw VideoIOError.toolMissing(program: executable)
        }
        errorTail.drain(errorPipe.fileHandleForReading)
    }

    var isRunning: Bool { process.isRunning }
    var processIdentifier: Int32 { process.processIdentifier }

    /// The exit status, or `nil` if the child had to be killed after `timeout` seconds.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            errorTail.waitForEnd(timeout: 1)
            return nil
        }
        process.waitUntilExit()
        errorTail.waitForEnd(timeout: 2)
        return process.terminationStatus
    }

    /// Stops the child now (early stop or abandoned output). SIGKILL rather than SIGTERM: its output is unwanted
    /// anyway, and a child started after `InterruptCleanup` installed its handlers inherits SIGTERM as ignored.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        _ = waitForExit(timeout: 5)
    }

    /// ffmpeg's last stderr lines, for error messages.
    func stderrSummary(lines: Int = 4) -> String { errorTail.lastLines(lines) }

    /// A write to a pipe whose reader died must come back as an error, not kill this process with SIGPIPE.
    private static let brokenPipesIgnored: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    private static func ignoreBrokenPipes() { _ = brokenPipesIgnored }
}
