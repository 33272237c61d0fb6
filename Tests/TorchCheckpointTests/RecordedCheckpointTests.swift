import Foundation
import Testing
@testable import TorchCheckpoint

/// Every fixture written by torch.save / Lightning reads back exactly as PyTorch read it.
@Suite struct RecordedCheckpointTests {
    static let files = ["bigendian.pt", "deflated.pt", "dtypes.pt", "dtypes_legacy.pt", "large.pt", "legacy_view.pt", "lightning.ckpt",
                        "protocol4.pt", "protocol4_legacy.pt", "views.pt", "views_legacy.pt"]

    @Test func everyRecordedFixtureIsCovered() throws {
        #expect(try RecordedExpectations.load().map(\.file).sorted() == Self.files.sorted())
    }

    @Test(arguments: files)
    func tensorsMatchWhatPyTorchRead(file: String) throws {
        let expected = try RecordedExpectations.checkpoint(file)
        let checkpoint = try Checkpoint(path: RecordedExpectations.path(file))
        #expect(checkpoint.format.rawValue == expected.format)
        #expect(checkpoint.tensors.map(\.name) == expected.tensors.map(\.name))
        #expect(checkpoint.metadata.map(\.key) == expected.metadataKeys)
        for (named, recorded) in zip(checkpoint.tensors, expected.tensors) {
            let t = named.tensor
            #expect(t.dtype.rawValue == recorded.dtype, "\(file) \(named.name)")
            #expect(t.shape == recorded.shape, "\(file) \(named.name)")
            #expect(t.strides == recorded.strides, "\(file) \(named.name)")
            #expect(t.storageOffset == recorded.storageOffset, "\(file) \(named.name)")
            let doubles = try checkpoint.readDoubles(t)
            #expect(doubles.count == t.elementCount)
            if let bytes = recorded.bytes {
                #expect(try checkpoint.readData(t) == bytes, "\(file) \(named.name) bytes")
            }
            if let values = recorded.values {
                #expect(Self.same(doubles, values), "\(file) \(named.name) values")
            }
            if let sum = recorded.sum, let head = recorded.head, let tail = recorded.tail {
                #expect(Self.same(Array(doubles.prefix(head.count)), head))
                #expect(Self.same(Array(doubles.suffix(tail.count)), tail))
                // Summation order differs from torch's; 20 480 float32 values summed in Double agree to ~1e-12.
                #expect(abs(doubles.reduce(0, +) - sum) <= 1e-9 * max(1, abs(sum)))
            }
            let floats = try checkpoint.readFloats(t)
            #expect(floats.count == doubles.count)
            // readFloats is readDoubles rounded to Float (exact for every dtype narrower than float32).
            #expect(Self.same(floats.map(Double.init), doubles.map { $0.isNaN ? nil : Double(Float($0)) }),
                    "\(file) \(named.name) floats")
        }
    }

    /// Equal as Doubles, NaN matching NaN (recorded as nil).
    static func same(_ actual: [Double], _ expected: [Double?]) -> Bool {
        guard actual.count == expected.count else { return false }
        return zip(actual, expected).allSatisfy { a, e in
            guard let e else { return a.isNaN }
            return a == e && a.sign == e.sign
        }
    }
}
