/// Placeholder until the module has real code.
enum VideoIOModuleInfo {}
