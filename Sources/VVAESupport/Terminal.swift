import Foundation

/// Where progress goes: standard error, and only when it is a terminal, so pipes and logs stay clean.
public enum Terminal {
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes text to standard error without buffering surprises.
    public static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
