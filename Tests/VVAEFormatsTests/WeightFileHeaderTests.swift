import Foundation
import HDF5Kit
import Testing
import TestSupport
import VVAEFormats

struct WeightFileHeaderTests {
    private let digest = String(repeating: "ab", count: 32)

    private var sample: WeightFileHeader {
        var header = WeightFileHeader(configYAML: "model: {}\n", configName: "sample.yaml", embedDim: 4, sourceFile: "m.ckpt",
                                      sourceSize: 1234, sourceFormat: "zip", sourceSHA256: digest, dtype: "float16",
                                      toolVersion: "vvae test")
        header.tensorCount = 3
        header.parameterCount = 99
        return header
    }

    @Test func whatIsWrittenReadsBackEqual() throws {
        let path = try HeaderFixture.file([])
        let file = try HDF5File.open(atPath: path, mode: .readWrite)
        try sample.write(to: file)
        #expect(try WeightFileHeader.read(from: file, path: path) == sample)
        #expect(try file.stringAttribute("format") == "vvae-weights")
        #expect(try file.int64Attribute("format_version") == 1)
        #expect(try FileKind.of(file) == .weights)
    }

    @Test func theSafetensorsTextFormReadsBackEqual() throws {
        let metadata = Dictionary(uniqueKeysWithValues: sample.textAttributes.map { ($0.key, $0.value) })
        #expect(metadata["embed_dim"] == "4")
        #expect(try WeightFileHeader.read(textAttributes: metadata, path: "m.safetensors") == sample)
        #expect(try WeightFileHeader.read(textAttributes: ["format": "other"], path: "m.safetensors") == nil)
        #expect(throws: FormatError.self) {
            _ = try WeightFileHeader.read(textAttributes: metadata.merging(["tensor_count": "-1"]) { $1 }, path: "m.safetensors")
        }
    }

    /// Each hostile value is refused, naming the file and the attribute.
    @Test(arguments: [
        ("format_version", HDF5AttributeValue.int64(2), "newer than this vvae reads"),
        ("format_version", .int64(0), "not a version vvae ever wrote"),
        ("format_version", .string("1"), "not an integer"),
        ("config_yaml", nil, "has no root attribute config_yaml"),
        ("config_yaml", .int64(3), "is not text"),
        ("embed_dim", .int64(-4), "outside 1…65536"),
        ("source_sha256", .string("not-a-digest"), "not a SHA-256"),
        ("tensor_count", .int64(1 << 40), "outside"),
        ("source_size", .int64(-1), "outside"),
    ] as [(String, HDF5AttributeValue?, String)])
    func hostileValuesAreRefusedByName(attribute: String, value: HDF5AttributeValue?, message: String) throws {
        let path = try HeaderFixture.file([])
        let file = try HDF5File.open(atPath: path, mode: .readWrite)
        try sample.write(to: file)
        try file.close()
        let good = try HDF5File.open(atPath: path).attributeNames().map { ($0, try HDF5File.open(atPath: path).attribute($0)) }
        let hostile = try HeaderFixture.file(HeaderFixture.with(good, attribute, value))
        do {
            _ = try WeightFileHeader.read(from: try HDF5File.open(atPath: hostile), path: hostile)
            Issue.record("\(attribute) = \(String(describing: value)) was accepted")
        } catch let error as FormatError {
            #expect(error.path == hostile)
            #expect(error.attribute == attribute)
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func otherKindsAreNamed() throws {
        let latent = try HeaderFixture.file([("format", .string("vvae-latent")), ("format_version", .int64(1))])
        #expect(throws: FormatError.self) { _ = try WeightFileHeader.read(from: try HDF5File.open(atPath: latent), path: latent) }
        do {
            _ = try WeightFileHeader.read(from: try HDF5File.open(atPath: latent), path: latent)
        } catch {
            #expect("\(error)".contains("a vvae latent file, not VAE weights"), "\(error)")
        }
        let encoder = try HeaderFixture.file([("format", .string("vvae-text-encoder")), ("format_version", .int64(1))])
        do {
            _ = try WeightFileHeader.read(from: try HDF5File.open(atPath: encoder), path: encoder)
            Issue.record("a text-encoder file was read as weights")
        } catch {
            #expect("\(error)".contains("pass it as --text-encoder"), "\(error)")
        }
        let plain = try HeaderFixture.file([])
        do {
            _ = try WeightFileHeader.read(from: try HDF5File.open(atPath: plain), path: plain)
            Issue.record("a plain HDF5 file was read as weights")
        } catch {
            #expect("\(error)".contains("make one with vvae-convert"), "\(error)")
        }
    }
}
