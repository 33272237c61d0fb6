/// Python's `html.unescape`: every character reference in the text replaced by what the HTML5 parsing rules make of
/// it, valid or not.
///
/// - `&#…;` and `&#x…;` (the `;` optional): the code point, except that 0 becomes U+FFFD, CR stays CR, 0x80–0x9F are
///   read as windows-1252 (the table HTML5 gives; its five holes stay C1 controls), surrogates and values past
///   U+10FFFF become U+FFFD, and the other invalid code points (C0/C1 controls but white space, U+FDD0–U+FDEF,
///   the last two of each plane) vanish.
/// - `&name;` or `&name`: the named reference when the whole name is one; otherwise the longest known name that
///   starts it (of at least two letters; the names HTML5 allows without `;`) followed by the rest, as browsers do
///   for `&notit;` (→ `¬it;`); otherwise left as it was.
enum HTMLUnescaping {
    /// `&` then a decimal reference, a hexadecimal one, or up to 32 characters that are not tab, line feed, form feed,
    /// space, `<`, `&`, `#` or `;` — each optionally closed by `;`.
    private static let reference = PythonPattern.constant(#"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)"#)

    /// The pattern above (for `ConstantPatternTests`).
    static var constantPatterns: [PythonPattern] { [reference] }

    static func unescape(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard text.contains("&") else { return text }
        return reference.replacingMatches(in: text) { match, text in
            // Group 1 always takes part in a match; were it missing, the reference would stay as it was.
            guard let body = match.group(1) else { return Array(text[match.range]) }
            return decode(text[body])
        }
    }

    static func unescape(_ text: String) -> String {
        unescape(Array(text.unicodeScalars)).string
    }

    /// What the reference body (after `&`) decodes to.
    private static func decode(_ body: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        if body.first == "#" {
            var digits = body.dropFirst()
            var radix: UInt32 = 10
            if let marker = digits.first, marker == "x" || marker == "X" {
                radix = 16
                digits = digits.dropFirst()
            }
            if digits.last == ";" { digits = digits.dropLast() }
            return numericReference(NumericReferenceValue.parse(digits, radix: radix))
        }
        if let whole = HTMLEntities.lookUp(body, in: HTMLEntities.byName) { return whole }
        var length = body.count - 1
        while length > 1 {
            if let prefix = HTMLEntities.lookUp(body.prefix(length), in: HTMLEntities.byName) {
                return prefix + body.dropFirst(length)
            }
            length -= 1
        }
        return ["&"] + body
    }

    /// Windows-1252 readings of 0x80–0x9F that HTML5 applies to numeric references (the holes 0x81, 0x8D, 0x8F,
    /// 0x90, 0x9D keep their C1 value).
    static let windows1252C1: [Unicode.Scalar] = [
        "\u{20AC}", "\u{81}", "\u{201A}", "\u{192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}", "\u{2C6}",
        "\u{2030}", "\u{160}", "\u{2039}", "\u{152}", "\u{8D}", "\u{17D}", "\u{8F}", "\u{90}", "\u{2018}", "\u{2019}",
        "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}", "\u{2DC}", "\u{2122}", "\u{161}", "\u{203A}",
        "\u{153}", "\u{9D}", "\u{17E}", "\u{178}",
    ]

    /// `html.unescape`'s rule for a numeric reference of value `value` (saturated at UInt32.max when huge).
    private static func numericReference(_ value: UInt32) -> [Unicode.Scalar] {
        switch value {
        case 0x00: return ["\u{FFFD}"]
        case 0x0D: return ["\r"]
        case 0x80...0x9F: return [windows1252C1[Int(value - 0x80)]]
        case 0xD800...0xDFFF: return ["\u{FFFD}"]
        case 0x110000...: return ["\u{FFFD}"]
        case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0xFDD0...0xFDEF: return []
        default:
            if value & 0xFFFE == 0xFFFE { return [] }  // U+FFFE, U+FFFF and their counterparts in every plane
            // Surrogates and values past U+10FFFF were handled above, so this is a scalar.
            return [Unicode.Scalar(value) ?? "\u{FFFD}"]
        }
    }
}

/// Reading the digits of a numeric character reference the way Python's `int()` does, with values too large for
/// any code point kept as "too large" (saturated) rather than wrapped. The digits are what `[0-9]+` or
/// `[0-9a-fA-F]+` matched; anything else would read as "too large" too (U+FFFD).
enum NumericReferenceValue {
    static func parse(_ digits: ArraySlice<Unicode.Scalar>, radix: UInt32) -> UInt32 {
        var value: UInt32 = 0
        for digit in digits {
            let d: UInt32
            switch digit.value {
            case 0x30...0x39: d = digit.value - 0x30
            case 0x41...0x46: d = digit.value - 0x41 + 10
            case 0x61...0x66: d = digit.value - 0x61 + 10
            default: return UInt32.max
            }
            let (scaled, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = scaled.addingReportingOverflow(d)
            if overflow1 || overflow2 || sum > 0x7FFF_FFFF { return UInt32.max }
            value = sum
        }
        return value
    }
}
