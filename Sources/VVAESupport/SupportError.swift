/// Failures of the shared helpers; each names the path it concerns.
public enum SupportError: Error, CustomStringConvertible, Sendable, Equatable {
    case cannotOpen(path: String)
    case outputExists(path: String)
    case outputFolderMissing(path: String)
    case outputFolderNotWritable(path: String)
    case cannotFinish(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case outputNameMismatch(path: String, writes: String, named: String, suggestion: String?)

    public var description: String { UntrustedText.escaped(text) }

    private var text: String {
        switch self {
        case .cannotOpen(let path): return "\(path): cannot open for reading"
        case .outputExists(let path): return "\(path): already exists (pass --force to overwrite)"
        case .outputFolderMissing(let path): return "\(path): the output folder does not exist"
        case .outputFolderNotWritable(let path): return "\(path): the output folder is not writable"
        case .cannotFinish(let path, let reason): return "\(path): could not be written: \(reason)"
        case .cannotRead(let path, let reason): return "\(path): read failed: \(reason)"
        case .outputNameMismatch(let path, let writes, let named, let suggestion):
            return "\(path): the output would be \(writes) data but its name ends in \(named); refused before any work"
                + (suggestion.map { " (\($0))" } ?? "")
        }
    }
}
