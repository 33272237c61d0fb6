import Foundation
import VVAERuntime
import VVAESupport

/// Reading and checking `.npy` inputs, and writing outputs atomically.
public enum TensorFiles {
    /// A video tensor `[B, 3, T, H, W]` in [-1, 1]; checked before any model work starts.
    public static func readVideo(_ path: String, frameMultiple: Int, sizeMultiple: Int) throws -> Tensor {
        let tensor = try Npy.read(at: URL(fileURLWithPath: path))
        guard tensor.rank == 5, tensor.shape[1] == 3, tensor.shape.allSatisfy({ $0 > 0 }) else {
            throw InputError(path: path, "must be a float array [B, 3, T, H, W], got shape \(tensor.shape)")
        }
        let (frames, height, width) = (tensor.shape[2], tensor.shape[3], tensor.shape[4])
        guard frames % frameMultiple == 0 else {
            throw InputError(path: path, "has \(frames) frames; the model needs a multiple of \(frameMultiple) (pad by repeating the last frame)")
        }
        guard height % sizeMultiple == 0, width % sizeMultiple == 0 else {
            throw InputError(path: path, "is \(height)×\(width); the model needs height and width multiples of \(sizeMultiple)")
        }
        guard let range = tensor.finiteRange() else { throw InputError(path: path, "contains NaN or infinite values") }
        guard range.lowerBound >= -1.0001, range.upperBound <= 1.0001 else {
            throw InputError(path: path, "values must be in [-1, 1] (pixels as (x/255 - 0.5)·2), found [\(range.lowerBound), \(range.upperBound)]")
        }
        return tensor
    }

    /// Writes `tensor` as `.npy`, replacing `path` only when complete.
    public static func writeNpy(_ tensor: Tensor, to path: String, overwrite: Bool) throws {
        let output = try AtomicOutput(destination: path, overwrite: overwrite)
        try Npy.write(tensor, to: URL(fileURLWithPath: output.temporaryPath))
        try output.commit()
    }
}
