import Foundation
import Testing
@testable import HDF5Kit

/// Writes one file with every element type and attribute kind. With `HDF5KIT_INTEROP_OUTPUT=/some/file.h5` set, the
/// file is also copied there so `Fixtures/generators/check_hdf5kit_output.py` can check that h5py and h5dump read
/// the values we meant (a dev-time check; the test itself needs no Python).
@Suite struct InteropSampleTests {
    /// Values exact in float16 and bfloat16, incl. signed zero, infinities and a float16 subnormal.
    static let halfExactValues: [Float] = [0, -0.0, 1, -2.5, 0.15625, 65280, -.infinity, .infinity, 0x1p-24 * 3, 96,
                                           -0.5, 7, 0x1p-14, -0x1p-24, 3, 1024]

    #if !(os(macOS) && arch(x86_64))
    @Test func writeSampleFile() throws {
        let path = try TestFiles.scratchPath("interop.h5")
        let values = Self.halfExactValues
        let halfBits = values.map { Float16($0).bitPattern }
        let bfloatBits = values.map { UInt16(truncatingIfNeeded: $0.bitPattern >> 16) }
        do {
            let file = try HDF5File.create(atPath: path, alignment: .init(threshold: 1, alignment: 64))
            try file.writeDataset("/expected", shape: [4, 4], values: values)
            try file.writeDataset("/weights/f16", elementType: .float16, shape: [4, 4], bitPatterns: halfBits)
            try file.writeDataset("/weights/bf16", elementType: .bfloat16, shape: [4, 4], bitPatterns: bfloatBits)
            try file.writeDataset("/weights/f64", shape: [2], values: [Double.pi, -1e-300])
            try file.writeDataset("/ints/i8", shape: [3], values: [Int8(-128), 0, 127])
            try file.writeDataset("/ints/i16", shape: [3], values: [Int16(-32768), 0, 32767])
            try file.writeDataset("/ints/i32", shape: [3], values: [Int32.min, 0, .max])
            try file.writeDataset("/ints/i64", shape: [3], values: [Int64.min, 0, .max])
            try file.writeDataset("/ints/u8", shape: [3], values: [UInt8(0), 128, 255])
            try file.writeDataset("/flags", shape: [3], values: [true, false, true])
            try file.writeDataset("/scalar", shape: [], values: [Float(-6.25)])
            try file.writeDataset("/empty", shape: [0, 3], values: [Float]())
            try file.setAttribute("format", .string("vvae-weights"))
            try file.setAttribute("fixed", .string("fixed ✓"), stringStorage: .fixedLength)
            try file.setAttribute("version", .int64(1))
            try file.setAttribute("ratio", .double(0.1))
            try file.setAttribute("shape", .int64Array([2, 3]), on: "/weights/f16")
            try file.setAttribute("scales", .doubleArray([0.5, -2]), on: "/weights")
            try file.close()
        }
        let file = try HDF5File.open(atPath: path)
        #expect(try file.readFloat32("/weights/f16") == values)
        #expect(try file.readFloat32("/weights/bf16") == values)
        #expect(try file.datasetInfo("/weights/bf16").elementType == .bfloat16)
        if let destination = ProcessInfo.processInfo.environment["HDF5KIT_INTEROP_OUTPUT"] {
            try? FileManager.default.removeItem(atPath: destination)
            try FileManager.default.copyItem(atPath: path, toPath: destination)
        }
    }
    #endif
}
