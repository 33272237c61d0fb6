import Foundation
import HDF5Kit
import Testing
import TestSupport
import VVAERuntime

/// `vvae validate` and `vvae trace`: the porter's tools, run against the golden recordings.
struct ValidateTraceCommandTests {
    private func weights(_ model: String) throws -> String {
        let output = try FixturePaths.temporaryDirectory().appendingPathComponent("\(model).h5").path
        let result = try ToolRunner.run("vvae-convert", [FixturePaths.fixture("models/\(model)/\(model).ckpt").path, output,
                                                         "--config", FixturePaths.fixture("models/\(model)/config.yaml").path, "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        return output
    }

    @Test(arguments: [("tinytext", "golden.h5", 317 + 2), ("tiny16z", "golden_image.h5", 86 + 2)])
    func everyRecordedLayerPasses(model: String, recording: String, rows: Int) throws {
        let weights = try weights(model)
        let result = try ToolRunner.run("vvae", ["validate", "--weights", weights, "--fixtures",
                                                 FixturePaths.fixture("models/\(model)/\(recording)").path])
        #expect(result.status == 0, "\(result.standardOutput.suffix(2000))\(result.standardError)")
        #expect(result.standardOutput.contains("\(rows) of \(rows) layers within"))
    }

    @Test func aChangedWeightFailsAtItsLayer() throws {
        let weights = try weights("tiny4z")
        let file = try HDF5File.open(atPath: weights, mode: .readWrite)
        let path = "/decoder/mid/block_1/conv2/bias"
        let values = try file.readFloat32(path)
        let offset = try #require(try file.datasetInfo(path).byteOffset)
        try file.close()
        let handle = try #require(FileHandle(forUpdatingAtPath: weights))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: withUnsafeBytes(of: (values[0] + 0.5).bitPattern.littleEndian) { Data($0) })
        try handle.close()
        let result = try ToolRunner.run("vvae", ["validate", "--weights", weights, "--failures-only", "--fixtures",
                                                 FixturePaths.fixture("models/tiny4z/golden.h5").path])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("decoder.mid.block_1.conv2#0"))
        #expect(!result.standardOutput.contains("encoder.mid.block_1.conv2#0"))
        #expect(result.standardOutput.contains("FAIL"))
    }

    /// The recording of another model fails at its first call: named as the recording's fault, with both
    /// checkpoints, not as a GroupNorm shape message.
    @Test func aRecordingOfAnotherModelIsNamedAsSuch() throws {
        let weights = try weights("tiny16z")
        let fixtures = FixturePaths.fixture("models/tinytext/golden.h5").path
        let result = try ToolRunner.run("vvae", ["validate", "--weights", weights, "--fixtures", fixtures])
        #expect(result.status == 1)
        #expect(result.standardOutput == "")
        #expect(result.standardError.hasPrefix("Error: \(fixtures): its call "), "\(result.standardError)")
        #expect(result.standardError.contains(" does not fit the weights in \(weights) ("), "\(result.standardError)")
        #expect(result.standardError.hasSuffix(": it is a recording of checkpoint tinytext.ckpt, and the weights were converted from tiny16z.ckpt; pass the recording of those weights, or make one with `vvae trace`\n"),
                "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    @Test func traceRecordsTheSameLayersAsTheReference() throws {
        let weights = try weights("tiny16z")
        let folder = try FixturePaths.temporaryDirectory()
        let golden = try GoldenRecording(path: FixturePaths.fixture("models/tiny16z/golden.h5").path)
        let input = folder.appendingPathComponent("input.npy").path
        try Npy.write(try golden.tensor(at: "/input"), to: URL(fileURLWithPath: input))
        let output = folder.appendingPathComponent("layers.h5").path
        let result = try ToolRunner.run("vvae", ["trace", "--weights", weights, input, "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        let trace = try HDF5File.open(atPath: output)
        let order = try trace.stringAttribute("call_order").split(separator: "\n").map(String.init)
        // The reference lists calls as they start, the trace as they finish: the same calls, another order.
        let expected = golden.calls.map { "\($0.module)/call\($0.index)" }
        #expect(order.count == expected.count)
        #expect(Set(order).symmetricDifference(expected).sorted() == [])
        let conv = try trace.readFloat32("/modules/decoder.conv_out/call0/output")
        let reference = try golden.tensor(at: "/modules/decoder.conv_out/call0/output")
        let worst: Float = zip(conv, reference.scalars).map { abs($0 - $1) }.max() ?? .infinity
        let scale: Float = reference.scalars.map { abs($0) }.max() ?? 1
        #expect(worst / scale < 1e-5, "decoder.conv_out differs by \(worst)")
    }
}
