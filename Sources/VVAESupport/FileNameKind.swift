import Foundation

/// What a file name's extension says the file holds. Outputs are checked against it before any work, so a tool
/// never writes one kind of data under a name that promises another (`-o x.mp4` for NumPy data).
public enum FileNameKind: String, Sendable, Equatable {
    case hdf5 = "HDF5"
    case safetensors
    case npy = "NumPy (.npy)"
    case video
    case image
    case checkpoint = "PyTorch checkpoint"
    case text
    /// No extension, or one that says nothing we know of.
    case unknown

    public init(path: String) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "h5", "hdf5", "he5": self = .hdf5
        case "safetensors": self = .safetensors
        case "npy": self = .npy
        case "mp4", "m4v", "mov", "mkv", "webm", "avi", "gif", "ts", "mpg", "mpeg", "flv", "wmv", "ogv": self = .video
        case "png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp": self = .image
        case "ckpt", "pt", "pth", "bin", "pkl": self = .checkpoint
        case "txt", "json", "yaml", "yml", "csv", "md": self = .text
        default: self = .unknown
        }
    }

    /// Refuses `path` as the name of an output holding `kinds` (the first is what will be written) when its
    /// extension says it holds something else; a name without a known extension passes.
    public static func checkOutput(_ path: String, holds kinds: [FileNameKind], suggestion: String? = nil) throws {
        let named = FileNameKind(path: path)
        guard named != .unknown, let written = kinds.first, !kinds.contains(named) else { return }
        let extensionText = URL(fileURLWithPath: path).pathExtension
        throw SupportError.outputNameMismatch(path: path, writes: written.rawValue,
                                              named: "." + extensionText + " (" + named.rawValue + ")",
                                              suggestion: suggestion)
    }
}
