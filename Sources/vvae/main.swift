import VVAECommands

VVAEMain.main()
