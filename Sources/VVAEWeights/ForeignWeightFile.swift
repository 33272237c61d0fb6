import Foundation
import HDF5Kit

/// Files users pass as `--weights` that are weights, but not yet converted: named by their first bytes, so the
/// error can say what to run instead of "not an HDF5 file".
enum ForeignWeightFile {
    /// "a PyTorch checkpoint" or "a safetensors file" when `path` starts like one; nil otherwise (also for HDF5).
    static func kind(at path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 9), head.count >= 2 else { return nil }
        let bytes = [UInt8](head)
        if bytes[0] == 0x50, bytes[1] == 0x4B { return "a PyTorch checkpoint (zip container)" }
        if bytes[0] == 0x80, (2...5).contains(bytes[1]) { return "a PyTorch checkpoint (legacy container)" }
        if bytes.count == 9, bytes[8] == UInt8(ascii: "{") { return "a safetensors file" }
        return nil
    }

    /// Opens `path` as HDF5; when that fails and the file starts like a checkpoint, the refusal says to convert it.
    /// The bytes are looked at only on failure, so a good weight file is opened once.
    static func openHDF5(_ path: String) throws -> HDF5File {
        do {
            return try HDF5File.open(atPath: path)
        } catch {
            if let kind = kind(at: path) { throw refusal(path, kind: kind) }
            throw error
        }
    }

    /// The refusal for such a file, with the command that converts it.
    static func refusal(_ path: String, kind: String) -> WeightFileError {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return WeightFileError(path: path, "is \(kind), not a vvae weight file; convert it first: vvae-convert \(path) \(stem).h5")
    }
}
