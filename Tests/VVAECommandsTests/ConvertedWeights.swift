import Foundation
import HDF5Kit
import Testing
import TestSupport

/// Weight files the inspect and JSON tests start from, converted through the real vvae-convert.
enum ConvertedWeights {
    /// `Fixtures/models/tiny4z` converted into a fresh folder; the conversion's result for tests of its report.
    static func tiny4z() throws -> (checkpoint: String, output: String, result: ToolRunner.Result) {
        let checkpoint = FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path
        let config = FixturePaths.fixture("models/tiny4z/config.yaml").path
        let output = try FixturePaths.temporaryDirectory().appendingPathComponent("tiny4z.h5").path
        let result = try ToolRunner.run("vvae-convert", [checkpoint, output, "--config", config])
        #expect(result.status == 0, "\(result.standardError)")
        return (checkpoint, output, result)
    }

    /// Writes 1.0f over the first element of `dataset` in place, as a bit flip on disk would.
    static func corrupt(_ output: String, dataset: String) throws {
        let offset = try #require(try HDF5File.open(atPath: output).datasetInfo(dataset).byteOffset)
        let handle = try #require(FileHandle(forUpdatingAtPath: output))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data([0x00, 0x00, 0x80, 0x3F]))
        try handle.close()
    }
}
