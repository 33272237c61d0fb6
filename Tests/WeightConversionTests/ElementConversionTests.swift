import HDF5Kit
import Testing
import TorchCheckpoint
@testable import WeightConversion

struct ElementConversionTests {
    private func bytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    private func halfWords(_ bytes: [UInt8]) -> [UInt16] {
        stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
    }

    @Test func bfloat16RoundsToNearestEven() {
        // 1 + 2^-8 is exactly halfway between two bfloat16 values: ties go to the even mantissa (1.0).
        // 1 + 3·2^-8 is halfway too: it goes up to the even neighbour 1 + 2^-6.
        let values: [Float] = [1 + 0x1p-8, 1 + 3 * 0x1p-8, 1 + 0x1p-8 + 0x1p-20, -2.5, 0]
        let words = halfWords(ElementConversion.convert(bytes(values), from: .float32, to: .bfloat16))
        #expect(words == [0x3F80, 0x3F82, 0x3F81, 0xC020, 0x0000])
    }

    @Test func bfloat16KeepsNaNAndInfinity() {
        let words = halfWords(ElementConversion.convert(bytes([.nan, .infinity, -.infinity]), from: .float32, to: .bfloat16))
        #expect(HalfPrecisionDecoding.float(fromBFloat16Bits: words[0]).isNaN)
        #expect(words[1] == 0x7F80 && words[2] == 0xFF80)
    }

    @Test func float16NarrowingAndExactWideningRoundTrip() {
        let values: [Float] = [0.1, 65504, 1e-8, -3.25]
        let half = ElementConversion.convert(bytes(values), from: .float32, to: .float16)
        let words = halfWords(half)
        #expect(words == values.map { Float16($0).bitPattern })
        let widened = ElementConversion.convert(half, from: .float16, to: .float32)
        let back = stride(from: 0, to: widened.count, by: 4).map { index in
            Float(bitPattern: UInt32(widened[index]) | UInt32(widened[index + 1]) << 8 | UInt32(widened[index + 2]) << 16 | UInt32(widened[index + 3]) << 24)
        }
        #expect(back == values.map { Float(Float16($0)) })
    }

    @Test func storedTypeFollowsThePolicyButNeverTouchesIntegers() {
        #expect(StoredDType.float32.elementType(for: .bfloat16) == .float32)
        #expect(StoredDType.bfloat16.elementType(for: .float32) == .bfloat16)
        #expect(StoredDType.keep.elementType(for: .float16) == .float16)
        #expect(StoredDType.float16.elementType(for: .int64) == .int64)
        #expect(StoredDType.float32.elementType(for: .float8_e4m3fn) == nil)
        #expect(StoredDType.keep.elementType(for: .complex64) == nil)
    }
}
