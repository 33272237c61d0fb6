import Foundation
import VVAERuntime

/// How far one output lies from another of the same shape: max abs difference, and that over max |reference|.
struct OutputDifference: Sendable {
    let maxAbs: Double
    let relative: Double

    init(ours: String, reference: String) throws {
        let a = try Npy.readDoubles(at: URL(fileURLWithPath: ours))
        let b = try Npy.readDoubles(at: URL(fileURLWithPath: reference))
        guard a.shape == b.shape else {
            throw BenchError("\(ours) has shape \(a.shape) but \(reference) has \(b.shape)")
        }
        var maxAbs = 0.0
        var maxReference = 0.0
        for (x, y) in zip(a.values, b.values) {
            maxAbs = max(maxAbs, abs(x - y))
            maxReference = max(maxReference, abs(y))
        }
        self.maxAbs = maxAbs
        relative = maxReference > 0 ? maxAbs / maxReference : maxAbs
    }
}
