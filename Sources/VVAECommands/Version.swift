/// The toolkit's version, written into every HDF5 file and printed by `--version`.
public enum VVAEVersion {
    public static let string = "0.1.0"
}
