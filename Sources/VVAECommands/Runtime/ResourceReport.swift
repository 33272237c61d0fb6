import Foundation

/// The closing line of a runtime command: wall time and the process's peak resident memory.
enum ResourceReport {
    /// Peak resident set size in bytes (Linux reports `ru_maxrss` in KiB).
    static var peakResidentBytes: Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    static func line(since start: Date) -> String {
        String(format: "done in %.2f s, peak memory %@", Date().timeIntervalSince(start),
               TensorTable.humanBytes(peakResidentBytes))
    }
}
