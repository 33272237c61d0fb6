import CLibZip
/// Placeholder so the module builds while its first real file lands; remove once the module has real code.
enum TorchCheckpointModuleInfo {}
