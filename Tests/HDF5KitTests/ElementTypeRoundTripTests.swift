import Foundation
import Testing
@testable import HDF5Kit

@Suite struct ElementTypeRoundTripTests {
    /// Raw bytes of every element type come back unchanged, with the type and shape recognised.
    @Test(arguments: HDF5ElementType.allCases)
    func rawBytesRoundTrip(type: HDF5ElementType) throws {
        let path = try TestFiles.scratchPath("raw-\(type).h5")
        let shape = [2, 3, 5]
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<(30 * type.byteCount)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if type == .bool { bytes = bytes.map { $0 & 1 } }
        do {
            let file = try HDF5File.create(atPath: path)
            let written = try file.writeDataset("/group/\(type)", elementType: type, shape: shape, bytes: bytes)
            #expect(written.elementType == type)
            try file.close()
        }
        let file = try HDF5File.open(atPath: path)
        let info = try file.datasetInfo("group/\(type)")
        #expect(info.elementType == type)
        #expect(info.byteOrder == .littleEndian)
        #expect(info.shape == shape)
        #expect(info.elementCount == 30)
        #expect(info.layout == .contiguous)
        #expect(info.storageByteCount == bytes.count)
        #expect(try file.readBytes("/group/\(type)") == bytes)
    }

    @Test func typedValuesRoundTrip() throws {
        let path = try TestFiles.scratchPath("typed.h5")
        let floats: [Float] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                               Float(bitPattern: 0x7FC0_1234), 1.0 / 3.0]
        let doubles: [Double] = [-0.0, .leastNonzeroMagnitude, .pi, Double(bitPattern: 0x7FF8_0000_0000_ABCD)]
        let int8s: [Int8] = [.min, -1, 0, .max]
        let int16s: [Int16] = [.min, -300, 0, .max]
        let int32s: [Int32] = [.min, -70_000, 0, .max]
        let int64s: [Int64] = [.min, -(1 << 40), 0, .max]
        let uint8s: [UInt8] = [0, 1, 128, 255]
        let flags: [Bool] = [true, false, false, true]
        do {
            let file = try HDF5File.create(atPath: path)
            try file.writeDataset("f32", shape: [2, 4], values: floats)
            try file.writeDataset("f64", shape: [4], values: doubles)
            try file.writeDataset("i8", shape: [4], values: int8s)
            try file.writeDataset("i16", shape: [4], values: int16s)
            try file.writeDataset("i32", shape: [2, 2], values: int32s)
            try file.writeDataset("i64", shape: [4], values: int64s)
            try file.writeDataset("u8", shape: [4], values: uint8s)
            try file.writeDataset("b", shape: [4], values: flags)
        }
        let file = try HDF5File.open(atPath: path)
        #expect(bitPatterns(try file.read("f32", as: Float.self)) == bitPatterns(floats))
        #expect(bitPatterns(try file.readFloat32("f32")) == bitPatterns(floats))
        #expect(bitPatterns(try file.read("f64", as: Double.self)) == bitPatterns(doubles))
        #expect(try file.read("i8", as: Int8.self) == int8s)
        #expect(try file.read("i16", as: Int16.self) == int16s)
        #expect(try file.read("i32", as: Int32.self) == int32s)
        #expect(try file.read("i64", as: Int64.self) == int64s)
        #expect(try file.read("u8", as: UInt8.self) == uint8s)
        #expect(try file.read("b", as: Bool.self) == flags)
        #expect(try file.datasetInfo("b").elementType == .bool)
        #expect(try file.readBytes("b") == [1, 0, 0, 1])
        #expect(try file.readBytes("i16") == TestFiles.bytes(of: int16s))
    }

    /// Every one of the 65 536 bit patterns survives a write and read as float16 and as bfloat16, and the dataset is
    /// classified back as the type it was written as.
    @Test(arguments: [HDF5ElementType.float16, .bfloat16])
    func everyHalfBitPatternRoundTrips(type: HDF5ElementType) throws {
        let path = try TestFiles.scratchPath("half-\(type).h5")
        let patterns = (0...UInt16.max).map { $0 }
        do {
            let file = try HDF5File.create(atPath: path)
            try file.writeDataset("/w", elementType: type, shape: [256, 256], bitPatterns: patterns)
        }
        let file = try HDF5File.open(atPath: path)
        let info = try file.datasetInfo("/w")
        #expect(info.elementType == type)
        #expect(info.typeDescription == type.rawValue)
        #expect(info.storageByteCount == 2 * 65536)
        #expect(try file.readBitPatterns("/w") == patterns)
        #expect(try file.readBytes("/w") == TestFiles.bytes(of: patterns))
    }

    /// Our bfloat16 and float16 types mean the values we think: libhdf5's own conversion to float32 (what h5py and
    /// h5dump use) agrees with `readFloat32`'s exact widening for every bit pattern.
    @Test(arguments: [HDF5ElementType.float16, .bfloat16])
    func halfTypesDecodeLikeLibhdf5(type: HDF5ElementType) throws {
        let path = try TestFiles.scratchPath("decode-\(type).h5")
        let patterns = (0...UInt16.max).map { $0 }
        let file = try HDF5File.create(atPath: path)
        try file.writeDataset("/w", elementType: type, shape: [65536], bitPatterns: patterns)
        let ours = try file.readFloat32("/w")
        let library = try file.readConvertedByLibrary("/w")
        #expect(ours.count == 65536 && library.count == 65536)
        var mismatches: [String] = []
        for index in 0..<min(ours.count, library.count) where !(ours[index].isNaN && library[index].isNaN) {
            if ours[index].bitPattern != library[index].bitPattern {
                mismatches.append("0x\(String(index, radix: 16)): ours \(ours[index]) libhdf5 \(library[index])")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        // NaN stays NaN (libhdf5 may change the payload, so only the class is compared).
        #expect(zip(ours, library).allSatisfy { $0.isNaN == $1.isNaN })
    }

    #if !(os(macOS) && arch(x86_64))
    /// The float16 widening matches Swift's own `Float16` for every bit pattern.
    @Test func float16DecodingMatchesSwiftFloat16() {
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let decoded = HalfPrecisionDecoding.float(fromFloat16Bits: bits)
            if expected.isNaN {
                #expect(decoded.isNaN)
            } else if decoded.bitPattern != expected.bitPattern {
                Issue.record("0x\(String(bits, radix: 16)): \(decoded) != \(expected)")
                return
            }
        }
    }
    #endif

    @Test func shapesScalarAndZeroSize() throws {
        let path = try TestFiles.scratchPath("shapes.h5")
        let file = try HDF5File.create(atPath: path)
        let scalar = try file.writeDataset("scalar", shape: [], values: [Double(2.5)])
        #expect(scalar.shape == [] && scalar.elementCount == 1)
        let empty = try file.writeDataset("empty", shape: [3, 0, 2], values: [Float]())
        #expect(empty.shape == [3, 0, 2] && empty.elementCount == 0)
        #expect(empty.byteOffset == nil)
        let emptyHalf = try file.writeDataset("empty_half", elementType: .bfloat16, shape: [0], bitPatterns: [])
        #expect(emptyHalf.shape == [0])
        try file.close()

        let reopened = try HDF5File.open(atPath: path)
        #expect(try reopened.read("scalar", as: Double.self) == [2.5])
        #expect(try reopened.datasetInfo("scalar").shape == [])
        #expect(try reopened.read("empty", as: Float.self) == [])
        #expect(try reopened.readBytes("empty") == [])
        #expect(try reopened.datasetInfo("empty").shape == [3, 0, 2])
        #expect(try reopened.readFloat32("empty_half") == [])
    }
}
