import TorchCheckpoint
import VVAESupport

/// The header of a safetensors file (https://github.com/huggingface/safetensors): an 8-byte little-endian length,
/// then that many bytes of JSON naming each tensor's dtype, shape and byte range in the data that follows, plus an
/// optional `__metadata__` map of strings. The one type that both reads (checking everything, as the file may be
/// hostile) and writes it.
public struct SafeTensorsHeader: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let dtype: TensorDType
        public let shape: [Int]
        /// Byte range inside the data section (which starts right after the header).
        public let dataRange: Range<Int>

        public init(name: String, dtype: TensorDType, shape: [Int], dataRange: Range<Int>) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.dataRange = dataRange
        }
    }

    public static let metadataKey = "__metadata__"
    /// The reference implementation refuses longer headers; so do we, before allocating anything.
    public static let maxHeaderBytes = 100_000_000
    /// Writers pad the JSON with spaces so the data starts at a multiple of this.
    public static let dataAlignment = 8

    /// Tensors in header order.
    public var entries: [Entry]
    /// `__metadata__`, in header order.
    public var metadata: [(key: String, value: String)]

    public init(entries: [Entry], metadata: [(key: String, value: String)]) {
        self.entries = entries
        self.metadata = metadata
    }

    public static func == (lhs: SafeTensorsHeader, rhs: SafeTensorsHeader) -> Bool {
        lhs.entries == rhs.entries && lhs.metadata.count == rhs.metadata.count
            && zip(lhs.metadata, rhs.metadata).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Decodes and checks the JSON of a file whose data section holds `dataSize` bytes: every field typed as the
    /// format says, dtypes known, shapes whose byte counts equal their ranges, ranges inside the data, and the
    /// ranges tiling the data without gaps or overlaps (as the reference implementation requires).
    public static func decode(json: [UInt8], dataSize: Int, path: String) throws -> SafeTensorsHeader {
        func failure(_ key: String?, _ reason: String) -> SafeTensorsError { SafeTensorsError(path: path, key: key, reason) }
        guard json.first == UInt8(ascii: "{") else { throw failure(nil, "the header is not a JSON object") }
        let root: StrictJSON
        do {
            root = try StrictJSON.parse(json)
        } catch let error as StrictJSON.ParseError {
            throw failure(nil, "the header is not valid JSON: \(error.reason) at byte \(8 + error.offset)")
        }
        guard case .object(let members) = root else { throw failure(nil, "the header is not a JSON object") }
        var entries: [Entry] = []
        var metadata: [(key: String, value: String)] = []
        for (name, value) in members {
            if name == metadataKey {
                guard case .object(let pairs) = value else { throw failure(name, "must be an object of strings") }
                for (key, item) in pairs {
                    guard let text = item.stringValue else { throw failure(name, "value of '\(key)' is not a string") }
                    metadata.append((key, text))
                }
                continue
            }
            guard case .object(let fields) = value else { throw failure(name, "tensor entry is not an object") }
            for field in fields where !["dtype", "shape", "data_offsets"].contains(field.key) {
                throw failure(name, "unknown field '\(field.key)'")
            }
            guard let dtypeName = value["dtype"]?.stringValue else { throw failure(name, "no dtype string") }
            guard let dtype = SafeTensorsDType.byName[dtypeName] else {
                throw failure(name, "dtype \(dtypeName) is not supported")
            }
            guard case .array(let dimensions)? = value["shape"] else { throw failure(name, "no shape array") }
            var shape: [Int] = []
            var count = 1
            for dimension in dimensions {
                guard let size = dimension.integer, size >= 0 else {
                    throw failure(name, "shape \(dimensions.map { $0.serialized() }) has a dimension that is not a non-negative integer")
                }
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow else { throw failure(name, "shape \(shape + [size]) overflows") }
                shape.append(size)
                count = product
            }
            guard case .array(let offsets)? = value["data_offsets"], offsets.count == 2,
                  let begin = offsets[0].integer, let end = offsets[1].integer, begin >= 0, begin <= end else {
                throw failure(name, "data_offsets must be two integers [begin, end] with 0 ≤ begin ≤ end")
            }
            guard end <= dataSize else {
                throw failure(name, "data_offsets [\(begin), \(end)] run past the end of the data (\(dataSize) bytes)")
            }
            let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, byteCount == end - begin else {
                throw failure(name, "\(dtypeName) of shape \(shape) needs \(overflow ? "more than Int.max" : String(byteCount)) bytes, data_offsets give \(end - begin)")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, dataRange: begin..<end))
        }
        var expected = 0
        for entry in entries.sorted(by: { ($0.dataRange.lowerBound, $0.dataRange.upperBound) < ($1.dataRange.lowerBound, $1.dataRange.upperBound) }) {
            if entry.dataRange.lowerBound < expected {
                throw failure(entry.name, "data_offsets [\(entry.dataRange.lowerBound), \(entry.dataRange.upperBound)] overlap another tensor's")
            }
            if entry.dataRange.lowerBound > expected {
                throw failure(entry.name, "bytes \(expected)..<\(entry.dataRange.lowerBound) of the data belong to no tensor")
            }
            expected = entry.dataRange.upperBound
        }
        guard expected == dataSize else {
            throw failure(nil, "the tensors cover \(expected) bytes of data, the file holds \(dataSize)")
        }
        return SafeTensorsHeader(entries: entries, metadata: metadata)
    }

    /// The header as written: JSON (`__metadata__` first), padded with spaces so that 8 + its length is a multiple of
    /// `dataAlignment`.
    public func encodedJSON() -> [UInt8] {
        var members: [(key: String, value: StrictJSON)] = []
        if !metadata.isEmpty {
            members.append((Self.metadataKey, .object(metadata.map { ($0.key, StrictJSON.string($0.value)) })))
        }
        for entry in entries {
            members.append((entry.name, .object([
                ("dtype", .string(SafeTensorsDType.name(of: entry.dtype) ?? entry.dtype.rawValue)),
                ("shape", .array(entry.shape.map { .number(String($0)) })),
                ("data_offsets", .array([.number(String(entry.dataRange.lowerBound)), .number(String(entry.dataRange.upperBound))])),
            ])))
        }
        var bytes = Array(StrictJSON.object(members).serialized().utf8)
        while (8 + bytes.count) % Self.dataAlignment != 0 { bytes.append(UInt8(ascii: " ")) }
        return bytes
    }
}
