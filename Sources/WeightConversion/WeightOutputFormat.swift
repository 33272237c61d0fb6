import VVAESupport

/// The container `vvae-convert` writes: vvae's HDF5 weight file (what the runtime reads), or safetensors (what
/// diffusers, ComfyUI, MLX and candle pass around), with the same tensor names and the same metadata.
public enum WeightOutputFormat: String, Sendable, CaseIterable {
    case hdf5
    case safetensors

    /// The format an output name asks for by its extension, nil when the name says nothing about it.
    public static func implied(by path: String) -> WeightOutputFormat? {
        switch FileNameKind(path: path) {
        case .hdf5: return .hdf5
        case .safetensors: return .safetensors
        default: return nil
        }
    }

    var fileNameKind: FileNameKind { self == .hdf5 ? .hdf5 : .safetensors }

    /// The extension an output of this format is given.
    public var fileExtension: String { self == .hdf5 ? "h5" : "safetensors" }
}
