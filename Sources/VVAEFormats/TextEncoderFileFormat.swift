/// Names and numbers of the vvae text-encoder file (Docs/FORMAT.md): a Hugging Face T5 encoder and its tokenizer in
/// one HDF5 file. Tensors are stored as in the weight file (one dataset per state-dict key, `.` → `/`); the
/// tokenizer's source files are byte datasets under `/tokenizer`.
public enum TextEncoderFileFormat {
    public static let name = FileKind.textEncoder.rawValue
    public static let version: Int64 = 1

    public enum RootAttribute {
        public static let format = WeightFileFormat.RootAttribute.format
        public static let formatVersion = WeightFileFormat.RootAttribute.formatVersion
        /// The model's `config.json`, verbatim.
        public static let configJSON = "config_json"
        /// The folder's `tokenizer_config.json`, verbatim, when it had one.
        public static let tokenizerConfigJSON = "tokenizer_config_json"
        /// `spiece.model` or `tokenizer.json`: which tokenizer file the tokenizer is built from.
        public static let tokenizerSource = "tokenizer_source"
        public static let sourceFolder = "source_folder"
        public static let sourceFiles = "source_files"
        /// SHA-256 over the source weight files' SHA-256s, in name order: the encoder's identity in latent files.
        public static let sourceSHA256 = WeightFileFormat.RootAttribute.sourceSHA256
        public static let dtype = WeightFileFormat.RootAttribute.dtype
        public static let toolVersion = WeightFileFormat.RootAttribute.toolVersion
        public static let tensorCount = WeightFileFormat.RootAttribute.tensorCount
        public static let parameterCount = WeightFileFormat.RootAttribute.parameterCount
    }

    /// Group holding the tokenizer files; its datasets are not tensors.
    public static let tokenizerGroup = "/tokenizer"

    /// The dataset of a tokenizer file (`spiece.model` → `/tokenizer/spiece.model`).
    public static func tokenizerDatasetPath(_ fileName: String) -> String {
        tokenizerGroup + "/" + fileName
    }
}
