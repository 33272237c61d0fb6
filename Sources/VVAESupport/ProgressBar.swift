import Foundation

/// A one-line progress bar on standard error. Silent when disabled or when standard error is not a terminal.
public final class ProgressBar {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var current = 0

    public init(total: Int, label: String, quiet: Bool = false) {
        self.total = max(total, 1)
        self.label = label
        self.enabled = !quiet && Terminal.standardErrorIsTerminal
    }

    /// Advances by `count` units; redraws at most ten times a second.
    public func advance(by count: Int = 1, detail: String = "") {
        current = min(current + count, total)
        guard enabled else { return }
        let now = Date()
        guard current == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let fraction = Double(current) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = now.timeIntervalSince(start)
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(format: "\r%@ [%@] %3.0f%% %d/%d ETA %.0fs %@", label, bar, fraction * 100, current, total, eta, detail)
        Terminal.writeError(line + "\u{1B}[K")
    }

    /// Ends the line so following output starts fresh.
    public func finish() {
        guard enabled else { return }
        Terminal.writeError("\n")
    }
}
