import Foundation

/// One step of a `tokenizers` normaliser sequence, the kinds a SentencePiece-derived tokenizer uses.
public enum NormalizerStep: Sendable {
    case precompiled(PrecompiledCharsmap)
    /// Every run of at least `minimumCount` copies of `character` becomes `replacement` (the regex `" {2,}"`).
    case collapseRuns(of: Character, minimumCount: Int, replacement: String)
    /// A literal substring replaced everywhere.
    case replace(String, with: String)
    case strip(left: Bool, right: Bool)
    case lowercase
    case nfc, nfd, nfkc, nfkd

    func apply(_ text: String) -> String {
        switch self {
        case .precompiled(let charsmap):
            return charsmap.normalize(text)
        case .collapseRuns(let character, let minimumCount, let replacement):
            return Self.collapseRuns(text, of: character.unicodeScalars.first ?? " ", minimumCount: minimumCount,
                                     replacement: replacement)
        case .replace(let pattern, let replacement):
            return pattern.isEmpty ? text : text.replacingOccurrences(of: pattern, with: replacement, options: .literal)
        case .strip(let left, let right):
            var scalars = Substring(text).unicodeScalars[...]
            if left { while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() } }
            if right { while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() } }
            return String(String.UnicodeScalarView(scalars))
        case .lowercase:
            return text.lowercased()
        case .nfc: return text.precomposedStringWithCanonicalMapping
        case .nfd: return text.decomposedStringWithCanonicalMapping
        case .nfkc: return text.precomposedStringWithCompatibilityMapping
        case .nfkd: return text.decomposedStringWithCompatibilityMapping
        }
    }

    /// Scalar-level run collapsing (no grapheme merging: a space before a combining mark is still a space).
    private static func collapseRuns(_ text: String, of target: Unicode.Scalar, minimumCount: Int, replacement: String) -> String {
        var output = String.UnicodeScalarView()
        var run = 0
        func flush() {
            if run >= minimumCount { output.append(contentsOf: replacement.unicodeScalars) }
            else { for _ in 0..<run { output.append(target) } }
            run = 0
        }
        for scalar in text.unicodeScalars {
            if scalar == target { run += 1; continue }
            flush()
            output.append(scalar)
        }
        flush()
        return String(output)
    }
}
