import Foundation
import HDF5Kit
import Testing
import TestSupport
import VVAEFormats

struct LatentFileHeaderTests {
    private func sample(overlap: Int = 0, text: LatentTextRecord? = nil) -> LatentFileHeader {
        LatentFileHeader(fpsNumerator: 24000, fpsDenominator: 1001, frameCount: 17, width: 31, height: 17, paddedWidth: 32,
                         paddedHeight: 24, chunkFrames: 8, chunkOverlap: overlap, imageMode: false,
                         weightsSourceSHA256: String(repeating: "0f", count: 32), configName: "tiny16z", sourceFile: "clip.mp4",
                         audioCodecs: ["aac", "opus"], text: text, latentShape: [1, 16, 5, 12, 16])
    }

    private func written(_ header: LatentFileHeader) throws -> String {
        let path = try HeaderFixture.file([], latentShape: header.latentShape)
        let file = try HDF5File.open(atPath: path, mode: .readWrite)
        try header.write(to: file)
        try file.close()
        return path
    }

    @Test func overlapZeroIsWrittenAsVersion1AndOverlapAsVersion2() throws {
        for overlap in [0, 4] {
            let path = try written(sample(overlap: overlap))
            let file = try HDF5File.open(atPath: path)
            #expect(try file.int64Attribute("format_version") == (overlap == 0 ? 1 : 2))
            #expect(try file.hasAttribute("chunk_overlap") == (overlap != 0))
            #expect(try LatentFileHeader.read(path: path) == sample(overlap: overlap))
        }
    }

    @Test func theWeightsCheckpointNameIsOptionalAndReadsBack() throws {
        var header = sample()
        #expect(try LatentFileHeader.read(path: try written(header)).weightsSourceFile == nil)
        header.weightsSourceFile = "demo16.ckpt"
        let path = try written(header)
        #expect(try HDF5File.open(atPath: path).int64Attribute("format_version") == 1)
        #expect(try LatentFileHeader.read(path: path) == header)
    }

    @Test func aCaptionRecordReadsBack() throws {
        let record = LatentTextRecord(caption: "a cat, \"quoted\"", cleaned: true, maxLength: 128,
                                      textEncoderSHA256: String(repeating: "1", count: 64), textDType: "bfloat16",
                                      conditioningSHA256: String(repeating: "2", count: 64))
        #expect(try LatentFileHeader.read(path: try written(sample(text: record))).text == record)
    }

    @Test func theHeaderIsReadWithoutTheLatentAndSaysItsShapeAndAudioSize() throws {
        let path = try written(sample())
        let file = try HDF5File.open(atPath: path, mode: .readWrite)
        try file.writeDataset("/audio", shape: [5], values: [UInt8](repeating: 7, count: 5))
        try file.close()
        let header = try LatentFileHeader.read(path: path)
        #expect(header.latentShape == [1, 16, 5, 12, 16])
        #expect(header.audioByteCount == 5)
    }

    @Test(arguments: [
        ("format_version", HDF5AttributeValue.int64(3), "newer than this vvae reads"),
        ("chunk_overlap", .int64(-4), "outside 0…"),
        ("frame_count", .int64(0), "outside 1…"),
        ("width", .int64(1 << 20), "outside 1…16448"),
        ("padded_width", .int64(30), "smaller than the frame size"),
        ("fps_denominator", .int64(0), "outside 1…"),
        ("image_mode", .int64(2), "outside 0…1"),
        ("weights_source_sha256", .string("xyz"), "not a SHA-256"),
        ("config_name", nil, "has no root attribute config_name"),
        ("text_max_length", .int64(5000), "outside 1…2048"),
        ("text_dtype", .string("float64"), "is not float32 or bfloat16"),
    ] as [(String, HDF5AttributeValue?, String)])
    func hostileValuesAreRefusedByName(attribute: String, value: HDF5AttributeValue?, message: String) throws {
        var header = sample(overlap: 4)
        header.text = LatentTextRecord(caption: "c", cleaned: false, maxLength: 16, textEncoderSHA256: "", textDType: "float32",
                                       conditioningSHA256: String(repeating: "3", count: 64))
        let path = try written(header)
        let names = try HDF5File.open(atPath: path).attributeNames()
        let good = try names.map { ($0, try HDF5File.open(atPath: path).attribute($0)) }
        let hostile = try HeaderFixture.file(HeaderFixture.with(good, attribute, value), latentShape: header.latentShape)
        do {
            _ = try LatentFileHeader.read(path: hostile)
            Issue.record("\(attribute) = \(String(describing: value)) was accepted")
        } catch let error as FormatError {
            #expect(error.path == hostile)
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func aLatentOfTheWrongRankOrAMissingOneIsRefused() throws {
        let good = try written(sample())
        let attributes = try HDF5File.open(atPath: good).attributeNames().map { ($0, try HDF5File.open(atPath: good).attribute($0)) }
        let flat = try HeaderFixture.file(attributes, latentShape: [16, 5])
        #expect { _ = try LatentFileHeader.read(path: flat) } throws: { "\($0)".contains("not [1, C, T, H, W]") }
        let none = try HeaderFixture.file(attributes)
        #expect { _ = try LatentFileHeader.read(path: none) } throws: { "\($0)".contains("has no /latent dataset") }
        let weights = try HeaderFixture.file([("format", .string("vvae-weights")), ("format_version", .int64(1))], latentShape: [1, 1, 1, 1, 1])
        #expect { _ = try LatentFileHeader.read(path: weights) } throws: { "\($0)".contains("a vvae VAE weight file, not a latent file") }
    }
}
