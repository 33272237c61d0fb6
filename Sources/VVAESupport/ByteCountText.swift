import Foundation

/// Byte counts as people read them, in binary units (as `free` and `top` count, and as `--max-memory` parses).
public enum ByteCountText {
    /// `512 B`, `1.5 KiB`, `3.2 GiB`.
    public static func binary(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
