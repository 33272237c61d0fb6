import Foundation
import Testing
@testable import VVAERuntime

/// The runtime's own vector `exp` and the SiLU built on it, against Double.
@Suite struct VectorExpTests {
    /// Error in units of the float spacing at the exact result.
    private func ulps(_ value: Float, exact: Double) -> Double {
        abs(Double(value) - exact) / Double(Float(exact).ulp)
    }

    private func exp8(_ x: Float) -> Float { VectorExp.exp(SIMD8(repeating: x))[0] }

    @Test func withinTwoUlpsOverTheNormalRange() {
        var worst = 0.0
        var x: Float = -86.9
        while x < 88.7 {
            worst = max(worst, ulps(exp8(x), exact: Foundation.exp(Double(x))))
            x = x.nextUp + 0.000_731 * max(1, abs(x))
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test func exactPointsAndLimits() {
        #expect(exp8(0) == 1)
        #expect(exp8(89) == .infinity)
        #expect(exp8(1000) == .infinity)
        #expect(exp8(-88) == 0)
        #expect(exp8(-.infinity) == 0)
        #expect(exp8(88.7).isFinite)
        #expect(exp8(-87).isNormal)
    }

    @Test func siluMatchesDouble() {
        var worst = 0.0
        var x: Float = -100
        while x < 100 {
            let exact = Double(x) / (1 + Foundation.exp(-Double(x)))
            let got = SiLU.value(x)
            // Relative to the value, or absolute near zero where SiLU crosses it.
            worst = max(worst, abs(Double(got) - exact) / max(abs(exact), 1e-30) / Double(Float.ulpOfOne))
            x += 0.0137
        }
        #expect(worst <= 4, "worst error \(worst) ulp")
        #expect(SiLU.value(-200) == 0)
        #expect(SiLU.value(200) == 200)
        #expect(SiLU.value(0) == 0)
    }

    /// The tail of a run goes through the same arithmetic as the body.
    @Test func tailsAreComputedLikeTheBody() throws {
        let values = (0..<21).map { Float($0) * 0.37 - 3 }
        var tensor = try Tensor(shape: [21], scalars: values)
        tensor.applySiLU()
        for (i, x) in values.enumerated() { #expect(tensor.scalars[i] == SiLU.value(x)) }
    }
}
