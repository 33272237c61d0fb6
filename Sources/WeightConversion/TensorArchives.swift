import Foundation
import SafeTensors
import TorchCheckpoint

/// Opens any file of tensors vvae reads as a source, by its content, never its name: safetensors (an 8-byte header
/// length, then `{`), else a PyTorch checkpoint (zip or legacy pickle), whose reader explains what else it is.
public enum TensorArchives {
    public static func open(_ path: String) throws -> any TensorArchive {
        if isSafeTensors(path) { return try SafeTensorsFile(path: path) }
        return try Checkpoint(path: path)
    }

    public static func isSafeTensors(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), (try? handle.seek(toOffset: 0)) != nil,
              let head = try? handle.read(upToCount: 9) else { return false }
        return SafeTensorsFile.looksLikeSafeTensors(Array(head), fileSize: Int(size))
    }
}
