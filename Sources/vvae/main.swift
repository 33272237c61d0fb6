import VVAECommands

KernelRelaunch.relaunchIfBetterKernelsExist()
VVAEMain.main()
