import Foundation

/// The last few kilobytes a child process wrote to stderr, drained on a background thread so the child never
/// blocks on a full pipe, and kept bounded so a chatty ffmpeg cannot grow memory.
final class OutputTail: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private let limit: Int
    private let finished = DispatchSemaphore(value: 0)

    init(limit: Int = 16 * 1024) {
        self.limit = limit
    }

    /// Reads `handle` to its end on a background thread.
    func drain(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                append(data)
            }
            finished.signal()
        }
    }

    /// Waits (bounded) for the stream to reach its end, so the text is complete after the process exits.
    func waitForEnd(timeout: TimeInterval) {
        if finished.wait(timeout: .now() + timeout) == .success { finished.signal() }
    }

    private func append(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        bytes.append(contentsOf: data)
        if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
    }

    /// The last `lines` distinct non-empty lines, joined with "; " for one-line error messages. ffmpeg's
    /// `[demuxer @ 0x…]` prefixes and our `file:` path prefix are dropped: they mean nothing to a user.
    func lastLines(_ lines: Int = 4) -> String {
        lock.lock()
        let text = String(decoding: bytes, as: UTF8.self)
        lock.unlock()
        var kept: [String] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = Self.clean(String(raw))
            if line.isEmpty { continue }
            kept.removeAll { $0 == line }
            kept.append(line)
        }
        return kept.suffix(lines).joined(separator: "; ")
    }

    static func clean(_ line: String) -> String {
        var line = line.trimmingCharacters(in: .whitespaces)
        if line.hasPrefix("["), let close = line.firstIndex(of: "]"), line[..<close].contains(" @ 0x") {
            line = String(line[line.index(after: close)...]).trimmingCharacters(in: .whitespaces)
        }
        return line.replacingOccurrences(of: "file:/", with: "/")
    }
}
