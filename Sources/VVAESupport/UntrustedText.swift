/// Text that came out of a file (a record name, a key, an attribute) placed inside an error message.
///
/// Errors are one line that names the file and what is wrong; a hostile file must not be able to break that line,
/// nor reach the terminal with escape sequences, through a name it chose. Every error type's `description` passes
/// through `escaped`, so the rule holds wherever a message is built.
public enum UntrustedText {
    /// `text` with each control character and line or paragraph separator written as a Swift-style escape
    /// (`\n`, `\u{1B}`), cut to `limit` characters (with `…`) when a limit is given.
    public static func escaped(_ text: String, limit: Int? = nil) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count >= limit {
                result += "…"
                break
            }
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                switch scalar {
                case "\n": result += "\\n"
                case "\r": result += "\\r"
                case "\t": result += "\\t"
                default: result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                }
            default:
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }

    /// Bytes from a file that should have been UTF-8 text, decoded leniently (bad sequences become U+FFFD) and
    /// escaped as `escaped(_:limit:)` does.
    public static func escaped(bytes: [UInt8], limit: Int? = nil) -> String {
        escaped(String(decoding: bytes, as: UTF8.self), limit: limit)
    }
}
