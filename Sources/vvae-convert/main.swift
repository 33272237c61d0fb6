import VVAECommands

CommandLineEntry.main(ConvertTool.self)
