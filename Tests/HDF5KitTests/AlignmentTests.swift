import Foundation
import Testing
@testable import HDF5Kit

@Suite struct AlignmentTests {
    /// With `H5Pset_alignment`, each dataset's raw data starts at a multiple of the alignment, and the file's bytes
    /// at that offset are exactly the dataset's bytes — what a reader mapping the file relies on.
    @Test(arguments: [64, 4096])
    func datasetOffsetsAreAlignedAndMappable(alignment: Int) throws {
        let path = try TestFiles.scratchPath("aligned-\(alignment).h5")
        var written: [(HDF5DatasetInfo, [UInt8])] = []
        do {
            let file = try HDF5File.create(atPath: path, alignment: .init(threshold: 1, alignment: alignment))
            for (index, count) in [1, 7, 33, 1000, 3].enumerated() {
                let values = (0..<count).map { Float($0) * 0.25 + Float(index) }
                let info = try file.writeDataset("/layer\(index)/weight", shape: [count], values: values)
                written.append((info, TestFiles.bytes(of: values)))
                try file.setAttribute("checksum", .string(String(repeating: "x", count: index * 11)),
                                      on: info.path)
            }
            let halves = try file.writeDataset("/half", elementType: .float16, shape: [5], bitPatterns: [1, 2, 3, 4, 5])
            written.append((halves, TestFiles.bytes(of: [UInt16(1), 2, 3, 4, 5])))
            try file.close()
        }
        let contents = try Data(contentsOf: URL(fileURLWithPath: path))
        let reopened = try HDF5File.open(atPath: path)
        for (info, bytes) in written {
            let offset = try #require(info.byteOffset)
            #expect(offset % alignment == 0, "\(info.path) at \(offset)")
            #expect(try reopened.datasetInfo(info.path).byteOffset == offset)
            #expect(Array(contents[offset..<(offset + bytes.count)]) == bytes, "\(info.path)")
        }
    }

    @Test func invalidAlignmentIsRejected() throws {
        let path = try TestFiles.scratchPath("bad-alignment.h5")
        let error = #expect(throws: HDF5Error.self) {
            try HDF5File.create(atPath: path, alignment: .init(threshold: 1, alignment: 0))
        }
        #expect(error?.kind == .invalidArgument("alignment threshold and alignment must be positive, got 1 and 0"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
