import Foundation
import Testing
import TestSupport

/// The user's path end to end, through the real executables: convert, list, compare, verify.
struct ConvertAndCompareCommandTests {
    private func convertTiny4z() throws -> (checkpoint: String, output: String) {
        let (checkpoint, output, result) = try ConvertedWeights.tiny4z()
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
        try ConvertedWeights.corrupt(output, dataset: "/decoder/conv_out/bias")
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

    /// `--dtype keep` reports the element types it wrote, not the word "keep".
    @Test func keepReportsTheStoredTypes() throws {
        let output = try FixturePaths.temporaryDirectory().appendingPathComponent("demo16.h5").path
        let result = try ToolRunner.run("vvae-convert", [FixturePaths.fixture("demo/demo16.ckpt").path, output, "--dtype", "keep",
                                                         "--config", FixturePaths.fixture("demo/config.yaml").path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("kept as stored: float16"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("keep"))
        let listing = try #require(try JSONSerialization.jsonObject(with: Data(try ToolRunner.run("vvae-inspect", [output, "--json"]).standardOutput.utf8)) as? [String: Any])
        let dtypes = Set((listing["tensors"] as? [[String: Any]] ?? []).compactMap { $0["dtype"] as? String })
        #expect(dtypes == ["float16"])
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

    @Test func safeTensorsInAndOutThroughTheTools() throws {
        let (checkpoint, h5) = try convertTiny4z()
        let folder = try FixturePaths.temporaryDirectory()
        let config = FixturePaths.fixture("models/tiny4z/config.yaml").path
        let st = folder.appendingPathComponent("tiny4z.safetensors").path
        let convert = try ToolRunner.run("vvae-convert", [checkpoint, st, "--config", config, "--quiet"])
        #expect(convert.status == 0, "\(convert.standardError)")
        // Listed like a checkpoint, with its __metadata__ and the model summary from the embedded config.
        let listing = try ToolRunner.run("vvae-inspect", [st])
        #expect(listing.status == 0)
        #expect(listing.standardOutput.contains("(safetensors)"))
        #expect(listing.standardOutput.contains("model: latent 4 channels"))
        #expect(listing.standardOutput.contains("source_sha256"))
        for (a, b) in [(checkpoint, st), (st, h5)] {
            let compare = try ToolRunner.run("vvae-inspect", ["--compare", a, b])
            #expect(compare.status == 0, "\(compare.standardOutput)")
            #expect(compare.standardOutput.contains("322 match, 0 differ, 0 shape mismatch, 0 only in A, 0 only in B"))
        }
        let verify = try ToolRunner.run("vvae-inspect", ["--verify", st])
        #expect(verify.status == 0)
        #expect(verify.standardOutput.contains("322 of 322 datasets match"))
        // Content decides, not the name: the same file renamed .ckpt still lists as safetensors.
        let renamed = folder.appendingPathComponent("renamed.ckpt").path
        try FileManager.default.copyItem(atPath: st, toPath: renamed)
        #expect(try ToolRunner.run("vvae-inspect", [renamed]).standardOutput.contains("(safetensors)"))
        // One flipped byte in the renamed copy's last tensor: verify names it.
        let handle = try #require(FileHandle(forUpdatingAtPath: renamed))
        let end = try handle.seekToEnd()
        try handle.seek(toOffset: end - 1)
        let last = try #require(try handle.read(upToCount: 1)).first ?? 0
        try handle.seek(toOffset: end - 1)
        try handle.write(contentsOf: Data([last ^ 0x40]))
        try handle.close()
        let corrupt = try ToolRunner.run("vvae-inspect", ["--verify", renamed])
        #expect(corrupt.status == 1)
        #expect(corrupt.standardOutput.contains("CORRUPT"))
        #expect(corrupt.standardOutput.contains("321 of 322 datasets match"))
        // A library-written file with every dtype lists with checkpoint dtype names.
        let dtypes = try ToolRunner.run("vvae-inspect", [FixturePaths.fixture("safetensors/dtypes.safetensors").path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(dtypes.standardOutput.utf8)) as? [String: Any])
        let listed = (object["tensors"] as? [[String: Any]])?.compactMap { $0["dtype"] as? String } ?? []
        #expect(Set(listed) == ["float32", "float16", "bfloat16", "float64", "int64", "int32", "uint8", "bool"])
        #expect((object["metadata"] as? [String: Any])?["note"] as? String == "vvae fixture: one tensor per dtype")
    }

    @Test func formatAndOutputNameMustAgree() throws {
        let checkpoint = FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path
        let folder = try FixturePaths.temporaryDirectory()
        let wrongName = try ToolRunner.run("vvae-convert", [checkpoint, folder.appendingPathComponent("w.h5").path, "--format", "safetensors"])
        #expect(wrongName.status != 0)
        #expect(wrongName.standardError.contains("would be safetensors data but its name ends in .h5"))
        #expect(wrongName.standardError.contains("name it w.safetensors, or pass --format hdf5"))
        let video = try ToolRunner.run("vvae-convert", [checkpoint, folder.appendingPathComponent("w.mp4").path])
        #expect(video.standardError.contains("name it w.h5"))
        let badFormat = try ToolRunner.run("vvae-convert", [checkpoint, folder.appendingPathComponent("w.h5").path, "--format", "onnx"])
        #expect(badFormat.status == 64)
        #expect(badFormat.standardError.contains("--format must be one of hdf5, safetensors"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
