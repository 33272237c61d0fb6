import Foundation
import HDF5Kit
import Testing
import TestSupport
import VVAEFormats

struct GoldenFileHeaderTests {
    /// The bundled recordings predate the `format` attribute: read as version 1, every call listed.
    @Test(arguments: ["tiny16z/golden.h5", "tiny16z/golden_image.h5", "tiny4z/golden.h5", "tinytext/golden.h5"])
    func recordingsWithoutAFormatAttributeReadAsVersion1(_ recording: String) throws {
        let path = FixturePaths.fixture("models/" + recording).path
        let file = try HDF5File.open(atPath: path)
        let header = try GoldenFileHeader.read(from: file, path: path)
        #expect(header.formatVersion == 1)
        #expect(header.calls.count == Int(try file.int64Attribute("module_calls")))
        #expect(header.generator == "Fixtures/generators/make_golden.py")
        #expect(header.maskTemporal == recording.contains("image"))
        let first = try #require(header.calls.first)
        #expect(try file.objectKind(at: first.groupPath) == .group)
    }

    @Test func whatATraceWritesReadsBack() throws {
        let header = GoldenFileHeader(calls: [.init(module: "encoder.conv_in", index: 0), .init(module: "encoder.down.0", index: 3)],
                                      maskTemporal: true, generator: "vvae trace 0.1.0")
        let path = try HeaderFixture.file([])
        let file = try HDF5File.open(atPath: path, mode: .readWrite)
        try header.write(to: file)
        #expect(try GoldenFileHeader.read(from: file, path: path) == header)
        #expect(try FileKind.of(file) == .golden)
        #expect(try file.stringAttribute("call_order") == "encoder.conv_in/call0\nencoder.down.0/call3")
    }

    @Test(arguments: [
        ([("call_order", HDF5AttributeValue.string("encoder.conv_in/call0\nnonsense"))], "'nonsense' is not '<module>/call<k>'"),
        ([("call_order", .string("/call1"))], "is not '<module>/call<k>'"),
        ([("format", .string("vvae-golden")), ("format_version", .int64(2)), ("call_order", .string("a/call0"))], "newer than this vvae reads"),
        ([("format", .string("vvae-latent")), ("format_version", .int64(1))], "a vvae latent file, not a layer recording"),
        ([("model", .string("x"))], "no root attribute call_order"),
        ([("call_order", .string("a/call0")), ("mask_temporal", .int64(7))], "outside 0…1"),
    ] as [([(String, HDF5AttributeValue)], String)])
    func hostileRecordingsAreRefusedByName(attributes: [(String, HDF5AttributeValue)], message: String) throws {
        let path = try HeaderFixture.file(attributes)
        #expect { _ = try GoldenFileHeader.read(from: try HDF5File.open(atPath: path), path: path) } throws: {
            ($0 as? FormatError)?.path == path && "\($0)".contains(message)
        }
    }
}
