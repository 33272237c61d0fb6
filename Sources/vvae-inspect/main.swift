import VVAECommands

InspectCommand.main()
