// Placeholder: keeps the dependency list honest until the commands use each module.
