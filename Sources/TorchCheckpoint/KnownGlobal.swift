/// The only globals the reader gives meaning to. Everything else stays an inert `.global` reference, and a few
/// modules that exist to run code are refused outright (see `isForbidden`).
enum KnownGlobal: Equatable {
    case rebuildTensorV2
    case rebuildTensorV3
    case rebuildParameter
    case rebuildParameterWithState
    case rebuildFromTypeV2
    case typedStorage(TensorDType)
    case untypedStorage
    case dtype(TensorDType)
    case orderedDict
    case torchSize
    case codecsEncode
    case builtinSet, builtinFrozenSet, builtinList, builtinTuple, builtinDict, builtinBytes, builtinByteArray
    /// `copyreg._reconstructor` / `copyreg.__newobj__`: instantiate the class given as the first argument.
    case copyregReconstructor

    init?(module: String, name: String) {
        switch (module, name) {
        case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensorV2
        case ("torch._utils", "_rebuild_tensor_v3"): self = .rebuildTensorV3
        case ("torch._utils", "_rebuild_parameter"): self = .rebuildParameter
        case ("torch._utils", "_rebuild_parameter_with_state"): self = .rebuildParameterWithState
        case ("torch._tensor", "_rebuild_from_type_v2"): self = .rebuildFromTypeV2
        case ("torch", "UntypedStorage"), ("torch.storage", "UntypedStorage"): self = .untypedStorage
        case ("collections", "OrderedDict"): self = .orderedDict
        case ("torch", "Size"): self = .torchSize
        case ("_codecs", "encode"): self = .codecsEncode
        case ("builtins", "set"), ("__builtin__", "set"): self = .builtinSet
        case ("builtins", "frozenset"), ("__builtin__", "frozenset"): self = .builtinFrozenSet
        case ("builtins", "list"), ("__builtin__", "list"): self = .builtinList
        case ("builtins", "tuple"), ("__builtin__", "tuple"): self = .builtinTuple
        case ("builtins", "dict"), ("__builtin__", "dict"): self = .builtinDict
        case ("builtins", "bytes"): self = .builtinBytes
        case ("builtins", "bytearray"), ("__builtin__", "bytearray"): self = .builtinByteArray
        case ("copyreg", "_reconstructor"), ("copy_reg", "_reconstructor"),
             ("copyreg", "__newobj__"), ("copy_reg", "__newobj__"): self = .copyregReconstructor
        case ("torch", _):
            if let dtype = TensorDType(storageClassName: name) {
                self = .typedStorage(dtype)
            } else if let dtype = TensorDType(torchAttribute: name) {
                self = .dtype(dtype)
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    /// Modules and builtins whose only business in a pickle is running code. A checkpoint naming one is
    /// rejected as hostile. This is a diagnostic, not the safety boundary: no global is ever called either way.
    static func isForbidden(module: String, name: String) -> Bool {
        let root = module.split(separator: ".", maxSplits: 1).first.map(String.init) ?? module
        if forbiddenModules.contains(root) { return true }
        if root == "builtins" || root == "__builtin__" { return forbiddenBuiltins.contains(name) }
        return false
    }

    private static let forbiddenModules: Set<String> = [
        "os", "posix", "nt", "subprocess", "sys", "shutil", "importlib", "runpy", "pty", "socket", "commands",
        "code", "codeop", "pickle", "_pickle", "marshal", "ctypes", "webbrowser", "pdb", "multiprocessing",
        "signal", "platform", "tempfile", "threading", "_thread", "asyncio", "types", "inspect", "operator",
        "functools", "timeit", "trace", "cProfile", "profile", "pydoc", "zipimport", "http", "urllib",
    ]

    private static let forbiddenBuiltins: Set<String> = [
        "eval", "exec", "execfile", "compile", "open", "__import__", "getattr", "setattr", "delattr", "globals",
        "locals", "vars", "input", "breakpoint", "help", "exit", "quit", "memoryview", "type", "object",
        "classmethod", "staticmethod", "property", "super", "print", "apply",
    ]
}
