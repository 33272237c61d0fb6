import VVAECommands

CommandLineEntry.main(InspectTool.self)
