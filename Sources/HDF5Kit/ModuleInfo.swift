import CHDF5
/// Placeholder so the module builds while its first real file lands; remove once the module has real code.
enum HDF5KitModuleInfo {}
