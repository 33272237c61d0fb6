import Testing
@testable import HDF5Kit

/// Reads Fixtures/hdf5kit/h5py-types.h5 (recorded by Fixtures/generators/make_hdf5kit_fixtures.py): each value set
/// is stored little- and big-endian by h5py; HDF5Kit must classify both and return the same values.
@Suite struct ForeignFileTests {
    @Test(arguments: ["float16", "bfloat16", "float32", "float64", "int16", "int32", "int64"])
    func bigEndianTwinsReadLikeLittleEndian(name: String) throws {
        let file = try HDF5File.open(atPath: TestFiles.h5pyTypes)
        let little = try file.datasetInfo("/le/\(name)")
        let big = try file.datasetInfo("/be/\(name)")
        #expect(little.elementType?.rawValue == name && big.elementType?.rawValue == name)
        #expect(little.byteOrder == .littleEndian && big.byteOrder == .bigEndian)
        #expect(big.shape == little.shape)
        #expect(try file.readBytes("/be/\(name)") == file.readBytes("/le/\(name)"))
    }

    @Test func halfPrecisionValuesMatchWhatNumpyStored() throws {
        let file = try HDF5File.open(atPath: TestFiles.h5pyTypes)
        let expected = try file.read("/expected/float32_values", as: Float.self)
        for path in ["/le/float16", "/be/float16", "/le/bfloat16", "/be/bfloat16", "/le/float32", "/be/float32"] {
            #expect(bitPatterns(try file.readFloat32(path)) == bitPatterns(expected), "\(path)")
        }
        #expect(try file.datasetInfo("/be/bfloat16").typeDescription == "bfloat16 (big-endian)")
    }

    @Test func typedReadsOfH5pyData() throws {
        let file = try HDF5File.open(atPath: TestFiles.h5pyTypes)
        let int64s = try file.read("/be/int64", as: Int64.self)
        #expect(try file.read("/be/int16", as: Int16.self).map(Int64.init) == int64s)
        #expect(try file.read("/le/int32", as: Int32.self).map(Int64.init) == int64s)
        #expect(try file.read("/le/int8", as: Int8.self).map { Int64($0) * 3 } == int64s)
        #expect(try file.read("/le/uint8", as: UInt8.self).map { (Int64($0) - 128) * 3 } == int64s)
        #expect(try file.read("/le/bool", as: Bool.self) == [true, false, false, true, true])
        #expect(try file.datasetInfo("/le/bool").elementType == .bool)
        #expect(try file.read("/le/scalar_float64", as: Double.self) == [-6.25])
        #expect(try file.datasetInfo("/le/empty_float32").shape == [0, 3])
        let wide = try file.read("/be/float64", as: Double.self)
        #expect(bitPatterns(wide) == bitPatterns(try file.read("/le/float64", as: Double.self)))
        #expect(wide.count == 6)
    }
}
