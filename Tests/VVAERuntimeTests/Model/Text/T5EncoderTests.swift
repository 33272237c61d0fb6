import Foundation
import HDF5Kit
import TestSupport
import Testing
import VVAERuntime
import VVAEWeights
import WeightConversion

/// The T5 encoder against `transformers`' T5EncoderModel on Fixtures/t5/tiny (random weights, the flan-t5
/// architecture family), recorded by Fixtures/generators/make_t5_fixtures.py in float32, float64 and bfloat16.
@Suite(.serialized) struct T5EncoderTests {
    static let converted: Result<String, any Error> = Result {
        let folder = try FixturePaths.temporaryDirectory("vvae-t5")
        let output = folder.appendingPathComponent("tiny-t5.h5").path
        try TextEncoderConverter(toolVersion: "test").convert(folder: FixturePaths.fixture("t5/tiny").path, outputPath: output)
        return output
    }

    static func encoder(_ precision: T5Precision) throws -> T5Encoder {
        try TextEncoder(path: try converted.get(), precision: precision).encoder
    }

    static let golden = FixturePaths.fixture("t5/golden.h5").path

    static func goldenIDs() throws -> (ids: [[Int]], mask: [[Int]]) {
        let file = try HDF5File.open(atPath: golden)
        let ids = try file.read("/input_ids", as: Int64.self).map(Int.init)
        let mask = try file.read("/attention_mask", as: Int64.self).map(Int.init)
        let length = try file.datasetInfo("/input_ids").shape[1]
        return (stride(from: 0, to: ids.count, by: length).map { Array(ids[$0..<($0 + length)]) },
                stride(from: 0, to: mask.count, by: length).map { Array(mask[$0..<($0 + length)]) })
    }

    /// Every observed intermediate, the sequences one after another (the recording's `[B, L, d]` order).
    static func run(_ precision: T5Precision) throws -> (output: Tensor, observed: [String: [Float]]) {
        let (ids, mask) = try goldenIDs()
        var observed: [String: [Float]] = [:]
        let output = try encoder(precision).encode(ids: ids, mask: mask) { name, tensor in
            observed[name, default: []] += tensor.scalars
        }
        return (output, observed)
    }

