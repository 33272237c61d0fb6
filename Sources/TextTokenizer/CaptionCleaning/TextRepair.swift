import Foundation

/// `ftfy.fix_text(text)` with ftfy 6.3's default configuration, ported step for step.
///
/// The text is fixed line by line (each segment ends after a line feed). Each segment goes through, until nothing
/// changes any more:
/// 1. HTML references ending in `;` decoded (HTML5 names, ftfy's all-capitals variants such as `&EACUTE;`, numeric
///    references) — skipped from the first segment containing `<` on, since that looks like HTML;
/// 2. mojibake repair (`MojibakeRepair`);
/// 3. C1 controls read as windows-1252; Latin ligatures (`ﬁ`, `ĳ`, `ǆ`, …) split; full-width and half-width forms
///    made normal width; curly quotes straightened (`‘’‚‛ʼ` → `'`, `“”„‟` → `"`); CR LF, CR, U+2028, U+2029 and
///    U+0085 made line feeds; ANSI terminal escapes removed; control characters other than white space removed
///    (C0 but tab/LF/FF/CR, DEL, U+206A–U+206F, U+FEFF, U+FFF9–U+FFFC);
/// 4. Unicode NFC.
///
/// ftfy's surrogate repair has nothing to do here: a Swift string cannot hold unpaired surrogates.
enum TextRepair {
    private static let segmentLimit = 1_000_000
    private static let htmlReference = PythonPattern.constant("&#?[0-9A-Za-z]{1,24};")
    private static let terminalEscape = PythonPattern.constant(#"\x1b\[((?:\d|;)*)([a-zA-Z])"#)

    /// Every pattern above (for `ConstantPatternTests`).
    static var constantPatterns: [PythonPattern] { [htmlReference, terminalEscape] }

    /// HTML5's names ending in `;`, plus ftfy's upper-case additions, keyed with the `&`.
    private static let semicolonEntities: [String: [Unicode.Scalar]] = {
        var table: [String: [Unicode.Scalar]] = [:]
        for (name, value) in HTMLEntities.byName where name.hasSuffix(";") {
            table["&" + name] = value
        }
        table.merge(HTMLEntities.parse(TextRepairTables.upperCaseEntities)) { old, _ in old }
        return table
    }()

    private static let ligatures: [UInt32: String] = [
        0x0132: "IJ", 0x0133: "ij", 0x0149: "\u{2BC}n", 0x01F1: "DZ", 0x01F2: "Dz", 0x01F3: "dz",
        0x01C4: "D\u{17D}", 0x01C5: "D\u{17E}", 0x01C6: "d\u{17E}", 0x01C7: "LJ", 0x01C8: "Lj", 0x01C9: "lj",
        0x01CA: "NJ", 0x01CB: "Nj", 0x01CC: "nj", 0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi",
        0xFB04: "ffl", 0xFB05: "\u{17F}t", 0xFB06: "st",
    ]

    private static let widths: [UInt32: [Unicode.Scalar]] = Dictionary(
        uniqueKeysWithValues: TextRepairTables.widthMap.map { ($0.0, Array($0.1.unicodeScalars)) })

    static func fixText(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var position = 0
        var decodeReferences = true
        while position < text.count {
            var end = (text.firstIndex(of: "\n", from: position) ?? (text.count - 1)) + 1
            end = min(end, position + segmentLimit)
            let segment = Array(text[position..<end])
            if decodeReferences && segment.contains("<") { decodeReferences = false }
            out.append(contentsOf: fixSegment(segment, decodeReferences: decodeReferences))
            position = end
        }
        return out
    }

    static func fixSegment(_ segment: [Unicode.Scalar], decodeReferences: Bool) -> [Unicode.Scalar] {
        var text = segment
        while true {
            let original = text
            if decodeReferences { text = unescapeReferences(text) }
            text = MojibakeRepair.repair(text)
            text = MojibakeRepair.fixC1Controls(text)
            text = mapScalars(text) { ligatures[$0.value].map { Array($0.unicodeScalars) } }
            text = mapScalars(text) { widths[$0.value] }
            text = uncurlQuotes(text)
            text = fixLineBreaks(text)
            text = terminalEscape.replacingMatches(in: text) { _, _ in [] }
            text.removeAll(where: isRemovedControl)
            text = nfc(text)
            if text == original { return text }
        }
    }

    /// ftfy's `unescape_html`: `&…;` references decoded when known; an unknown name, or a numeric reference that
    /// `html.unescape` would not turn into a character, stays as written.
    private static func unescapeReferences(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        htmlReference.replacingMatches(in: text) { match, text in
            let reference = Array(text[match.range])
            if reference.allSatisfy(\.isASCII), let value = semicolonEntities[reference.string] { return value }
            if reference.count > 1 && reference[1] == "#" {
                let decoded = HTMLUnescaping.unescape(reference)
                return decoded.contains(";") ? reference : decoded
            }
            return reference
        }
    }

    private static func mapScalars(_ text: [Unicode.Scalar],
                                   _ replacement: (Unicode.Scalar) -> [Unicode.Scalar]?) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        for scalar in text {
            if scalar.isASCII {
                out.append(scalar)
            } else if let replaced = replacement(scalar) {
                out.append(contentsOf: replaced)
            } else {
                out.append(scalar)
            }
        }
        return out
    }

    private static func uncurlQuotes(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        text.map { scalar in
            switch scalar.value {
            case 0x201C...0x201F: return "\""
            case 0x02BC, 0x2018...0x201B: return "'"
            default: return scalar
            }
        }
    }

    private static func fixLineBreaks(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            let scalar = text[index]
            switch scalar {
            case "\r":
                out.append("\n")
                if index + 1 < text.count && text[index + 1] == "\n" { index += 1 }
            case "\u{2028}", "\u{2029}", "\u{85}":
                out.append("\n")
            default:
                out.append(scalar)
            }
            index += 1
        }
        return out
    }

    private static func isRemovedControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0x206A...0x206F, 0xFEFF, 0xFFF9...0xFFFC: return true
        default: return false
        }
    }

    /// Unicode canonical composition (NFC), which Foundation provides.
    static func nfc(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if text.allSatisfy({ $0.value < 0x300 }) { return text }
        return Array(text.string.precomposedStringWithCanonicalMapping.unicodeScalars)
    }
}
