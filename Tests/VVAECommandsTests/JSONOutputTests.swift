import Foundation
import Testing
import TestSupport

/// Every `--json` document: what it says, through the real executables, and that Docs/JSON.md documents each
/// member it prints.
struct JSONOutputTests {
    private func document(_ result: ToolRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
                     "not one JSON object: \(result.standardOutput.prefix(200)) \(result.standardError)")
    }

    @Test func compareAndVerifyReportEveryKeyAndTheDifference() throws {
        let (checkpoint, output, _) = try ConvertedWeights.tiny4z()
        let same = try ToolRunner.run("vvae-inspect", ["--compare", checkpoint, output, "--json"])
        #expect(same.status == 0, "\(same.standardError)")
        let identical = try document(same)
        try DocumentedJSON.check(identical)
        #expect(identical["schema"] as? String == "vvae-compare/1")
        #expect(identical["identical"] as? Bool == true)
        #expect((identical["counts"] as? [String: Int])?["match"] == 322)
        #expect((identical["a"] as? [String: Any])?["training_only_left_out"] as? [String] == ["loss.logvar"])
        #expect((identical["b"] as? [String: Any])?["format"] as? String == "hdf5")

        try ConvertedWeights.corrupt(output, dataset: "/decoder/conv_out/bias")
        let changed = try ToolRunner.run("vvae-inspect", ["--compare", checkpoint, output, "--json"])
        #expect(changed.status == 1)
        let differ = try document(changed)
        try DocumentedJSON.check(differ)
        #expect(differ["identical"] as? Bool == false)
        let keys = try #require(differ["keys"] as? [[String: Any]])
        #expect(keys.count == 322)
        let bias = try #require(keys.first { $0["name"] as? String == "decoder.conv_out.bias" })
        #expect(bias["outcome"] as? String == "differ")
        #expect((bias["max_abs"] as? Double ?? 0) > 0)
        #expect(keys.filter { $0["outcome"] as? String == "differ" }.count == 1)

        let verify = try ToolRunner.run("vvae-inspect", ["--verify", output, "--json"])
        #expect(verify.status == 1)
        let verified = try document(verify)
        try DocumentedJSON.check(verified)
        #expect(verified["matched"] as? Int == 321)
        #expect(verified["total"] as? Int == 322)
        #expect(verified["all_match"] as? Bool == false)
        let datasets = try #require(verified["datasets"] as? [[String: Any]])
        let bad = try #require(datasets.first { $0["status"] as? String == "mismatch" })
        #expect(bad["name"] as? String == "decoder.conv_out.bias")
        let (recorded, actual) = (bad["recorded_sha256"] as? String, bad["actual_sha256"] as? String)
        #expect(recorded?.count == 64 && actual?.count == 64 && recorded != actual)
    }

    @Test func listingCarriesItsSchemaAndIsDocumented() throws {
        let (_, output, _) = try ConvertedWeights.tiny4z()
        let listing = try document(try ToolRunner.run("vvae-inspect", [output, "--json"]))
        #expect(listing["schema"] as? String == "vvae-inspect/1")
        try DocumentedJSON.check(listing)
    }

    @Test func validateReportsEveryLayerAndTheWorstElementOfAFailure() throws {
        let weights = VideoCommandMedia.tiny16zWeights
        let golden = FixturePaths.fixture("models/tiny16z/golden.h5").path
        let pass = try ToolRunner.run("vvae", ["validate", "--weights", weights, "--fixtures", golden, "--json", "--failures-only"])
        #expect(pass.status == 0, "\(pass.standardError)")
        let passed = try document(pass)
        try DocumentedJSON.check(passed)
        let layers = try #require(passed["layers"] as? [[String: Any]])
        // --failures-only trims the table, never the document.
        #expect(layers.count == passed["passed"] as? Int)
        #expect(layers.count > 20)
        #expect(passed["failed"] as? Int == 0)
        #expect(layers.contains { $0["name"] as? String == "(pipeline) decode(recorded latent)" })

        // A tolerance no float32 run can meet: every layer that differs at all fails, with its worst element.
        let fail = try ToolRunner.run("vvae", ["validate", "--weights", weights, "--fixtures", golden, "--json",
                                               "--tolerance", "1e-12", "--filter", "encoder.conv_in"])
        #expect(fail.status == 1)
        let failed = try document(fail)
        try DocumentedJSON.check(failed)
        #expect(failed["tolerance"] as? Double == 1e-12)
        let row = try #require((failed["layers"] as? [[String: Any]])?.first)
        #expect(row["pass"] as? Bool == false)
        let largest = try #require(row["largest_difference"] as? [String: Any])
        let (ours, reference) = (try #require(largest["ours"] as? Double), try #require(largest["reference"] as? Double))
        #expect(abs(ours - reference) == row["max_abs"] as? Double)
    }

    @Test func infoDescribesAVideoAndTheLatentItEncodesTo() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let clip = try VideoCommandMedia.clip(in: folder, width: 36, height: 20, frames: 10)
        let weights = VideoCommandMedia.tiny16zWeights
        let video = try document(try ToolRunner.run("vvae", ["info", clip, "--weights", weights, "--json"]))
        try DocumentedJSON.check(video)
        #expect(video["kind"] as? String == "video")
        #expect(video["frames"] as? Int == 10)
        let fps = try #require(video["fps"] as? [String: Any])
        #expect(fps["numerator"] as? Int == 30000 && fps["denominator"] as? Int == 1001)
        #expect(video["audio_codec"] as? String == "aac")
        let input = try #require(video["model_input"] as? [String: Int])
        #expect(input["frames"] == 12 && input["repeated_frames"] == 2)
        let predicted = try #require(video["latent_shape"] as? [Int])

        let latentPath = folder.appendingPathComponent("clip.h5").path
        let encode = try ToolRunner.run("vvae", ["encode", "--weights", weights, clip, "-o", latentPath, "--quiet"])
        #expect(encode.status == 0, "\(encode.standardError)")
        let latent = try document(try ToolRunner.run("vvae", ["info", latentPath, "--json"]))
        try DocumentedJSON.check(latent)
        #expect(latent["kind"] as? String == "latent")
        #expect(latent["latent_shape"] as? [Int] == predicted)
        #expect(latent["source_file"] as? String == "clip.mkv")
        #expect((latent["weights_sha256"] as? String)?.count == 64)
        #expect((latent["audio"] as? [String: Any])?["codecs"] as? [String] == ["aac"])
    }

    @Test func reconstructPrintsTheDocumentAloneWithPerChunkMetrics() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let clip = try VideoCommandMedia.clip(in: folder, width: 36, height: 20, frames: 10)
        let output = folder.appendingPathComponent("rec.mp4").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", VideoCommandMedia.tiny16zWeights, clip, "-o", output,
                                                 "--chunk-frames", "8", "--metrics", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try document(result)
        try DocumentedJSON.check(report)
        #expect(report["frames"] as? Int == 10)
        #expect(report["chunks"] as? Int == 2)
        #expect((report["fps"] as? [String: Any])?["numerator"] as? Int == 30000)
        let metrics = try #require(report["metrics"] as? [String: Any])
        #expect(metrics["frames"] as? Int == 10)
        let psnr = try #require(metrics["psnr_db"] as? Double)
        #expect(psnr > 5 && psnr < 100)
        let chunks = try #require(metrics["chunks"] as? [[String: Any]])
        #expect(chunks.map { $0["first_frame"] as? Int } == [0, 8])
        #expect(chunks.map { $0["frames"] as? Int } == [8, 2])
        #expect(chunks.allSatisfy { $0["psnr_db"] is Double && $0["ssim"] is Double })
        #expect((report["peak_memory_bytes"] as? Int ?? 0) > 0)

        let plain = try ToolRunner.run("vvae", ["reconstruct", "--weights", VideoCommandMedia.tiny16zWeights, clip, "-o",
                                                folder.appendingPathComponent("rec2.mp4").path, "--json"])
        #expect(try document(plain)["metrics"] is NSNull)
    }
}

