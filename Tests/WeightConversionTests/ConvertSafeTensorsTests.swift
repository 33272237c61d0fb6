import VVAEFormats
import Foundation
import HDF5Kit
import SafeTensors
import Testing
import TestSupport
import TorchCheckpoint
import VideoVAEConfig
import VVAESupport
import VVAEWeights
@testable import WeightConversion

/// safetensors in and out: the fixture the `safetensors` library wrote (float16, bfloat16 and float32 weights, an
/// int64 training-only tensor) converts with every value equal, and our own safetensors output carries the same
/// tensors and facts as the HDF5 weight file.
struct ConvertSafeTensorsTests {
    static let source = FixturePaths.fixture("safetensors/tiny4z-mixed.safetensors").path

    /// Each tensor's SHA-256 of its values widened to float32, as PyTorch computed them (expected.json).
    static let float32Digests: [String: String] = {
        guard let data = FileManager.default.contents(atPath: FixturePaths.fixture("safetensors/expected.json").path),
              case .object(let tensors)? = (try? StrictJSON.parse(Array(data)))?["tiny4z-mixed.safetensors"]?["tensors"] else { return [:] }
        return Dictionary(uniqueKeysWithValues: tensors.compactMap { entry in
            entry.value["float32_sha256"]?.stringValue.map { (entry.key, $0) }
        })
    }()

    private func convert(to name: String, format: WeightOutputFormat = .hdf5, dtype: StoredDType = .float32, threads: Int = 2)
        throws -> (String, WeightConverter.Result) {
        let output = try FixturePaths.temporaryDirectory().appendingPathComponent(name).path
        let config = try VideoVAEModelConfig(contentsOf: FixturePaths.fixture("models/tiny4z/config.yaml"))
        let converter = WeightConverter(options: .init(dtype: dtype, format: format, toolVersion: "vvae test", threads: threads))
        let result = try converter.convert(checkpointPath: Self.source, outputPath: output,
                                           candidates: [ModelCandidate(config: config, name: "config.yaml")])
        return (output, result)
    }

    @Test(arguments: [1, 2, 3])
    func libraryWrittenFileConvertsWithEveryValueEqual(threads: Int) throws {
        let (output, result) = try convert(to: "tiny4z.h5", threads: threads)
        #expect(Self.float32Digests.count == 324)
        #expect(result.mapping.dropped.map(\.key).sorted() == ["loss.logvar", "loss.step"])
        let file = try HDF5File.open(atPath: output)
        let weights = try WeightFile(path: output)
        #expect(weights.entries.count == 322)
        for entry in weights.entries {
            #expect(entry.elementType == .float32, "\(entry.key)")
            let path = WeightFileFormat.datasetPath(forKey: entry.key)
            // The digest recorded at conversion, and a fresh one of what the file holds, both equal PyTorch's.
            #expect(try file.stringAttribute("sha256", on: path) == Self.float32Digests[entry.key], "\(entry.key)")
            #expect(StreamingDigest.hexDigest(of: try weights.bytes(entry.key)) == Self.float32Digests[entry.key], "\(entry.key)")
        }
        #expect(try file.stringAttribute("source_format") == "safetensors")
        #expect(try file.stringAttribute("source_sha256") == StreamingDigest.hexDigest(ofFileAt: Self.source))
    }

    @Test func keepStoresTheSourceDTypesByteForByte() throws {
        let (output, _) = try convert(to: "tiny4z-keep.h5", dtype: .keep)
        let archive = try SafeTensorsFile(path: Self.source)
        let weights = try WeightFile(path: output)
        for entry in weights.entries {
            let tensor = try #require(archive.archivedTensors.first { $0.name == entry.key })
            #expect(entry.elementType?.rawValue == tensor.dtype.rawValue)
            #expect(try weights.bytes(entry.key) == archive.readData(named: entry.key), "\(entry.key)")
        }
        #expect(try weights.verify().allSatisfy { $0.result == .ok })
    }

    @Test func safeTensorsOutputHoldsTheSameTensorsAndFacts() throws {
        let (h5, _) = try convert(to: "tiny4z.h5")
        let (st, result) = try convert(to: "tiny4z.safetensors", format: .safetensors)
        let written = try SafeTensorsFile(path: st)
        let weights = try WeightFile(path: h5)
        #expect(written.archivedTensors.map(\.name).sorted() == weights.entries.map(\.key).sorted())
        #expect(written.dataOffset % 8 == 0)
        for entry in weights.entries {
            #expect(try written.readData(named: entry.key) == weights.bytes(entry.key), "\(entry.key)")
        }
        let metadata = Dictionary(uniqueKeysWithValues: written.header.metadata.map { ($0.key, $0.value) })
        #expect(metadata["format"] == "vvae-weights")
        #expect(try metadata["source_sha256"] == StreamingDigest.hexDigest(ofFileAt: Self.source))
        #expect(metadata["source_format"] == "safetensors")
        #expect(metadata["tensor_count"] == String(result.tensorCount))
        #expect(metadata["parameter_count"] == String(result.parameterCount))
        #expect(try VideoVAEModelConfig(yamlText: try #require(metadata["config_yaml"])).latentChannels == 4)
        for entry in weights.entries {
            #expect(metadata["sha256." + entry.key] == Self.float32Digests[entry.key], "\(entry.key)")
        }
        // And back: converting our safetensors output gives the same weight file values.
        let again = try FixturePaths.temporaryDirectory().appendingPathComponent("again.h5").path
        let config = try VideoVAEModelConfig(contentsOf: FixturePaths.fixture("models/tiny4z/config.yaml"))
        try WeightConverter(options: .init(toolVersion: "vvae test"))
            .convert(checkpointPath: st, outputPath: again, candidates: [ModelCandidate(config: config, name: "config.yaml")])
        let reread = try WeightFile(path: again)
        for entry in weights.entries { #expect(try reread.bytes(entry.key) == weights.bytes(entry.key)) }
    }

    @Test func outputNamesThatPromiseAnotherFormatAreRefusedBeforeWork() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let config = try VideoVAEModelConfig(contentsOf: FixturePaths.fixture("models/tiny4z/config.yaml"))
        for (name, format) in [("x.mp4", WeightOutputFormat.hdf5), ("x.safetensors", .hdf5), ("x.h5", .safetensors), ("x.npy", .safetensors)] {
            let output = folder.appendingPathComponent(name).path
            let converter = WeightConverter(options: .init(format: format, toolVersion: "vvae test"))
            #expect(throws: SupportError.self) {
                try converter.convert(checkpointPath: Self.source, outputPath: output,
                                      candidates: [ModelCandidate(config: config, name: "config.yaml")])
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
