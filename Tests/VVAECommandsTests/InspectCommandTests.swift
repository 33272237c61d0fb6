import Foundation
import Testing
import TestSupport
@testable import VVAECommands

struct InspectCommandTests {
    @Test func jsonListsLightningTensorsWithContainerPathsAndMetadata() throws {
        let path = FixturePaths.fixture("checkpoints/lightning.ckpt").path
        let result = try ToolRunner.run("vvae-inspect", [path, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "torch-zip")
        #expect(object["file"] as? String == path)
        let tensors = try #require(object["tensors"] as? [[String: Any]])
        let names = tensors.compactMap { $0["name"] as? String }
        #expect(names.contains("state_dict/encoder.0.weight"))
        let first = try #require(tensors.first { $0["name"] as? String == "state_dict/encoder.0.weight" })
        #expect(first["dtype"] as? String == "float32")
        #expect(first["shape"] as? [Int] == [3, 1, 3, 3])
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["pytorch-lightning_version"] as? String == "1.9.4")
        #expect(metadata["global_step"] as? Int == 2)
    }

    @Test func filterKeepsMatchingNames() throws {
        let path = FixturePaths.fixture("checkpoints/lightning.ckpt").path
        let file = try InspectedFile.load(path: path).filtered(by: "head.")
        #expect(file.tensors.map(\.name) == ["state_dict/head.weight", "state_dict/head.bias"])
    }

    /// `float8_e4m3fn` (13 characters) widens the dtype column, so every row's shape starts in the same column;
    /// a group of one tensor says "1 tensor".
    @Test func dtypeColumnFitsTheLongestDTypeAndCountsAreSingular() throws {
        let result = try ToolRunner.run("vvae-inspect", [FixturePaths.fixture("checkpoints/dtypes.pt").path])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("name ") })
        let shapeColumn = try #require(header.range(of: "shape")).lowerBound.utf16Offset(in: header)
        let rows = lines.filter { $0.contains(" [") && !$0.hasPrefix(" ") }
        #expect(rows.contains { $0.contains("float8_e4m3fn") })
        for row in rows {
            let bracket = try #require(row.firstIndex(of: "[")).utf16Offset(in: row)
            #expect(bracket == shapeColumn, "shape out of its column: '\(row)'")
        }
        #expect(result.standardOutput.contains("  f64: 1 tensor, 4 elements"))
        #expect(!result.standardOutput.contains("1 tensors"))
    }

    @Test func humanTableGroupsByModuleWithSubtotals() throws {
        let path = FixturePaths.fixture("checkpoints/lightning.ckpt").path
        let text = TensorTable.render(try InspectedFile.load(path: path))
        #expect(text.contains("state_dict/encoder: 4 tensors, 36 elements, 144 B"))
        #expect(text.contains("total: 7 tensors, 46 elements"))
        #expect(text.contains("pytorch-lightning_version: \"1.9.4\""))
    }

    @Test(arguments: ["empty", "text", "missing"])
    func badFilesExitNonZeroWithTheFileNamed(kind: String) throws {
        let folder = try FixturePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("bad-\(kind).ckpt").path
        switch kind {
        case "empty": _ = FileManager.default.createFile(atPath: path, contents: Data())
        case "text": _ = FileManager.default.createFile(atPath: path, contents: Data("hello, not a checkpoint\n".utf8))
        default: break
        }
        let result = try ToolRunner.run("vvae-inspect", [path])
        #expect(result.status != 0)
        #expect(result.standardError.contains(path), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }
}
