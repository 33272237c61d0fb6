import Foundation
import Testing
import TestSupport
@testable import VVAERuntime

/// One recorded case under `Fixtures/ops/<name>/`: inputs, PyTorch's float32 output and its float64 output.
struct OpFixture {
    let name: String

    init(_ name: String) { self.name = name }

    func url(_ file: String) -> URL { FixturePaths.fixture("ops/\(name)/\(file).npy") }

    /// A recorded float32 input or weight.
    func tensor(_ file: String) throws -> Tensor { try Npy.read(at: url(file)) }

    func optionalTensor(_ file: String) throws -> Tensor? {
        FileManager.default.fileExists(atPath: url(file).path) ? try tensor(file) : nil
    }

    /// Default multiplier on PyTorch's own float32 error. Our kernels reassociate float32 sums differently from
    /// PyTorch's (different blocking, im2col order, Double vs float statistics), so errors of the same order are
    /// expected but not identical; 4× PyTorch's worst error leaves room for that and nothing more.
    static let defaultFactor = 4.0

    /// Asserts `ours` is as close to the float64 reference as PyTorch's float32 result is, element by element:
    /// `|ours − f64| ≤ k · max|torch_f32 − f64| + 2 ulp(f64_i)`. The per-element floor (two float32 ulps of the
    /// reference value itself) only matters where PyTorch happens to be exact; it never exceeds what float32 can
    /// represent at that element. Reports the first offending element.
    func expectMatchesReference(_ ours: Tensor, factor k: Double = OpFixture.defaultFactor,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (shape64, reference) = try Npy.readDoubles(at: url("out_f64"))
        let (shape32, torch32) = try Npy.readDoubles(at: url("out_f32"))
        try #require(ours.shape == shape64, "\(name): shape \(ours.shape) vs reference \(shape64)",
                     sourceLocation: sourceLocation)
        try #require(shape32 == shape64, sourceLocation: sourceLocation)
        var torchError = 0.0
        for i in reference.indices { torchError = max(torchError, abs(torch32[i] - reference[i])) }
        var ourError = 0.0
        var firstFailure: Int?
        for i in reference.indices {
            let error = abs(Double(ours.scalars[i]) - reference[i])
            ourError = max(ourError, error)
            let floor = 2 * Double(Float(abs(reference[i])).ulp)
            if !(error <= k * torchError + floor) && firstFailure == nil { firstFailure = i }
        }
        print("[op \(name)] max|ours-f64| = \(ourError), max|torch32-f64| = \(torchError), k = \(k)")
        if let i = firstFailure {
            Issue.record("""
                \(name): element \(i) (of shape \(shape64)) ours \(ours.scalars[i]) vs f64 \(reference[i]) \
                (torch f32 \(torch32[i])); |ours-f64| = \(abs(Double(ours.scalars[i]) - reference[i])) > \
                \(k) × \(torchError) + 2 ulp; max|ours-f64| = \(ourError)
                """, sourceLocation: sourceLocation)
        }
    }

    /// Asserts `ours` equals the recorded float32 output bit for bit (pure data movement ops).
    func expectExact(_ ours: Tensor, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try tensor("out_f32")
        try #require(ours.shape == expected.shape, "\(name): shape \(ours.shape) vs \(expected.shape)",
                     sourceLocation: sourceLocation)
        if let i = ours.scalars.indices.first(where: { ours.scalars[$0].bitPattern != expected.scalars[$0].bitPattern }) {
            Issue.record("\(name): element \(i) is \(ours.scalars[i]), expected \(expected.scalars[i])",
                         sourceLocation: sourceLocation)
        }
    }
}
