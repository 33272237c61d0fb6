import Foundation
import ArgumentParser

/// A memory amount as users write it: `4G`, `512M`, `1.5G`, `800K`, `4GiB`, `2gb`, or plain bytes. Suffixes are
/// binary (K = 1024), as `free` and `top` count; the peak memory line vvae prints uses the same units.
enum MemorySize {
    static func parse(_ text: String, option: String = "--max-memory") throws -> Int {
        var body = text.trimmingCharacters(in: .whitespaces).uppercased()
        for unit in ["IB", "B"] where body.hasSuffix(unit) && body.count > unit.count {
            body.removeLast(unit.count)
            break
        }
        var multiplier: Double = 1
        if let last = body.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last)] {
            multiplier = Double(1 << (10 * power))
            body.removeLast()
        }
        guard let number = Double(body), number.isFinite, number > 0, number * multiplier < Double(Int.max) / 2,
              body.allSatisfy({ $0.isNumber || $0 == "." }) else {
            throw ValidationError("\(option) must be a size such as 4G, 512M or 1.5G (binary units), got '\(text)'")
        }
        return Int(number * multiplier)
    }
}
