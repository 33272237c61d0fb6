/// `tokenizers`' `Metaspace` pre-tokenizer: spaces become `▁`, a `▁` is put in front (always, only for the text's
/// first part, or never), and the text is cut before every `▁` so each word is segmented on its own. Optionally
/// preceded by `WhitespaceSplit` (today's T5 conversion): the text is first cut at, and stripped of, all Unicode
/// whitespace, and each word gets its own prefix.
public struct MetaspaceSplitter: Sendable, Equatable {
    public enum PrependScheme: String, Sendable {
        case always, first, never
    }

    public let replacement: Unicode.Scalar
    public let prependScheme: PrependScheme
    public let split: Bool
    /// A `WhitespaceSplit` runs first.
    public let splitOnWhitespaceFirst: Bool

    public init(replacement: Unicode.Scalar = "\u{2581}", prependScheme: PrependScheme = .always, split: Bool = true,
                splitOnWhitespaceFirst: Bool = false) {
        self.replacement = replacement
        self.prependScheme = prependScheme
        self.split = split
        self.splitOnWhitespaceFirst = splitOnWhitespaceFirst
    }

    /// The words of one part of the input; `isFirstPart` says whether it starts the whole text.
    func words(of text: String, isFirstPart: Bool) -> [String] {
        guard splitOnWhitespaceFirst else { return metaspaceWords(of: text, isFirstPart: isFirstPart) }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var currentStart = 0
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if scalar.properties.isWhitespace {
                if !current.isEmpty {
                    words += metaspaceWords(of: String(current), isFirstPart: isFirstPart && currentStart == 0)
                    current = String.UnicodeScalarView()
                }
                currentStart = offset + 1
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words += metaspaceWords(of: String(current), isFirstPart: isFirstPart && currentStart == 0) }
        return words
    }

    private func metaspaceWords(of text: String, isFirstPart: Bool) -> [String] {
        guard !text.isEmpty else { return [] }
        var scalars = String.UnicodeScalarView()
        let startsWithReplacement = text.unicodeScalars.first == replacement || text.unicodeScalars.first == " "
        let prepend = !startsWithReplacement
            && (prependScheme == .always || (prependScheme == .first && isFirstPart))
        if prepend { scalars.append(replacement) }
        for scalar in text.unicodeScalars { scalars.append(scalar == " " ? replacement : scalar) }
        guard split else { return [String(scalars)] }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in scalars {
            if scalar == replacement, !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
            current.append(scalar)
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }
}
