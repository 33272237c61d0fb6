import VVAECommands

// Before anything else: OpenBLAS reads its kernel choice only when it loads (see BLASKernelChoice).
VVAEMain.chooseKernels()
VVAEMain.reuseFreedMemory()
CommandLineEntry.main(VVAEMain.self)
