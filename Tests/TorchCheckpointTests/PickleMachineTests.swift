import Foundation
import Testing
@testable import TorchCheckpoint

/// The unpickler on its own: every protocol Python writes, and crafted hostile streams.
@Suite struct PickleMachineTests {
    static let folder = RecordedExpectations.folder.appendingPathComponent("pickles")

    /// The JSON form make_checkpoints.py records for the sample object (tuples, bytes, floats tagged).
    static func json(_ value: PickleValue) -> Any {
        switch value {
        case .none: return NSNull()
        case .bool(let b): return b
        case .int(let i): return i
        case .bigInt(let digits): return ["bigint": digits]
        case .float(let d): return ["float": d]
        case .string(let s): return s
        case .bytes(let b): return ["bytes": b.map { String(format: "%02x", $0) }.joined()]
        case .tuple(let items): return ["tuple": items.map(json)]
        case .list(let items): return items.map(json)
        case .dict(let entries): return ["dict": entries.map { [json($0.key), json($0.value)] }]
        default: return "\(value)"
        }
    }

    /// Normalizes Python's recorded JSON the same way (floats recorded as repr strings become Doubles).
    static func normalize(_ any: Any) -> Any {
        if let dict = any as? [String: Any] {
            if let text = dict["float"] as? String { return ["float": Double(text) ?? .nan] }
            return dict.mapValues(normalize)
        }
        if let array = any as? [Any] { return array.map(normalize) }
        return any
    }

