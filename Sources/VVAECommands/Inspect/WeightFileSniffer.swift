import VVAEPipeline
import Foundation
import WeightConversion

/// Which reader a file needs, decided from its first bytes rather than its name (users rename `.ckpt` to `.pt`,
/// `.pth`, `.bin`…).
enum WeightFileKind: Equatable {
    case hdf5
    case safetensors
    case torch
}

enum WeightFileSniffer {
    /// HDF5's signature may sit at offset 0, 512, 1024, 2048, … (a user block comes first).
    static let hdf5Signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    static func kind(ofFileAt path: String) throws -> WeightFileKind {
        // A folder opens for reading on Linux and fails only at the first read, with an unhelpful error.
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw InputError(path: path, "is a folder, not a checkpoint or weight file (vvae-convert takes a Hugging Face T5 folder; vvae-inspect takes files)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(path: path, FileManager.default.fileExists(atPath: path) ? "cannot be opened for reading" : "no such file")
        }
        defer { try? handle.close() }
        var offset: UInt64 = 0
        while offset <= 1 << 20 {
            try handle.seek(toOffset: offset)
            guard let bytes = try handle.read(upToCount: 8), bytes.count == 8 else { break }
            if Array(bytes) == hdf5Signature { return .hdf5 }
            offset = offset == 0 ? 512 : offset * 2
        }
        return TensorArchives.isSafeTensors(path) ? .safetensors : .torch
    }
}
