import Foundation
import Testing
@testable import VideoIO

/// SSIM against values computed independently (Fixtures/generators/make_ssim_expectations.py: direct 2-D windows in
/// numpy, cross-checked with scikit-image's structural_similarity) on images both sides build from the same formulas.
struct StructuralSimilarityTests {
    /// The generator's `hashed`: a fixed pseudo-random byte per pixel, channel and seed.
    static func hashed(_ x: Int, _ y: Int, _ c: Int, _ seed: Int) -> Int {
        let v = UInt32(truncatingIfNeeded: x * 73 + y * 151 + c * 199 + seed * 31)
        return Int((v &* 2_654_435_761) >> 13) & 255
    }

    static func image(_ width: Int, _ height: Int, _ pixel: (Int, Int, Int) -> Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for y in 0..<height { for x in 0..<width { for c in 0..<3 { bytes.append(UInt8(pixel(x, y, c))) } } }
        return bytes
    }

    /// (name, width, height, first, second, expected per-channel means from the generator)
    typealias Pixel = @Sendable (Int, Int, Int) -> Int
    static let cases: [(String, Int, Int, Pixel, Pixel, [Double])] = [
        ("noiseAndSmallNoise", 32, 24, { hashed($0, $1, $2, 1) },
         { min(255, max(0, hashed($0, $1, $2, 1) + hashed($0, $1, $2, 2) % 21 - 10)) },
         [0.9970119978867233, 0.9970500203596091, 0.9969856050067607]),
        ("gradientShiftedByOne", 40, 30, { ($0 * 5 + $1 * 3 + $2 * 40) % 256 }, { (($0 + 1) * 5 + $1 * 3 + $2 * 40) % 256 },
         [0.9827491380170715, 0.8789633675864907, 0.7864348962044917]),
        ("twoNoisesInOneWindow", 11, 11, { hashed($0, $1, $2, 3) }, { hashed($0, $1, $2, 4) },
         [-0.06166212317146295, -0.061213184291891924, -0.05837566446600068]),
        ("constants100And120", 16, 16, { _, _, _ in 100 }, { _, _, _ in 120 },
         [0.9836109249983684, 0.9836109249983684, 0.9836109249983684]),
    ]

    @Test(arguments: 0..<cases.count)
    func matchesTheIndependentComputation(index: Int) throws {
        let (name, width, height, first, second, expected) = Self.cases[index]
        let a = Self.image(width, height, first)
        let b = Self.image(width, height, second)
        let ours = try #require(StructuralSimilarity.channelMeans(a, b, width: width, height: height))
        for (value, reference) in zip(ours, expected) {
            #expect(abs(value - reference) < 1e-12, "\(name): \(ours) vs \(expected)")
        }
        // Symmetric in its arguments.
        let swapped = try #require(StructuralSimilarity.mean(b, a, width: width, height: height))
        #expect(abs(swapped - expected.reduce(0, +) / 3) < 1e-12)
    }

    @Test func constantFramesFollowTheLuminanceTermAlone() throws {
        // Zero variance leaves (2·μx·μy + C1) / (μx² + μy² + C1), with C1 = (0.01·255)².
        let c1 = 0.01 * 255 * (0.01 * 255)
        let expected = (2 * 100 * 120 + c1) / (100 * 100 + 120 * 120 + c1)
        let a = [UInt8](repeating: 100, count: 12 * 12 * 3)
        let b = [UInt8](repeating: 120, count: 12 * 12 * 3)
        let value = try #require(StructuralSimilarity.mean(a, b, width: 12, height: 12))
        #expect(abs(value - expected) < 1e-12)
    }

    @Test func identicalFramesScoreExactlyOne() throws {
        let frame = Self.image(37, 23) { Self.hashed($0, $1, $2, 9) }
        #expect(StructuralSimilarity.channelMeans(frame, frame, width: 37, height: 23) == [1, 1, 1])
        #expect(StructuralSimilarity.mean(frame, frame, width: 37, height: 23) == 1)
    }

    @Test func framesSmallerThanTheWindowHaveNoValue() {
        let frame = [UInt8](repeating: 7, count: 10 * 40 * 3)
        #expect(StructuralSimilarity.mean(frame, frame, width: 40, height: 10) == nil)
        #expect(StructuralSimilarity.mean(frame, frame, width: 10, height: 40) == nil)
    }

    @Test func moreDistortionScoresLower() throws {
        let clean = Self.image(48, 32) { ($0 * 4 + $1 * 2 + $2 * 30) % 256 }
        func distorted(_ amplitude: Int) -> [UInt8] {
            Self.image(48, 32) { x, y, c in min(255, max(0, (x * 4 + y * 2 + c * 30) % 256 + Self.hashed(x, y, c, 5) % (2 * amplitude + 1) - amplitude)) }
        }
        let mild = try #require(StructuralSimilarity.mean(clean, distorted(4), width: 48, height: 32))
        let strong = try #require(StructuralSimilarity.mean(clean, distorted(40), width: 48, height: 32))
        #expect(mild < 1 && strong < mild)
    }
}
