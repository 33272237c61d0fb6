import Foundation
import HDF5Kit
import Testing
import TestSupport

/// The user's path end to end, through the real executables: convert, list, compare, verify.
struct ConvertAndCompareCommandTests {
    private func convertTiny4z() throws -> (checkpoint: String, output: String) {
        let checkpoint = FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path
        let config = FixturePaths.fixture("models/tiny4z/config.yaml").path
        let output = try FixturePaths.temporaryDirectory().appendingPathComponent("tiny4z.h5").path
        let result = try ToolRunner.run("vvae-convert", [checkpoint, output, "--config", config])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("322 tensors"))
        #expect(result.standardOutput.contains("1 training-only dropped (loss.*)"))
        return (checkpoint, output)
    }

    @Test func convertedFileComparesIdenticalAndVerifies() throws {
        let (checkpoint, output) = try convertTiny4z()
        let compare = try ToolRunner.run("vvae-inspect", ["--compare", checkpoint, output])
        #expect(compare.status == 0, "\(compare.standardOutput)\(compare.standardError)")
        #expect(compare.standardOutput.contains("322 match, 0 differ"))
        let verify = try ToolRunner.run("vvae-inspect", ["--verify", output])
        #expect(verify.status == 0)
        #expect(verify.standardOutput.contains("322 of 322 datasets match"))
    }

    @Test func changedValueIsFoundByCompareAndVerify() throws {
        let (checkpoint, output) = try convertTiny4z()
        let offset = try #require(try HDF5File.open(atPath: output).datasetInfo("/decoder/conv_out/bias").byteOffset)
        let handle = try #require(FileHandle(forUpdatingAtPath: output))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data([0x00, 0x00, 0x80, 0x3F]))  // 1.0f
        try handle.close()
        let compare = try ToolRunner.run("vvae-inspect", ["--compare", checkpoint, output])
        #expect(compare.status == 1)
        #expect(compare.standardOutput.contains("differ      decoder.conv_out.bias"))
        let verify = try ToolRunner.run("vvae-inspect", ["--verify", output])
        #expect(verify.status == 1)
        #expect(verify.standardOutput.contains("CORRUPT      decoder.conv_out.bias"))
    }

    @Test func weightFileListsWithDottedNamesAndModelSummary() throws {
        let (_, output) = try convertTiny4z()
        let result = try ToolRunner.run("vvae-inspect", [output, "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "hdf5")
        let names = (object["tensors"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(names.contains("encoder.down.0.block.0.conv1.weight"))
        let metadata = try #require(object["metadata"] as? [String: Any])
        let config = try #require(metadata["config"] as? [String: Any])
        #expect(config["latent_channels"] as? Int == 4)
        #expect(config["embed_dim"] as? Int == 4)
        let human = try ToolRunner.run("vvae-inspect", [output])
        #expect(human.standardOutput.contains("model: latent 4 channels"))
    }

    @Test func existingOutputAndBadArgumentsExitNonZero() throws {
        let (checkpoint, output) = try convertTiny4z()
        let config = FixturePaths.fixture("models/tiny4z/config.yaml").path
        let again = try ToolRunner.run("vvae-convert", [checkpoint, output, "--config", config])
        #expect(again.status != 0)
        #expect(again.standardError.contains("\(output): already exists (pass --force to overwrite)"))
        let badDType = try ToolRunner.run("vvae-convert", [checkpoint, output + "2", "--dtype", "int4"])
        #expect(badDType.status != 0)
        #expect(badDType.standardError.contains("--dtype"))
        let compareOne = try ToolRunner.run("vvae-inspect", ["--compare", output])
        #expect(compareOne.status != 0)
    }
}
