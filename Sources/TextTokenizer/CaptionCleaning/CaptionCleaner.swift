/// The caption cleaning upstream's text-guided VideoVAE+ models were trained with (`T5Embedder.clean_caption` in
/// `src/modules/t5.py`), reimplemented so that a caption tokenizes to the same ids as in Python. See
/// Docs/CAPTIONS.md for what each step does, and for the few places where the Python libraries it relies on
/// (BeautifulSoup, ftfy) are followed only as far as captions need.
///
/// All steps work on Unicode scalars with Python's rules for `lower`, `strip`, `\w`, `\d`, `\s` and `\b`.
public enum CaptionCleaner {
    /// How upstream prepares a caption before tokenizing it: cleaned twice when cleaning is on (the models were
    /// trained that way), otherwise only lower-cased and stripped of surrounding white space.
    public static func prepare(_ caption: String, clean: Bool = true) -> String {
        if clean { return Self.clean(Self.clean(caption)) }
        return PythonCharacters.stripped(PythonCharacters.lowercased(Array(caption.unicodeScalars))).string
    }

    /// One pass of upstream's cleaning.
    ///
    /// Upstream raises (BeautifulSoup's `ParserRejectedMarkup`) for the rare caption whose markup Python's HTML
    /// parser cannot take — a `<![` not followed by a marked-section keyword such as `CDATA`; this function then
    /// carries on with the text as it was before the markup step instead.
    public static func clean(_ caption: String) -> String {
        clean(Array(caption.unicodeScalars)).string
    }

    static func clean(_ caption: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var text = URLUnquoting.unquotePlus(caption)
        text = PythonCharacters.lowercased(PythonCharacters.stripped(text))
        text = Rules.person.replacingMatches(in: text, withTemplate: "person")
        text = Rules.webAddress.replacingMatches(in: text, withTemplate: "")
        text = Rules.wwwAddress.replacingMatches(in: text, withTemplate: "")
        text = (try? HTMLDocumentText.text(of: text)) ?? text
        text = Rules.handle.replacingMatches(in: text, withTemplate: "")
        text.removeAll { (0x31C0...0x9FFF).contains($0.value) }
        text = Rules.dashes.replacingMatches(in: text, withTemplate: "-")
        text = Rules.doubleQuoteLike.replacingMatches(in: text, withTemplate: "\"")
        text = Rules.singleQuoteLike.replacingMatches(in: text, withTemplate: "'")
        text = Rules.quotReference.replacingMatches(in: text, withTemplate: "")
        text = Rules.ampReference.replacingMatches(in: text, withTemplate: "")
        text = Rules.ipAddress.replacingMatches(in: text, withTemplate: " ")
        text = Rules.trailingTime.replacingMatches(in: text, withTemplate: "")
        text = Rules.escapedNewline.replacingMatches(in: text, withTemplate: " ")
        text = Rules.shortNumberTag.replacingMatches(in: text, withTemplate: "")
        text = Rules.longNumberTag.replacingMatches(in: text, withTemplate: "")
        text = Rules.longNumber.replacingMatches(in: text, withTemplate: "")
        text = Rules.fileName.replacingMatches(in: text, withTemplate: "")
        text = Rules.repeatedQuotes.replacingMatches(in: text, withTemplate: "\"")
        text = Rules.repeatedDots.replacingMatches(in: text, withTemplate: " ")
        text = Rules.badPunctuation.replacingMatches(in: text, withTemplate: " ")
        text = Rules.isolatedDot.replacingMatches(in: text, withTemplate: " ")
        if Rules.joiner.matches(in: text).count > 3 {
            text = Rules.joiner.replacingMatches(in: text, withTemplate: " ")
        }
        text = basicClean(text)
        text = Rules.shortCode.replacingMatches(in: text, withTemplate: "")
        text = Rules.lettersDigitsLetters.replacingMatches(in: text, withTemplate: "")
        text = Rules.digitsLettersDigits.replacingMatches(in: text, withTemplate: "")
        text = Rules.shipping.replacingMatches(in: text, withTemplate: "")
        text = Rules.download.replacingMatches(in: text, withTemplate: "")
        text = Rules.clickFor.replacingMatches(in: text, withTemplate: "")
        text = Rules.imageWord.replacingMatches(in: text, withTemplate: "")
        text = Rules.pageNumber.replacingMatches(in: text, withTemplate: "")
        text = Rules.mixedCode.replacingMatches(in: text, withTemplate: " ")
        text = Rules.dimensions.replacingMatches(in: text, withTemplate: "")
        text = Rules.spacedColon.replacingMatches(in: text, withTemplate: ": ")
        text = Rules.punctuationBeforeWord.replacingMatches(in: text, withTemplate: #"\1 "#)
        text = Rules.whitespaceRun.replacingMatches(in: text, withTemplate: " ")
        // Upstream strips here but drops the result, so a leading space still stops the next rules from matching.
        text = Rules.enclosingQuotes.replacingMatches(in: text, withTemplate: #"\1"#)
        text = Rules.leadingPunctuation.replacingMatches(in: text, withTemplate: "")
        text = Rules.trailingPunctuation.replacingMatches(in: text, withTemplate: "")
        text = Rules.dotWord.replacingMatches(in: text, withTemplate: "")
        return PythonCharacters.stripped(text)
    }

    /// Upstream's `basic_clean`: ftfy's repairs, HTML references decoded twice, surrounding white space dropped.
    private static func basicClean(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let repaired = TextRepair.fixText(text)
        return PythonCharacters.stripped(HTMLUnescaping.unescape(HTMLUnescaping.unescape(repaired)))
    }
}
