import Foundation
import SafeTensors
import Testing
import TestSupport
import TorchCheckpoint
import VVAESupport

/// Files written by the `safetensors` library (Fixtures/generators/make_safetensors_fixtures.py) read as it wrote them.
struct SafeTensorsFileTests {
    /// Read with `StrictJSON`, whose numbers are their literal text: Foundation's JSON parser on Linux rounds some
    /// decimal literals to a neighbouring double, which would blame our reader for its error.
    static let expected: StrictJSON? = {
        guard let data = FileManager.default.contents(atPath: FixturePaths.fixture("safetensors/expected.json").path) else { return nil }
        return try? StrictJSON.parse(Array(data))
    }()

    private func expectations(_ file: String) -> (tensors: [(key: String, value: StrictJSON)], metadata: [String: String]) {
        guard case .object(let tensors)? = Self.expected?[file]?["tensors"],
              case .object(let metadata)? = Self.expected?[file]?["metadata"] else { return ([], [:]) }
        return (tensors, Dictionary(uniqueKeysWithValues: metadata.map { ($0.key, $0.value.stringValue ?? "") }))
    }

    private func shape(_ json: StrictJSON?) -> [Int]? {
        guard case .array(let items)? = json else { return nil }
        return items.compactMap(\.integer)
    }

    @Test(arguments: ["dtypes.safetensors", "tiny4z-mixed.safetensors"])
    func listingMatchesWhatTheLibraryWrote(file: String) throws {
        let opened = try SafeTensorsFile(path: FixturePaths.fixture("safetensors/" + file).path)
        let (tensors, metadata) = expectations(file)
        #expect(!tensors.isEmpty)
        #expect(opened.formatName == "safetensors")
        let byName = Dictionary(uniqueKeysWithValues: tensors.map { ($0.key, $0.value) })
        #expect(Set(opened.archivedTensors.map(\.name)) == Set(byName.keys))
        for tensor in opened.archivedTensors {
            #expect(tensor.dtype.rawValue == byName[tensor.name]?["dtype"]?.stringValue, "\(tensor.name)")
            #expect(tensor.shape == shape(byName[tensor.name]?["shape"]), "\(tensor.name)")
            #expect(opened.fileSpan(named: tensor.name)?.count == tensor.byteCount)
        }
        #expect(Dictionary(uniqueKeysWithValues: opened.header.metadata.map { ($0.key, $0.value) }) == metadata)
        #expect(opened.dataOffset % SafeTensorsHeader.dataAlignment == 0)
    }

    @Test func everyValueOfEveryDTypeIsRead() throws {
        let opened = try SafeTensorsFile(path: FixturePaths.fixture("safetensors/dtypes.safetensors").path)
        let byName = Dictionary(uniqueKeysWithValues: expectations("dtypes.safetensors").tensors.map { ($0.key, $0.value) })
        #expect(byName.count == opened.archivedTensors.count)
        for tensor in opened.archivedTensors {
            let values = try #require(ElementDecoding.doubles(try opened.readData(named: tensor.name), dtype: tensor.dtype))
            guard case .array(let recorded)? = byName[tensor.name]?["values"] else {
                Issue.record("no recorded values for \(tensor.name)")
                continue
            }
            let expected = recorded.map { value -> Double in
                switch value {
                case .bool(let flag): return flag ? 1 : 0
                case .number(let text): return Double(text) ?? .nan
                default: return .nan
                }
            }
            #expect(values.count == expected.count, "\(tensor.name)")
            for (index, (got, want)) in zip(values, expected).enumerated() {
                #expect(got.bitPattern == want.bitPattern || got == want, "\(tensor.name)[\(index)]: \(got) vs \(want)")
            }
        }
        // Signed zero survives (a value-only comparison would miss it).
        let f32 = try #require(ElementDecoding.doubles(try opened.readData(named: "weights.f32"), dtype: .float32))
        #expect(f32[4].sign == .minus)
    }

    @Test func unknownTensorIsANamedError() throws {
        let path = FixturePaths.fixture("safetensors/dtypes.safetensors").path
        let opened = try SafeTensorsFile(path: path)
        #expect(throws: SafeTensorsError(path: path, key: "nope", "no tensor of this name")) { try opened.readData(named: "nope") }
        #expect(opened.fileSpan(named: "nope") == nil)
    }

    @Test func contentNotExtensionDecides() throws {
        let head = Array(try #require(FileManager.default.contents(atPath: FixturePaths.fixture("safetensors/dtypes.safetensors").path)).prefix(9))
        #expect(SafeTensorsFile.looksLikeSafeTensors(head, fileSize: 878))
        #expect(!SafeTensorsFile.looksLikeSafeTensors(Array("PK\u{03}\u{04}abcdefgh".utf8), fileSize: 1000))
        #expect(!SafeTensorsFile.looksLikeSafeTensors([0x80, 0x02, 0x7D, 0x71, 0, 0x2E, 0, 0, 0], fileSize: 9))
    }
}
