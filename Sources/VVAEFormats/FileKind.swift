import HDF5Kit

/// Which vvae file an HDF5 file is, from its root `format` attribute: lets every tool say "that is a latent file,
/// pass it to decode" instead of failing on a missing attribute.
public enum FileKind: String, Sendable, CaseIterable {
    case weights = "vvae-weights"
    case textEncoder = "vvae-text-encoder"
    case latent = "vvae-latent"
    case golden = "vvae-golden"

    /// What the kind is, in words for an error line.
    public var noun: String {
        switch self {
        case .weights: "a vvae VAE weight file"
        case .textEncoder: "a vvae text-encoder file (T5)"
        case .latent: "a vvae latent file"
        case .golden: "a vvae layer recording (golden or trace file)"
        }
    }

    /// The kind an open file declares; nil when it has no `format` text attribute vvae knows.
    public static func of(_ file: HDF5File) throws -> FileKind? {
        guard try file.hasAttribute(FormatAttribute.format),
              case .string(let name) = try file.attribute(FormatAttribute.format) else { return nil }
        return FileKind(rawValue: name)
    }
}
