import Foundation
import SafeTensors
import Testing
import TestSupport
import TorchCheckpoint
import VVAESupport

struct SafeTensorsWriterTests {
    private let tensors = [
        ArchivedTensor(name: "b.half", dtype: .float16, shape: [3]),
        ArchivedTensor(name: "a.weight", dtype: .float32, shape: [2, 2]),
        ArchivedTensor(name: "c.count", dtype: .int64, shape: []),
    ]

    @Test func writtenFileReadsBackWithItsLayoutAndMetadata() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-safetensors")
        let path = folder.appendingPathComponent("out.safetensors").path
        let writer = try SafeTensorsWriter(destination: path, overwrite: false, tensors: tensors,
                                           metadata: [("digest", String(repeating: "0", count: 8)), ("note", "a \"quoted\"\nline")])
        #expect(!FileManager.default.fileExists(atPath: path))
        let payloads: [[UInt8]] = [[0, 60, 0, 188, 0, 124], Array(0..<16), [7, 0, 0, 0, 0, 0, 0, 0]]
        for (slot, bytes) in zip(writer.slots, payloads).reversed() { try writer.output.write(bytes, at: slot.byteOffset) }
        try writer.finish(metadata: [("digest", "01234567"), ("note", "a \"quoted\"\nline")])

        let opened = try SafeTensorsFile(path: path)
        #expect(opened.archivedTensors == tensors)
        #expect(opened.header.metadata.map(\.key) == ["digest", "note"])
        #expect(opened.header.metadata.map(\.value) == ["01234567", "a \"quoted\"\nline"])
        #expect(opened.dataOffset % 8 == 0)
        for (tensor, bytes) in zip(tensors, payloads) { #expect(try opened.readData(named: tensor.name) == bytes) }
    }

    @Test func finalMetadataMustKeepTheHeaderLength() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-safetensors")
        let path = folder.appendingPathComponent("out.safetensors").path
        let writer = try SafeTensorsWriter(destination: path, overwrite: false, tensors: tensors, metadata: [("digest", "0000")])
        #expect(throws: SafeTensorsError.self) { try writer.finish(metadata: [("digest", "00000000000")]) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func existingOutputIsRefusedAndKept() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-safetensors")
        let path = folder.appendingPathComponent("taken.safetensors").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SupportError.outputExists(path: path)) {
            _ = try SafeTensorsWriter(destination: path, overwrite: false, tensors: tensors, metadata: [])
        }
        #expect(FileManager.default.contents(atPath: path) == Data("keep".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken.safetensors"])
    }

    @Test func dtypesWithoutASafeTensorsNameAreRefused() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-safetensors")
        let path = folder.appendingPathComponent("out.safetensors").path
        #expect(throws: SafeTensorsError.self) {
            _ = try SafeTensorsWriter(destination: path, overwrite: false,
                                      tensors: [ArchivedTensor(name: "z", dtype: .complex128, shape: [1])], metadata: [])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