/// Checks a `--json` document against Docs/JSON.md: every member path it prints (`keys[].max_abs`) is named in
/// the section of its schema, so the page cannot fall behind the code.
enum DocumentedJSON {
    static func check(_ document: [String: Any]) throws {
        let schema = try #require(document["schema"] as? String)
        let name = String(schema.split(separator: "/")[0])
        let page = try String(contentsOf: FixturePaths.repositoryRoot.appendingPathComponent("Docs/JSON.md"), encoding: .utf8)
        let sections = page.components(separatedBy: "\n## ")
        let section = try #require(sections.first { $0.hasPrefix("`\(name)/") }, "Docs/JSON.md has no section for \(schema)")
        let conventions = try #require(sections.first { $0.hasPrefix("Conventions") })
        for path in paths(of: document, prefix: "") {
            // The compare document's `b` has the members documented for `a`; frame rates are described once.
            let documented = name == "vvae-compare" && path.hasPrefix("b") ? "a" + path.dropFirst() : path
            if let member = documented.split(separator: ".").last, documented.hasPrefix("fps.") || documented.contains(".fps.") {
                #expect(conventions.contains("\"\(member)\""), "Docs/JSON.md: frame-rate member \(member) not described")
                continue
            }
            #expect(section.contains("`\(documented)`"), "Docs/JSON.md, section \(name): member `\(documented)` is not documented")
        }
    }

    /// `a.file`, `keys[].name`, …; the free-form `metadata` of a listing only to `metadata.config`.
    private static func paths(of value: Any, prefix: String) -> [String] {
        if let object = value as? [String: Any] {
            if prefix == "metadata" { return object["config"] == nil ? [] : ["metadata.config"] }
            return object.flatMap { key, child in
                let path = prefix.isEmpty ? key : prefix + "." + key
                return [path] + paths(of: child, prefix: path)
            }
        }
        if let array = value as? [Any] {
            return Array(Set(array.flatMap { paths(of: $0, prefix: prefix + "[]") }))
        }
        return []
    }
}
