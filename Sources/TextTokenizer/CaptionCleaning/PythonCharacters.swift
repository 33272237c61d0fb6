/// The character rules of Python 3's `str`, which upstream's caption cleaning relies on: `str.isspace`, `str.isalnum`,
/// `str.isdecimal`, `str.lower` and `str.strip`. Python's `re` uses the same predicates for `\s`, `\w` and `\d` in
/// text patterns (and `\b` is the edge between a `\w` and a non-`\w`).
///
/// Text is handled as arrays of Unicode scalars, as Python handles code points; Swift's `Character` (a grapheme
/// cluster) would merge a letter and its combining marks, which Python keeps apart.
///
/// The Unicode properties come from the Swift standard library (Unicode 17 in Swift 6.3), newer than that of the
/// Python the upstream project ran (3.11: Unicode 14.0); characters assigned after Unicode 14 may therefore be
/// letters here and unknown there. `Tests/TextTokenizerTests/PythonCharactersTests.swift` checks every code point
/// Python 3.11 knows against Python's own answers.
enum PythonCharacters {
    /// `str.isspace()` (and `\s`): the characters of bidirectional class WS, B or S, or of general category Zs. The
    /// list is closed (it has not changed since Unicode 6.3 dropped U+180E), so it is spelled out here.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `str.isdecimal()` (and `\d`): Numeric_Type=Decimal, the digits of general category Nd.
    static func isDecimal(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.numericType == .decimal
    }

    /// `\w`: `str.isalnum()` or the underscore. `isalnum` is letters (general categories Lu, Ll, Lt, Lm, Lo) and
    /// anything with a numeric type (decimal, digit or numeric). Unlike ICU's `\w`, combining marks are not word
    /// characters, so `\b` falls between a base letter and its accent.
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x61 && value <= 0x7A) || value == 0x5F
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return scalar.properties.numericType != nil
        }
    }

    /// `str.lower()`: the full lower-case mapping of each code point (so `İ` becomes `i` and a combining dot), with
    /// the one context-dependent rule Python applies: a capital sigma that ends a word becomes `ς`, otherwise `σ`.
    static func lowercased(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        for (index, scalar) in text.enumerated() {
            let value = scalar.value
            if let ascii = UInt8(exactly: value), ascii < 0x80 {
                result.append(ascii >= 0x41 && ascii <= 0x5A ? Unicode.Scalar(ascii + 0x20) : scalar)
            } else if value == 0x3A3 {
                result.append(isFinalSigma(text, at: index) ? "\u{3C2}" : "\u{3C3}")
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return result
    }

    /// Unicode's Final_Sigma condition as Python tests it: a cased letter before the sigma (case-ignorable characters
    /// skipped), and no cased letter after it (again skipping case-ignorables).
    private static func isFinalSigma(_ text: [Unicode.Scalar], at index: Int) -> Bool {
        var before = index - 1
        while before >= 0 && text[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0 && text[before].properties.isCased else { return false }
        var after = index + 1
        while after < text.count && text[after].properties.isCaseIgnorable { after += 1 }
        return after == text.count || !text[after].properties.isCased
    }

    /// `str.strip()` with no argument: the text without its leading and trailing `isSpace` characters.
    static func stripped(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        stripped(text[...])
    }

    static func stripped(_ text: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var start = text.startIndex
        var end = text.endIndex
        while start < end && isSpace(text[start]) { start += 1 }
        while end > start && isSpace(text[end - 1]) { end -= 1 }
        return Array(text[start..<end])
    }
}

extension Array where Element == Unicode.Scalar {
    /// The scalars of `string`, in order.
    init(scalarsOf string: String) {
        self = Array(string.unicodeScalars)
    }

    /// These scalars as a `String`, unchanged (no normalisation).
    var string: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: self)
        return String(view)
    }

    /// Whether `literal`'s scalars occur here at `index`.
    func hasScalars(_ literal: String, at index: Int) -> Bool {
        var position = index
        for scalar in literal.unicodeScalars {
            guard position < count, self[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    /// The first index at or after `start` holding `scalar`.
    func firstIndex(of scalar: Unicode.Scalar, from start: Int) -> Int? {
        var index = Swift.max(start, 0)
        while index < count {
            if self[index] == scalar { return index }
            index += 1
        }
        return nil
    }
}
