import Foundation
import Testing
import TestSupport

/// What PyTorch read from each fixture, recorded by Fixtures/generators/make_checkpoints.py into expected.json.
struct RecordedTensor {
    let name: String
    let dtype: String
    let shape: [Int]
    let strides: [Int]
    let storageOffset: Int
    /// Full contents when the tensor is small: C-order little-endian bytes and values as Double (NaN as nil).
    let bytes: [UInt8]?
    let values: [Double?]?
    /// Large tensors: float64 sum of all elements, plus the first and last values.
    let sum: Double?
    let head: [Double?]?
    let tail: [Double?]?
}

struct RecordedCheckpoint {
    let file: String
    let format: String
    let tensors: [RecordedTensor]
    let metadataKeys: [String]
}

enum RecordedExpectations {
    static let folder = FixturePaths.fixture("checkpoints")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func load() throws -> [RecordedCheckpoint] {
        let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(json["files"] as? [String: Any])
        return try files.keys.sorted().map { file in
            let entry = try #require(files[file] as? [String: Any])
            let tensors = try #require(entry["tensors"] as? [[String: Any]]).map(tensor)
            return RecordedCheckpoint(file: file, format: try #require(entry["format"] as? String), tensors: tensors,
                                      metadataKeys: try #require(entry["metadata_keys"] as? [String]))
        }
    }

    static func checkpoint(_ file: String) throws -> RecordedCheckpoint {
        try #require(try load().first { $0.file == file })
    }

    private static func tensor(_ t: [String: Any]) throws -> RecordedTensor {
        RecordedTensor(
            name: try #require(t["name"] as? String),
            dtype: try #require(t["dtype"] as? String),
            shape: try #require(t["shape"] as? [Int]),
            strides: try #require(t["strides"] as? [Int]),
            storageOffset: try #require(t["storage_offset"] as? Int),
            bytes: try (t["bytes_hex"] as? String).map(hexBytes),
            values: (t["values"] as? [Any]).map(numbers),
            sum: (t["sum"] as? String).flatMap(Double.init),
            head: (t["head"] as? [Any]).map(numbers),
            tail: (t["tail"] as? [Any]).map(numbers))
    }

    /// Values are recorded as Python's exact decimal text; `Double(String)` rounds it correctly. NaN becomes nil
    /// (NaN is checked with `isNaN`).
    static func numbers(_ raw: [Any]) -> [Double?] {
        raw.map { item in
            guard let text = item as? String, let value = Double(text), !value.isNaN else { return nil }
            return value
        }
    }

    static func hexBytes(_ hex: String) throws -> [UInt8] {
        let chars = Array(hex.utf8)
        try #require(chars.count % 2 == 0)
        return try stride(from: 0, to: chars.count, by: 2).map { i in
            try #require(UInt8(String(decoding: chars[i..<(i + 2)], as: UTF8.self), radix: 16))
        }
    }
}