    @Test(arguments: 0...5)
    func everyProtocolDecodesTheSampleObject(proto: Int) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent("protocol\(proto).pkl")))
        let value = try PickleMachine.unpickle(bytes)
        let expectedData = try Data(contentsOf: Self.folder.appendingPathComponent("expected.json"))
        let expected = Self.normalize(try JSONSerialization.jsonObject(with: expectedData))
        let actual = Self.json(value)
        let a = try JSONSerialization.data(withJSONObject: actual, options: [.sortedKeys])
        let e = try JSONSerialization.data(withJSONObject: expected, options: [.sortedKeys])
        #expect(String(decoding: a, as: UTF8.self) == String(decoding: e, as: UTF8.self))
    }

    func kind(_ bytes: [UInt8]) -> CheckpointError.Kind? {
        do {
            _ = try PickleMachine.unpickle(bytes)
            return nil
        } catch let error as CheckpointError {
            return error.kind
        } catch {
            return nil
        }
    }

    @Test func protocolZeroGlobalOfOsSystemIsRefused() {
        #expect(kind(Array("cos\nsystem\n(S'echo hi'\ntR.".utf8)) == .forbiddenGlobal)
        #expect(kind(Array("cbuiltins\neval\n(S'1'\ntR.".utf8)) == .forbiddenGlobal)
        #expect(kind([0x80, 0x04] + Self.shortUnicode("subprocess") + Self.shortUnicode("Popen") + [0x93, 0x2E])
                == .forbiddenGlobal)
    }

    @Test func unknownGlobalsStayInert() throws {
        let value = try PickleMachine.unpickle(Array("cargparse\nNamespace\n)R(dS'depth'\nI2\nsb.".utf8))
        guard case .object(let object) = value else {
            Issue.record("\(value)")
            return
        }
        #expect(object.qualifiedName == "argparse.Namespace")
        #expect(object.description == "argparse.Namespace(depth=2)")
    }

    /// One tuple shared by DUP at every level, 40 levels: 2^40 values by expansion. Freezing stops at the value
    /// budget, and releasing the graph visits each tuple once (it used to walk all 2^40 paths: a hang on 83 bytes).
    @Test func aTupleSharedExponentiallyByDupIsRefusedAndReleasedInLinearTime() {
        #expect(kind([0x80, 0x02, 0x4E] + Array(repeating: [0x32, 0x86], count: 40).flatMap { $0 } + [0x2E])
                == .lengthTooLarge)
    }

    /// 2,783 nested TUPLE1 (a fuzzer find): refused for its depth; releasing it is linear, not one walk of the
    /// chain per popped tuple.
    @Test func tuplesNestedThousandsDeepAreRefused() {
        #expect(kind([0x80, 0x02, 0x4E] + [UInt8](repeating: 0x85, count: 2_783) + [0x2E]) == .nestingTooDeep)
    }

    /// Rendering stops at the character budget: 16 copies of a value nested 12 deep would be 16^12 items.
    @Test func renderingOfAHugeSharedValueStopsAtTheBudget() {
        var value = PickleValue.string("leaf")
        for depth in 0..<12 {
            value = depth.isMultiple(of: 2) ? .list(Array(repeating: value, count: 16))
                                            : .frozenSet(Array(repeating: value, count: 16))
        }
        let text = value.description
        #expect(text.count == PickleValue.maxShownTotal + 1)
        #expect(text.hasPrefix("frozenset({[frozenset({["))
        #expect(text.hasSuffix("…"))
        #expect(PickleValue.list([.int(1), .tuple([.string("a")]), .set([])]).description == "[1, ('a',), set()]")
        #expect(PickleValue.list(Array(repeating: .int(0), count: 20)).description
                == "[" + Array(repeating: "0", count: 16).joined(separator: ", ") + ", … (4 more)]")
    }

    static func shortUnicode(_ s: String) -> [UInt8] { [0x8C, UInt8(s.utf8.count)] + Array(s.utf8) }

    @Test func badMemoIndexIsRejected() {
        #expect(kind([0x80, 0x02, 0x68, 0x05, 0x2E]) == .invalidMemo)
        #expect(kind(Array("g7\n.".utf8)) == .invalidMemo)
    }

    @Test func stackUnderflowAndMissingMarkAreMalformed() {
        #expect(kind([0x80, 0x02, 0x61, 0x2E]) == .malformedPickle)  // APPEND on empty stack
        #expect(kind([0x80, 0x02, 0x74, 0x2E]) == .malformedPickle)  // TUPLE without MARK
        #expect(kind([0x80, 0x02, 0x2E]) == .malformedPickle)  // STOP on empty stack
        #expect(kind([0x80, 0x02, 0xFF]) == .malformedPickle)  // unknown opcode
    }

    @Test func truncatedPickleIsReported() {
        #expect(kind([0x80, 0x02, 0x4E]) == .truncated)  // NONE and no STOP
        #expect(kind([0x80, 0x02, 0x58, 0x04, 0x00, 0x00, 0x00, 0x61]) == .truncated)  // BINUNICODE cut short
    }

    @Test func hugeClaimedLengthsFailBeforeAllocating() {
        #expect(kind([0x80, 0x04, 0x8E] + [UInt8](repeating: 0xFF, count: 7) + [0x7F, 0x2E]) == .lengthTooLarge)
        #expect(kind([0x80, 0x02, 0x58, 0x10, 0x00, 0x00, 0x00, 0x61]) == .lengthTooLarge)  // 16 bytes in an 8-byte pickle
        #expect(kind([0x80, 0x02, 0x8B, 0xFF, 0xFF, 0xFF, 0x7F, 0x2E]) == .lengthTooLarge)  // LONG4 of 2 GiB
        #expect(kind([0x80, 0x04, 0x95] + [UInt8](repeating: 0xFF, count: 8) + [0x2E]) == .truncated)  // FRAME
    }

    @Test func markBombIsBounded() {
        #expect(kind([0x80, 0x02] + [UInt8](repeating: 0x28, count: 100_000) + [0x2E]) == .stackOverflow)
    }

    @Test func selfContainingListIsCaught() {
        // EMPTY_LIST, BINPUT 0, BINGET 0, APPEND, STOP: a list that contains itself.
        #expect(kind([0x80, 0x02, 0x5D, 0x71, 0x00, 0x68, 0x00, 0x61, 0x2E]) == .nestingTooDeep)
    }

    @Test func exponentialSharingIsBounded() {
        // x0 = []; x(k+1) = [xk, xk] thirty times: 2^30 leaves if expanded.
        // EMPTY_LIST BINPUT 0, then per level: EMPTY_LIST MARK BINGET k BINGET k APPENDS BINPUT k+1.
        var bytes: [UInt8] = [0x80, 0x02, 0x5D, 0x71, 0x00]
        for k in 0..<30 {
            bytes += [0x5D, 0x28, 0x68, UInt8(k), 0x68, UInt8(k), 0x65, 0x71, UInt8(k + 1)]
        }
        bytes += [0x2E]
        #expect(kind(bytes) == .lengthTooLarge)
    }

    @Test func largeIntegersDecode() throws {
        #expect(PickleIntegers.decode(littleEndian: [0xFF]).intValue == -1)
        #expect(PickleIntegers.decode(littleEndian: [0x00, 0x80, 0x00]).intValue == 32768)
        #expect(PickleIntegers.decode(littleEndian: [UInt8](repeating: 0, count: 8) + [0x01]).description
                == "18446744073709551616")
        #expect(PickleIntegers.decode(littleEndian: [UInt8](repeating: 0, count: 8) + [0xFF]).description
                == "-18446744073709551616")
    }
}
