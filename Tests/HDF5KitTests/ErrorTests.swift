import Foundation
import Testing
@testable import HDF5Kit

@Suite struct ErrorTests {
    @Test func missingFile() throws {
        let path = try TestFiles.scratchPath("absent.h5")
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(atPath: path) }
        #expect(error?.kind == .missingFile)
        #expect(error?.filePath == path)
        #expect(error?.description == "HDF5 error: cannot open file in \(path): no such file")
    }

    @Test func notAnHDF5File() throws {
        let path = try TestFiles.scratchPath("text.h5")
        try Data("just some text, not HDF5\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(atPath: path) }
        #expect(error?.kind == .notHDF5File)
        let directory = #expect(throws: HDF5Error.self) {
            try HDF5File.open(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        #expect(directory?.kind == .notHDF5File)
    }

    @Test func exclusiveCreateRefusesAnExistingFileAndTruncateReplacesIt() throws {
        let path = try TestFiles.scratchPath("exists.h5")
        do {
            let file = try HDF5File.create(atPath: path)
            try file.writeDataset("old", shape: [1], values: [Float(1)])
        }
        let error = #expect(throws: HDF5Error.self) { try HDF5File.create(atPath: path, mode: .exclusive) }
        #expect(error?.kind == .fileExists)
        #expect(try HDF5File.open(atPath: path).datasetPaths() == ["/old"])
        let replaced = try HDF5File.create(atPath: path, mode: .truncate)
        #expect(try replaced.datasetPaths() == [])
    }

    @Test func missingDatasetWrongTypeAndExistingPath() throws {
        let path = try TestFiles.scratchPath("dataset-errors.h5")
        let file = try HDF5File.create(atPath: path)
        try file.writeDataset("/a/weight", shape: [2], values: [Double(1), 2])

        let missing = #expect(throws: HDF5Error.self) { try file.readBytes("a/bias") }
        #expect(missing?.kind == .missingObject)
        #expect(missing?.objectPath == "/a/bias")
        #expect(missing?.description.contains("\(path):/a/bias") == true)

        let group = #expect(throws: HDF5Error.self) { try file.datasetInfo("/a") }
        #expect(group?.kind == .wrongObjectKind(expected: "dataset"))

        let wrongType = #expect(throws: HDF5Error.self) { try file.read("/a/weight", as: Float.self) }
        #expect(wrongType?.kind == .wrongType(requested: "float32", stored: "float64"))
        let noWidening = #expect(throws: HDF5Error.self) { try file.readFloat32("/a/weight") }
        #expect(noWidening?.kind == .wrongType(requested: "float32", stored: "float64"))
        let notHalf = #expect(throws: HDF5Error.self) { try file.readBitPatterns("/a/weight") }
        #expect(notHalf?.kind == .wrongType(requested: "16-bit patterns", stored: "float64"))

        let again = #expect(throws: HDF5Error.self) { try file.writeDataset("/a/weight", shape: [1], values: [Float(0)]) }
        #expect(again?.kind == .objectExists)

        let mismatch = #expect(throws: HDF5Error.self) {
            try file.writeDataset("/a/short", elementType: .float32, shape: [2, 2], bytes: [UInt8](repeating: 0, count: 12))
        }
        #expect(mismatch?.kind == .invalidArgument("shape [2, 2] of float32 needs 4 × 4 bytes, got 12"))
        let negative = #expect(throws: HDF5Error.self) { try file.writeDataset("/a/neg", shape: [-1], values: [Float]()) }
        #expect(negative?.kind == .invalidArgument("negative dimension in shape [-1]"))
        let notHalfType = #expect(throws: HDF5Error.self) {
            try file.writeDataset("/a/bits", elementType: .float32, shape: [1], bitPatterns: [0])
        }
        #expect(notHalfType?.kind == .invalidArgument("16-bit patterns cannot be stored as float32"))
        #expect(try file.datasetPaths() == ["/a/weight"])
    }

    /// A failure inside libhdf5 carries its error stack (collected with H5Ewalk2) into the typed error.
    @Test func libraryFailuresCarryTheHDF5ErrorStack() throws {
        let path = try TestFiles.scratchPath("readonly.h5")
        do { _ = try HDF5File.create(atPath: path) }
        let file = try HDF5File.open(atPath: path, mode: .readOnly)
        let error = #expect(throws: HDF5Error.self) { try file.writeDataset("w", shape: [1], values: [Float(1)]) }
        #expect(error?.kind == .libraryFailure)
        #expect(error?.stack.isEmpty == false)
        #expect(error?.stack.first?.function == "H5Dcreate2")
        #expect(error?.stack.contains { !$0.major.isEmpty && !$0.minor.isEmpty } == true)
        #expect(error?.description.contains("libhdf5:") == true)
    }

    @Test func unwritableLocationFailsWithTheLibraryStack() throws {
        let folder = try TestFiles.scratchPath("no-such-folder")
        let path = folder + "/out.h5"
        let error = #expect(throws: HDF5Error.self) { try HDF5File.create(atPath: path, mode: .truncate) }
        #expect(error?.kind == .libraryFailure)
        #expect(error?.filePath == path)
        #expect(error?.stack.first?.function == "H5Fcreate")
    }

    @Test func closedFileRefusesWork() throws {
        let path = try TestFiles.scratchPath("closed.h5")
        let file = try HDF5File.create(atPath: path)
        try file.flush()
        try file.close()
        try file.close()
        let error = #expect(throws: HDF5Error.self) { try file.datasetPaths() }
        #expect(error?.kind == .fileClosed)
    }
}
