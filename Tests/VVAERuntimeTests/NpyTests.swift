import Foundation
import Testing
import TestSupport
@testable import VVAERuntime

/// Files written by numpy itself (Fixtures/ops/npy) in every supported version, byte order and width.
@Suite struct NpyTests {
    private func npy(_ name: String) -> URL { FixturePaths.fixture("ops/npy/\(name).npy") }

    @Test(arguments: ["le", "be"], ["1", "2", "3"])
    func float32And64MatchReference(order: String, version: String) throws {
        let reference = try Npy.readDoubles(at: npy("reference_f64"))
        let f4 = try Npy.read(at: npy("v\(version)_\(order)f4"))
        #expect(f4.shape == [2, 3, 4])
        #expect(f4.scalars == reference.values.map { Float($0) })
        let f8 = try Npy.readDoubles(at: npy("v\(version)_\(order)f8"))
        #expect(f8.shape == [2, 3, 4])
        #expect(f8.values == reference.values)
        // float64 files read as float32 are rounded to nearest.
        #expect(try Npy.read(at: npy("v\(version)_\(order)f8")).scalars == reference.values.map { Float($0) })
        let header = try Npy.readHeader(at: npy("v\(version)_\(order)f8"))
        #expect(header.majorVersion == Int(version))
        #expect(header.isLittleEndian == (order == "le"))
        #expect(header.dataOffset % 16 == 0)
    }

    @Test(arguments: ["le", "be"], ["1", "2", "3"])
    func float16MatchesNumpyRounding(order: String, version: String) throws {
        let expected = try Npy.readDoubles(at: npy("reference_f16_as_f64"))
        let f2 = try Npy.readDoubles(at: npy("v\(version)_\(order)f2"))
        #expect(f2.values == expected.values)
    }

    @Test func scalarAndEmpty() throws {
        let scalar = try Npy.read(at: npy("scalar_f4"))
        #expect(scalar.shape == [])
        #expect(scalar.scalars == [2.5])
        let empty = try Npy.read(at: npy("empty_f4"))
        #expect(empty.shape == [0, 3])
        #expect(empty.count == 0)
    }

    @Test func fortranOrderIsRejected() throws {
        let url = npy("fortran_f4")
        #expect(throws: NpyError.fortranOrder(path: url.path)) { _ = try Npy.read(at: url) }
    }

    @Test func integerDTypeIsRejected() throws {
        let url = npy("int32")
        #expect(throws: NpyError.unsupportedDType(path: url.path, descr: "<i4")) { _ = try Npy.read(at: url) }
    }

    @Test func damagedImagesGiveTypedErrors() throws {
        let good = try Data(contentsOf: npy("v1_lef4"))
        #expect(throws: NpyError.sizeMismatch(path: "t", expectedBytes: 96, actualBytes: 95)) {
            _ = try Npy.decode(good.dropLast(), path: "t")
        }
        #expect(throws: NpyError.sizeMismatch(path: "t", expectedBytes: 96, actualBytes: 97)) {
            _ = try Npy.decode(good + Data([0]), path: "t")
        }
        var badMagic = good
        badMagic[badMagic.startIndex] = 0x00
        #expect(throws: NpyError.notNpy(path: "t")) { _ = try Npy.decode(badMagic, path: "t") }
        var badVersion = good
        badVersion[badVersion.startIndex + 6] = 4
        #expect(throws: NpyError.unsupportedVersion(path: "t", major: 4, minor: 0)) {
            _ = try Npy.decode(badVersion, path: "t")
        }
        #expect(throws: NpyError.self) { _ = try Npy.decode(good.prefix(40), path: "t") }
        #expect(throws: NpyError.notNpy(path: "t")) { _ = try Npy.decode(Data(), path: "t") }
        let missing = FixturePaths.fixture("ops/npy/does-not-exist.npy")
        #expect(throws: NpyError.self) { _ = try Npy.read(at: missing) }
    }

    @Test func malformedHeaderText() throws {
        func image(_ dict: String) -> Data {
            var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
            let text = Array((dict + "\n").utf8)
            bytes += [UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text
            return Data(bytes)
        }
        #expect(throws: NpyError.self) { _ = try Npy.decode(image("{'descr': '<f4', 'shape': (1,), }"), path: "t") }
        #expect(throws: NpyError.self) {
            _ = try Npy.decode(image("{'descr': '<f4', 'fortran_order': False, 'shape': (1,-2), }"), path: "t")
        }
        #expect(throws: NpyError.self) { _ = try Npy.decode(image("{'descr': <f4}"), path: "t") }
        // A hand-written minimal header is accepted.
        let ok = image("{'descr': '>f4', 'fortran_order': False, 'shape': (1,)}") + Data([0x3F, 0x80, 0, 0])
        #expect(try Npy.decode(ok, path: "t").scalars == [1])
    }

    @Test func writeThenReadRoundTrips() throws {
        let directory = try FixturePaths.temporaryDirectory("vvae-npy")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("x.npy")
        let tensor = try Tensor(shape: [2, 1, 3], scalars: [0, -1.5, .pi, 1e-30, -3e38, .leastNonzeroMagnitude])
        try Npy.write(tensor, to: url)
        #expect(try Npy.read(at: url) == tensor)
        let data = try Data(contentsOf: url)
        let header = try Npy.readHeader(at: url)
        #expect(header.descr == "<f4")
        #expect(header.majorVersion == 1)
        #expect(header.dataOffset % 64 == 0)
        #expect(data.count == header.dataOffset + 24)
        // Same header text numpy writes for this shape.
        let text = String(decoding: data[10..<header.dataOffset], as: UTF8.self)
        #expect(text.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 3), }"))
        #expect(text.hasSuffix(" \n"))
        #expect(Npy.encode(tensor) == data)
        let oneD = try Tensor(shape: [3], scalars: [1, 2, 3])
        #expect(String(decoding: Npy.encode(oneD), as: UTF8.self).contains("'shape': (3,)"))
        #expect(try Npy.decode(Npy.encode(try Tensor(shape: [], scalars: [7])), path: "s").shape == [])
    }

    @Test func unwritablePathIsTypedError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-dir-vvae/x.npy")
        #expect(throws: NpyError.self) { try Npy.write(try Tensor(zeros: [1]), to: url) }
    }
}
