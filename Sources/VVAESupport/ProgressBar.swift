import Foundation

/// A one-line progress bar on standard error, with the rate and the time left. Silent when disabled or when standard
/// error is not a terminal, so scripts and logs see none of it. Threads may advance it at once.
public final class ProgressBar: @unchecked Sendable {
    /// What the bar counts: items of a unit (`8/20 frames`), or bytes (`812 MB/1.9 GB`).
    public enum Counting: Sendable {
        case items(String?)
        case bytes
    }

    private let total: Int
    private let label: String
    private let counting: Counting
    private let enabled: Bool
    private let start = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    /// Units done; fractional while a unit is under way (a chunk's frames as the model works through it).
    private var current = 0.0
    private var line = ""

    /// `unit` names what is counted (e.g. "frames"); with it the bar shows the rate, `12.5 frames/s`.
    public convenience init(total: Int, label: String, unit: String? = nil, quiet: Bool = false) {
        self.init(total: total, label: label, counting: .items(unit), quiet: quiet)
    }

    public init(total: Int, label: String, counting: Counting, quiet: Bool = false) {
        self.total = max(total, 1)
        self.label = label
        self.counting = counting
        self.enabled = !quiet && Terminal.standardErrorIsTerminal
    }

    /// Whether anything is drawn: callers skip work that only feeds the bar.
    public var isVisible: Bool { enabled }

    /// Draws the bar at its current count now (e.g. at 0 % before the first slow step).
    public func show(detail: String = "") {
        lock.withLock { draw(at: Date(), detail: detail) }
    }

    /// Advances by `count` units; redraws at most ten times a second.
    public func advance(by count: Int = 1, detail: String = "") {
        lock.withLock { move(to: current + Double(count), detail: detail) }
    }

    /// Moves to `position` units done, a fraction of a unit allowed (never back, never past the total); redraws at
    /// most ten times a second.
    public func advance(to position: Double, detail: String = "") {
        lock.withLock { move(to: position, detail: detail) }
    }

    /// What a long computation tells its position to (units done, fractional), or nil when nothing is drawn, so the
    /// computation can skip the work of reporting.
    public var positionReport: ((Double) -> Void)? {
        enabled ? { [self] position in advance(to: position) } : nil
    }

    /// The same for a computation that tells the share of the whole total it has done (0 to 1).
    public var shareReport: ((Double) -> Void)? {
        enabled ? { [self] share in advance(to: share * Double(total)) } : nil
    }

    private func move(to position: Double, detail: String) {
        let before = current
        if position.isFinite { current = min(max(current, position), Double(total)) }
        guard enabled else { return }
        let now = Date()
        let reachedTheEnd = current == Double(total) && before < current
        guard reachedTheEnd || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        draw(at: now, detail: detail)
    }

    /// Marks the work done (counts that were estimates may fall short of the total) and draws the last state.
    public func complete(detail: String = "") {
        lock.withLock {
            current = Double(total)
            draw(at: Date(), detail: detail)
        }
    }

    private func draw(at now: Date, detail: String) {
        guard enabled else { return }
        lastDraw = now
        line = Self.render(label: label, current: current, total: total, elapsed: now.timeIntervalSince(start),
                           counting: counting, detail: detail)
        Terminal.writeError("\r" + line + "\u{1B}[K")
    }

    /// Prints a line of its own above the bar (e.g. a chunk's metrics), then redraws the bar.
    public func note(_ text: String) {
        guard enabled else { return }
        lock.withLock {
            Terminal.writeError("\r\u{1B}[K" + text + "\n" + (line.isEmpty ? "" : line + "\u{1B}[K"))
        }
    }

    /// Ends the line so following output starts fresh.
    public func finish() {
        guard enabled else { return }
        lock.withLock { Terminal.writeError("\n") }
    }

    /// `reconstructing [############..................]  40%  8/20 frames  1.3 frames/s  ETA 0:09`; a fractional
    /// `current` shows its whole units and moves the bar, the percentage and the rate by its fraction.
    public static func render(label: String, current: Double, total: Int, elapsed: TimeInterval, unit: String?,
                              detail: String = "", width: Int = 30) -> String {
        render(label: label, current: current, total: total, elapsed: elapsed, counting: .items(unit), detail: detail,
               width: width)
    }

    /// `converting [###########...................]  38%  736 MB/1.9 GB  1.2 GB/s  ETA 0:01`
    public static func render(label: String, current: Double, total: Int, elapsed: TimeInterval, counting: Counting,
                              detail: String = "", width: Int = 30) -> String {
        let clamped = current.isFinite ? min(max(current, 0), Double(total)) : 0
        let fraction = total > 0 ? clamped / Double(total) : 1
        let whole = Int(clamped)
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        // Rounded, but 100 % only when done: 99.6 % of the work is not the end of it.
        let percent = fraction < 1 ? min(Int((fraction * 100).rounded()), 99) : 100
        var parts = [label, "[\(bar)]", String(format: "%3d%%", percent)]
        switch counting {
        case .items(let unit):
            parts.append("\(whole)/\(total)" + (unit.map { " \($0)" } ?? ""))
            if let unit, fraction > 0, elapsed > 0 {
                parts.append(String(format: "%.1f %@/s", clamped / elapsed, unit))
            }
        case .bytes:
            parts.append(decimalBytes(whole) + "/" + decimalBytes(total))
            if fraction > 0, elapsed > 0 { parts.append(decimalBytes(Int(clamped / elapsed)) + "/s") }
        }
        if fraction >= 1 {
            parts.append("in " + clock(elapsed))
        } else {
            parts.append("ETA " + (fraction > 0 && elapsed > 0 ? clock(elapsed / fraction - elapsed) : "--"))
        }
        if !detail.isEmpty { parts.append(detail) }
        return parts.joined(separator: "  ")
    }

    /// `512 B`, `736 MB`, `1.9 GB`: decimal units, as file managers and `ls -h --si` show sizes.
    public static func decimalBytes(_ count: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
    }

    /// `0:09`, `12:30`, `1:02:03`.
    static func clock(_ seconds: TimeInterval) -> String {
        let whole = Int(max(seconds, 0).rounded())
        let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
