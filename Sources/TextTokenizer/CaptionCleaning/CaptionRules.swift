extension CaptionCleaner {
    /// The patterns of the cleaning, in the order `clean` applies them. They are written in Python's `re` syntax
    /// because they must behave exactly as upstream's do; `PythonPattern` gives them Python's semantics.
    enum Rules {
        /// The placeholder `<person>` (kept as the word, before the markup step could take it for a tag).
        static let person = PythonPattern.constant("<person>")

        /// Web addresses: `http:`/`https:` followed by slashes or an address character, or a host name ending in
        /// one of a few top-level domains with the path after it — unless the address runs into an `@`.
        static let webAddress = PythonPattern.constant(
            #"\b((?:https?:(?:\/{1,3}|[a-zA-Z0-9%])|[a-zA-Z0-9.\-]+[.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b\/?(?!@)))"#)

        /// The same with a `www:` scheme (the host-name branch is the one above again).
        static let wwwAddress = PythonPattern.constant(
            #"\b((?:www:(?:\/{1,3}|[a-zA-Z0-9%])|[a-zA-Z0-9.\-]+[.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b\/?(?!@)))"#)

        /// `@nickname`.
        static let handle = PythonPattern.constant(#"@[\w\d]+\b"#)

        /// Runs of hyphens and dashes of every script (hyphen-minus, Armenian, Hebrew maqaf, Canadian syllabics,
        /// Mongolian, U+2010–U+2015, the supplemental punctuation dashes, wave dash, Katakana double hyphen, the
        /// small and full-width forms), each run made one `-`.
        static let dashes = PythonPattern.constant(
            #"[\u002D\u058A\u05BE\u1400\u1806\u2010-\u2015\u2E17\u2E1A\u2E3A\u2E3B\u2E40\u301C\u3030\u30A0\uFE31\uFE32\uFE58\uFE63\uFF0D]+"#)

        /// Backtick, acute accent, guillemets, curly double quotes and diaeresis: each becomes `"`.
        static let doubleQuoteLike = PythonPattern.constant("[`\u{B4}\u{AB}\u{BB}\u{201C}\u{201D}\u{A8}]")
        /// Curly single quotes: each becomes `'`.
        static let singleQuoteLike = PythonPattern.constant("[\u{2018}\u{2019}]")

        /// Left-over `&quot` (with or without `;`) and `&amp` (its `;` stays).
        static let quotReference = PythonPattern.constant("&quot;?")
        static let ampReference = PythonPattern.constant("&amp")

        /// Four dot-separated groups of one to three digits (IPv4 addresses, and longer digit runs containing one).
        static let ipAddress = PythonPattern.constant(#"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"#)

        /// A time such as `1:23` followed only by white space, at the end.
        static let trailingTime = PythonPattern.constant(#"\d:\d\d\s+$"#)

        /// A literal backslash-n (an escaped line break that was never unescaped).
        static let escapedNewline = PythonPattern.constant(#"\\n"#)

        /// `#` with one to three digits, or with five or more, ending a word; and six or more digits as a word.
        static let shortNumberTag = PythonPattern.constant(#"#\d{1,3}\b"#)
        static let longNumberTag = PythonPattern.constant(#"#\d{5,}\b"#)
        static let longNumber = PythonPattern.constant(#"\b\d{6,}\b"#)

        /// A file name with an image, document, package or video extension, with all non-space text before it.
        static let fileName = PythonPattern.constant(#"[\S]+\.(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4)"#)

        /// Two or more quote characters become one `"`; two or more dots become a space.
        static let repeatedQuotes = PythonPattern.constant(#"[\"\']{2,}"#)
        static let repeatedDots = PythonPattern.constant(#"[\.]{2,}"#)

        /// Runs of symbols and brackets: `# ® • © ™ & @ · º ½ ¾ ¿ ¡ § ~ ) ( ] [ } { | \ / *`, each run one space.
        static let badPunctuation = PythonPattern.constant(
            "[#\u{AE}\u{2022}\u{A9}\u{2122}&@\u{B7}\u{BA}\u{BD}\u{BE}\u{BF}\u{A1}\u{A7}~\\)\\(\\]\\[\\}\\{\\|\\\\/\\*]{1,}")

        /// A dot with white space on both sides.
        static let isolatedDot = PythonPattern.constant(#"\s+\.\s+"#)

        /// Hyphens and underscores; when there are more than three, each becomes a space (`this-is-my-cute-cat`).
        static let joiner = PythonPattern.constant(#"(?:\-|\_)"#)

        /// Product-code-like words: up to three letters then 3–15 digits (`jc6640`); letters, digits, letters
        /// (`jc6640vc`); digits, letters, digits (`6640vc231`).
        static let shortCode = PythonPattern.constant(#"\b[a-zA-Z]{1,3}\d{3,15}\b"#)
        static let lettersDigitsLetters = PythonPattern.constant(#"\b[a-zA-Z]+\d+[a-zA-Z]+\b"#)
        static let digitsLettersDigits = PythonPattern.constant(#"\b\d+[a-zA-Z]+\d+\b"#)

        /// Shop boilerplate: `[worldwide] [free] shipping`, `[free] download [free]`, `click for|on <word>`, file
        /// type words (optionally followed by `image`/`images`), `page <number>`.
        static let shipping = PythonPattern.constant(#"(worldwide\s+)?(free\s+)?shipping"#)
        static let download = PythonPattern.constant(#"(free\s)?download(\sfree)?"#)
        static let clickFor = PythonPattern.constant(#"\bclick\b\s(?:for|on)\s\w+"#)
        static let imageWord = PythonPattern.constant(#"\b(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4)(\simage[s]?)?"#)
        static let pageNumber = PythonPattern.constant(#"\bpage\s+\d+\b"#)

        /// Words alternating letters and digits at least twice (`j2d1a2a`), replaced by a space.
        static let mixedCode = PythonPattern.constant(#"\b\d*[a-zA-Z]+\d+[a-zA-Z]+\d+[a-zA-Z\d]*\b"#)

        /// Sizes such as `1920x1080` or `2.5×3` (Latin x, Cyrillic х or the multiplication sign).
        static let dimensions = PythonPattern.constant("\\b\\d+\\.?\\d*[x\u{445}\u{D7}]\\d+\\.?\\d*\\b")

        /// ` : ` after a word becomes `: `.
        static let spacedColon = PythonPattern.constant(#"\b\s+\:\s+"#)
        /// A comma, dot or slash after a non-digit and before a word gets a space after it (`a.b` → `a. b`).
        static let punctuationBeforeWord = PythonPattern.constant(#"(\D[,\./])\b"#)
        /// Any white space run becomes one space.
        static let whitespaceRun = PythonPattern.constant(#"\s+"#)

        /// The whole caption in quotes (single or double, not necessarily matching) loses them.
        static let enclosingQuotes = PythonPattern.constant(#"^[\"\']([\w\W]+)[\"\']$"#)
        /// One leading `'`, `_`, `,`, `-`, `:` or `;` goes; so does one trailing `'`, `_`, `,`, `-`, `:` or `+`.
        static let leadingPunctuation = PythonPattern.constant(#"^[\'\_,\-\:;]"#)
        static let trailingPunctuation = PythonPattern.constant(#"[\'\_,\-\:\-\+]$"#)
        /// A caption that is a single dot-led word (`.com`) becomes empty.
        static let dotWord = PythonPattern.constant(#"^\.\S+$"#)

        /// Every pattern above (for `ConstantPatternTests`).
        static var constantPatterns: [PythonPattern] {
            [person, webAddress, wwwAddress, handle, dashes, doubleQuoteLike, singleQuoteLike, quotReference,
             ampReference, ipAddress, trailingTime, escapedNewline, shortNumberTag, longNumberTag, longNumber,
             fileName, repeatedQuotes, repeatedDots, badPunctuation, isolatedDot, joiner, shortCode,
             lettersDigitsLetters, digitsLettersDigits, shipping, download, clickFor, imageWord, pageNumber,
             mixedCode, dimensions, spacedColon, punctuationBeforeWord, whitespaceRun, enclosingQuotes,
             leadingPunctuation, trailingPunctuation, dotWord]
        }
    }
}
