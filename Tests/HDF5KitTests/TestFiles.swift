import Foundation
import TestSupport
@testable import HDF5Kit

/// A scratch folder per test, and the h5py-recorded fixture.
enum TestFiles {
    static func scratchPath(_ name: String) throws -> String {
        try FixturePaths.temporaryDirectory("hdf5kit").appendingPathComponent(name).path
    }

    static var h5pyTypes: String { FixturePaths.fixture("hdf5kit/h5py-types.h5").path }

    /// The in-memory bytes of `values` (the tests run on little-endian hosts, where these are the stored bytes).
    static func bytes<T>(of values: [T]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }
}

/// Bit-exact comparison for floating-point arrays (NaN payloads and signed zeros included).
func bitPatterns(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }
func bitPatterns(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }
