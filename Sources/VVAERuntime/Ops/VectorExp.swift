/// `e^x` on eight floats, branch-free, so loops around it vectorise (the C library's `expf` is one call per value).
///
/// Cody–Waite reduction `x = n·ln2 + r` with ln2 split in two, so `r` is exact to a few ulp; `e^r` by the degree-6
/// minimax polynomial of the Cephes library on |r| ≤ ln2/2; `2^n` built in the exponent bits. Relative error
/// ≤ 2 ulp over the range (measured against Double in VectorExpTests); results over ~88.7 are +∞ and
/// below ~−87.3 are 0, as for `expf` (no subnormal results: they are below 1e-38 and only ever feed `1 + e^x`).
enum VectorExp {
    typealias Lanes = SIMD8<Float>

    @inline(__always)
    static func exp(_ x: Lanes) -> Lanes {
        let overflow = x .> 88.72283
        let underflow = x .< -87.33654
        // Masked replacement rather than `clamped(lowerBound:upperBound:)`, whose generic min/max the optimiser
        // leaves as calls (seen in profiles); the masks are needed below anyway.
        var clamped = x
        clamped.replace(with: 88.72283, where: overflow)
        clamped.replace(with: -87.33654, where: underflow)
        // n = round(x / ln 2) by the 1.5·2^23 trick: adding it leaves the rounded integer in the low mantissa bits.
        let magic: Float = 12_582_912
        let shifted = clamped * 1.442_695_04 + magic
        let n = shifted - magic
        let r = (clamped - n * 0.693_359_375) - n * -2.121_944_4e-4
        var p = Lanes(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let er = p * (r * r) + r + 1
        // 2^n: the integer n sits in the low bits of `shifted`. Clamped n is in -126…128 and 2^128 is not a float,
        // so 2^n is applied as two factors 2^(n>>1) · 2^(n - n>>1), each a normal float built in the exponent
        // bits; both products are exact (powers of two) unless the result is subnormal. Shifts and adds only:
        // masked replacement on integer lanes compiles to a per-lane loop (seen in profiles).
        let n32 = shifted.bitPattern(as: Int32.self) &- 0x4B40_0000
        let half = n32 &>> 1
        let scaleA = Lanes(bitPatterns: (half &+ 127) &<< 23)
        let scaleB = Lanes(bitPatterns: (n32 &- half &+ 127) &<< 23)
        var result = er * scaleA * scaleB
        result.replace(with: Lanes(repeating: .infinity), where: overflow)
        result.replace(with: Lanes(), where: underflow)
        return result
    }
}

extension SIMD8 where Scalar == Float {
    @inline(__always)
    func bitPattern(as _: Int32.Type) -> SIMD8<Int32> {
        unsafeBitCast(self, to: SIMD8<Int32>.self)
    }

    @inline(__always)
    init(bitPatterns: SIMD8<Int32>) {
        self = unsafeBitCast(bitPatterns, to: SIMD8<Float>.self)
    }
}
