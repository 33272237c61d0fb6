import VVAEFormats
import Foundation
import HDF5Kit
import Testing
import TestSupport
@testable import VVAEWeights

struct WeightFileTests {
    private func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    private func writeSample(to path: String) throws {
        let writer = try WeightFileWriter(destination: path, overwrite: false)
        try writer.write(key: "encoder.conv_in.weight", elementType: .float32, shape: [2, 3],
                         bytes: floatBytes([1, 2, 3, 4, 5, -6.5]), sourceDType: "float32")
        try writer.write(key: "encoder.conv_in.bias", elementType: .float32, shape: [2],
                         bytes: floatBytes([0.25, -0.5]), sourceDType: "bfloat16")
        try writer.finish(header: WeightFileHeader(configYAML: "model: {}\n", configName: "sample", embedDim: 4))
    }

    @Test func writtenFileReadsBackWithDocumentedLayout() throws {
        let path = try FixturePaths.temporaryDirectory().appendingPathComponent("w.h5").path
        try writeSample(to: path)
        let weights = try WeightFile(path: path)
        #expect(weights.configName == "sample")
        #expect(weights.embedDim == 4)
        #expect(weights.entries.map(\.key).sorted() == ["encoder.conv_in.bias", "encoder.conv_in.weight"])
        #expect(try weights.floats("encoder.conv_in.weight") == [1, 2, 3, 4, 5, -6.5])
        #expect(weights.entry("encoder.conv_in.weight")?.shape == [2, 3])

        let raw = try HDF5File.open(atPath: path)
        #expect(try raw.stringAttribute("format") == "vvae-weights")
        #expect(try raw.int64Attribute("format_version") == 1)
        #expect(try raw.int64Attribute("tensor_count") == 2)
        #expect(try raw.int64Attribute("parameter_count") == 8)
        #expect(try raw.stringAttribute("source_dtype", on: "/encoder/conv_in/bias") == "bfloat16")
        let info = try raw.datasetInfo("/encoder/conv_in/weight")
        #expect(info.layout == .contiguous)
        #expect((info.byteOffset ?? 1) % WeightFileFormat.alignment == 0)
    }

    @Test func verifyCatchesAFlippedByte() throws {
        let path = try FixturePaths.temporaryDirectory().appendingPathComponent("w.h5").path
        try writeSample(to: path)
        #expect(try WeightFile(path: path).verify().allSatisfy { $0.result == .ok })
        let offset = try #require(try HDF5File.open(atPath: path).datasetInfo("/encoder/conv_in/weight").byteOffset)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data([0xFF]))
        try handle.close()
        let results = try WeightFile(path: path).verify()
        let flipped = try #require(results.first { $0.key == "encoder.conv_in.weight" })
        guard case .mismatch = flipped.result else {
            Issue.record("a changed byte was not detected: \(flipped.result)")
            return
        }
        #expect(results.first { $0.key == "encoder.conv_in.bias" }?.result == .ok)
    }

    @Test func unfinishedWriterLeavesNothingAndExistingFileIsKept() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("w.h5").path
        do {
            let writer = try WeightFileWriter(destination: path, overwrite: false)
            try writer.write(key: "a", elementType: .float32, shape: [1], bytes: floatBytes([1]), sourceDType: "float32")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        try writeSample(to: path)
        #expect(throws: (any Error).self) { try writeSample(to: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["w.h5"])
    }

    @Test func plainHDF5FileIsRefusedWithItsName() throws {
        let path = try FixturePaths.temporaryDirectory().appendingPathComponent("plain.h5").path
        let file = try HDF5File.create(atPath: path)
        try file.writeDataset("/x", shape: [1], values: [Float(1)])
        try file.close()
        #expect(throws: FormatError.self) { _ = try WeightFile(path: path) }
        do {
            _ = try WeightFile(path: path)
        } catch {
            #expect("\(error)".contains(path))
            #expect("\(error)".contains("not a vvae weight file"))
        }
    }
}
