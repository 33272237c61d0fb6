/// The container a checkpoint was written in.
public enum CheckpointFormat: String, Sendable, CaseIterable {
    /// The zip container `torch.save` writes since PyTorch 1.6.
    case torchZip = "torch-zip"
    /// The sequential pickle container of PyTorch < 1.6 (`_use_new_zipfile_serialization=False`).
    case torchLegacy = "torch-legacy"
}
