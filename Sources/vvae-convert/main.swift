import VVAECommands

ConvertCommand.main()