    @Test func everyBlockIsWithinTheRuntimesBarOfFloat64AndNoFartherThanPyTorchFloat32() throws {
        let (output, observed) = try Self.run(.float32)
        let file = try HDF5File.open(atPath: Self.golden)
        #expect(output.scalars == observed["last_hidden_state"])
        for name in ["block.0", "block.1", "last_hidden_state"] {
            let reference = try file.read("/float64/\(name)", as: Double.self)
            let pytorch = try file.read("/float32/\(name)", as: Float.self)
            let ours = try #require(observed[name])
            let comparison = Comparison(ours, reference)
            let pytorchComparison = Comparison(pytorch, reference)
            #expect(comparison.relativeToMagnitude <= 1e-5, "\(name): \(comparison); PyTorch float32 \(pytorchComparison)")
            #expect(comparison.maxAbsError <= pytorchComparison.maxAbsError,
                    "\(name): ours \(comparison) vs PyTorch float32 \(pytorchComparison)")
            print("float32 \(name) vs float64: vvae \(comparison); PyTorch \(pytorchComparison)")
        }
    }

    @Test func eachSubLayerMatchesPyTorchFloat32() throws {
        let (_, observed) = try Self.run(.float32)
        let file = try HDF5File.open(atPath: Self.golden)
        #expect(observed["embeddings"] == (try file.read("/float32/embeddings", as: Float.self)))
        for name in ["block.0.layer.0.layer_norm", "block.0.layer.0.SelfAttention", "block.0.layer.1.layer_norm",
                     "block.0.layer.1.DenseReluDense"] {
            let reference = try file.read("/float32/\(name)", as: Float.self).map(Double.init)
            let ours = try #require(observed[name], "\(name) not observed")
            let comparison = Comparison(ours, reference)
            if let index = Comparison.firstBeyond(1e-5 * comparison.magnitude, ours, reference) {
                Issue.record("\(name): first difference at \(multiIndex(index, in: [4, 32, 64])): \(ours[index]) vs \(reference[index]); \(comparison)")
            }
        }
    }

    @Test func positionBiasMatchesTheRecording() throws {
        let encoder = try Self.encoder(.float32)
        let (ids, _) = try Self.goldenIDs()
        let file = try HDF5File.open(atPath: Self.golden)
        let recorded = try file.read("/float32/position_bias", as: Float.self)
        let length = ids[0].count
        // The bias of block 0 alone (no mask), as transformers' hook saw it: a head-major [H, L, L] table.
        #expect(encoder.positionBias(length: length) == recorded)
    }

    @Test func bucketsEqualPyTorchsForEveryDistance() throws {
        struct Setting: Decodable { let num_buckets: Int; let max_distance: Int; let relative_position_first: Int; let buckets: [Int] }
        struct Recording: Decodable { let settings: [Setting] }
        let data = try Data(contentsOf: FixturePaths.fixture("t5/buckets.json"))
        let settings = try JSONDecoder().decode(Recording.self, from: data).settings
        #expect(settings.count == 3)
        for setting in settings {
            #expect(setting.buckets.count > 1000)
            for (offset, recorded) in setting.buckets.enumerated() {
                let distance = setting.relative_position_first + offset
                let ours = T5RelativePosition.bucket(distance, buckets: setting.num_buckets, maxDistance: setting.max_distance)
                #expect(ours == recorded, "distance \(distance), \(setting.num_buckets) buckets, max \(setting.max_distance)")
                if ours != recorded { break }
            }
        }
    }

    @Test func bfloat16PathStaysCloseToUpstreamsBFloat16Model() throws {
        let (output, _) = try Self.run(.bfloat16)
        let file = try HDF5File.open(atPath: Self.golden)
        let reference = try file.read("/bfloat16/last_hidden_state", as: Float.self).map(Double.init)
        let float64 = try file.read("/float64/last_hidden_state", as: Double.self)
        let ours = output.scalars
        func rms(_ a: [Double], _ b: [Double]) -> Double {
            (zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(a.count)).squareRoot()
        }
        let oursVsUpstream = rms(ours.map(Double.init), reference)
        let upstreamVsExact = rms(reference, float64)
        let oursVsExact = rms(ours.map(Double.init), float64)
        let identical = zip(ours, reference).filter { Double($0) == $1 }.count
        let magnitude = float64.map(abs).max() ?? 0
        // One bfloat16 step at the output's largest magnitude: 8 significant bits.
        let step = Double(Float(magnitude).ulp) * Double(1 << 16)
        let largest = zip(ours, reference).map { abs(Double($0) - $1) }.max() ?? .infinity
        let summary = "rms ours-upstream \(oursVsUpstream), upstream-exact \(upstreamVsExact), ours-exact \(oursVsExact); identical \(identical)/\(ours.count); largest \(largest), bf16 step \(step)"
        // Two bfloat16 computations of one function: they differ by accumulation order only, so they lie closer to
        // each other than either to the exact result; where one rounded an intermediate the other way, the outputs
        // may end up to two steps apart (65 % of the elements are identical).
        #expect(oursVsUpstream <= 0.75 * upstreamVsExact, "\(summary)")
        #expect(oursVsExact <= 1.25 * upstreamVsExact, "\(summary)")
        #expect(largest <= 2 * step, "\(summary)")
        print("bfloat16 path: \(summary)")
    }

    @Test func binAndSafetensorsFoldersConvertToTheSameTensors() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-t5-bin")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("bin.h5").path
        let result = try TextEncoderConverter(toolVersion: "test").convert(folder: FixturePaths.fixture("t5/tiny-bin").path, outputPath: output)
        #expect(result.tokenizerSource == "spiece.model")
        let fromBin = try TextEncoderFile(path: output)
        let fromSafetensors = try TextEncoderFile(path: try Self.converted.get())
        #expect(fromBin.entries.map(\.key).sorted() == fromSafetensors.entries.map(\.key).sorted())
        for entry in fromBin.entries {
            #expect(try fromBin.floats(entry.key) == fromSafetensors.floats(entry.key), "\(entry.key)")
        }
    }
}
