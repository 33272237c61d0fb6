import Foundation

/// Reads and writes NumPy `.npy` files (format 1.0–3.0; float16/32/64 in either byte order; C order only).
/// Everything is converted to float32 on read; writing always produces little-endian `<f4`.
public enum Npy {
    /// Only the header: shape and dtype, to validate a file before any work starts.
    public static func readHeader(at url: URL) throws -> NpyHeader {
        let data = try load(url)
        return try NpyHeader.parse(data, path: url.path)
    }

    /// The array as a float32 tensor (float64 values are rounded to the nearest float32).
    public static func read(at url: URL) throws -> Tensor {
        try decode(try load(url), path: url.path)
    }

    /// The array's values widened to Double without rounding (for float64 reference data).
    public static func readDoubles(at url: URL) throws -> (shape: [Int], values: [Double]) {
        let data = try load(url)
        let header = try checkedHeader(data, path: url.path)
        let values = [Double](unsafeUninitializedCapacity: header.elementCount) { buffer, initialized in
            convert(data, header: header) { index, value in buffer[index] = value }
            initialized = header.elementCount
        }
        return (header.shape, values)
    }

    /// Decodes an in-memory `.npy` image; `path` only labels errors.
    public static func decode(_ data: Data, path: String) throws -> Tensor {
        let header = try checkedHeader(data, path: path)
        let count = header.elementCount
        let payload = data[(data.startIndex + header.dataOffset)...]
        if header.scalarType == .float32 && header.isLittleEndian == NpyHeader.hostIsLittleEndian {
            let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                _ = payload.copyBytes(to: buffer)
                initialized = count
            }
            return Tensor(validatedShape: header.shape, scalars: scalars)
        }
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            convert(data, header: header) { index, value in buffer[index] = Float(value) }
            initialized = count
        }
        return Tensor(validatedShape: header.shape, scalars: scalars)
    }

    /// Writes `tensor` as a version 1.0 (2.0 for huge shapes) little-endian float32 file, streaming the data.
    public static func write(_ tensor: Tensor, to url: URL) throws {
        let path = url.path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw NpyError.cannotWrite(path: path, reason: "cannot create the file")
        }
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.write(contentsOf: NpyHeader.encodeFloat32(shape: tensor.shape))
            let chunk = 1 << 20
            var start = 0
            while start < tensor.count {
                let end = min(tensor.count, start + chunk)
                try handle.write(contentsOf: littleEndianBytes(tensor.scalars[start..<end]))
                start = end
            }
        } catch let error as NpyError {
            throw error
        } catch {
            throw NpyError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// The complete `.npy` image of `tensor` in memory (small arrays and tests).
    public static func encode(_ tensor: Tensor) -> Data {
        var data = Data(NpyHeader.encodeFloat32(shape: tensor.shape))
        data.append(littleEndianBytes(tensor.scalars[...]))
        return data
    }

    // MARK: - Internals

    private static func load(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw NpyError.cannotOpen(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    private static func checkedHeader(_ data: Data, path: String) throws -> NpyHeader {
        let header = try NpyHeader.parse(data, path: path)
        let available = data.count - header.dataOffset
        guard available == header.dataByteCount else {
            throw NpyError.sizeMismatch(path: path, expectedBytes: header.dataByteCount, actualBytes: available)
        }
        return header
    }

    /// Decodes every element of the payload to Double (exact for all supported types) and hands it to `store`.
    private static func convert(_ data: Data, header: NpyHeader, store: (Int, Double) -> Void) {
        let swap = header.isLittleEndian != NpyHeader.hostIsLittleEndian
        let count = header.elementCount
        data.withUnsafeBytes { raw in
            let base = raw.baseAddress.map { $0 + header.dataOffset }
            guard let base, count > 0 else { return }
            switch header.scalarType {
            case .float16:
                for i in 0..<count {
                    var bits = base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                    if swap { bits = bits.byteSwapped }
                    store(i, Double(HalfFloat.float(fromBits: bits)))
                }
            case .float32:
                for i in 0..<count {
                    var bits = base.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                    if swap { bits = bits.byteSwapped }
                    store(i, Double(Float(bitPattern: bits)))
                }
            case .float64:
                for i in 0..<count {
                    var bits = base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
                    if swap { bits = bits.byteSwapped }
                    store(i, Double(bitPattern: bits))
                }
            }
        }
    }

    private static func littleEndianBytes(_ values: ArraySlice<Float>) -> Data {
        var data = Data(count: values.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (offset, value) in values.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * offset, as: UInt32.self)
            }
        }
        return data
    }
}
