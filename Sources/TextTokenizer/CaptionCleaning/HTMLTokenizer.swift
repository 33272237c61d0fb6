/// What the tokenizer reports, in document order.
enum HTMLToken {
    case data([Unicode.Scalar])
    case startTag(name: [Unicode.Scalar], selfClosing: Bool)
    case endTag(name: [Unicode.Scalar])
    /// `&#…` without the `&#` and the `;` (e.g. `x41`).
    case characterReference([Unicode.Scalar])
    /// `&name` without the `&` and the `;`.
    case entityReference([Unicode.Scalar])
    case comment([Unicode.Scalar])
    /// `<!DOCTYPE …>`: the text between `<!` and `>`.
    case declaration([Unicode.Scalar])
    /// `<![…]>` marked sections such as CDATA: the text between `<![` and the closing brackets.
    case markedSection([Unicode.Scalar])
    case processingInstruction([Unicode.Scalar])
}

/// The markup is of a kind Python's parser gives up on (an assertion inside `html.parser`, which BeautifulSoup
/// reports as `ParserRejectedMarkup`): a `<![` not followed by a known marked-section keyword.
struct HTMLMarkupRejected: Error {}

/// A port of the tokenizer in Python 3.11's `html.parser.HTMLParser` (with `convert_charrefs=False`, as
/// BeautifulSoup runs it), fed the whole text once and then closed, so that tags, comments, references and the data
/// around them are cut exactly where Python cuts them — including its tolerant handling of broken markup: a `<` not
/// starting a tag is data, an unterminated tag at the end is data, `<script>`/`<style>` content is raw text up to
/// the matching end tag (and dropped when that never comes), and a reference cut off at the end of the text is
/// handled as Python's end-of-input rules say.
struct HTMLTokenizer {
    private var rawData: [Unicode.Scalar] = []
    /// The element whose content is raw text (script or style), while inside it.
    private var rawTextElement: [Unicode.Scalar]?
    private var rawTextEnd: PythonPattern?
    private(set) var tokens: [HTMLToken] = []

    /// All tokens of `text` (Python's `feed(text)` then `close()`).
    static func tokenize(_ text: [Unicode.Scalar]) throws -> [HTMLToken] {
        var tokenizer = HTMLTokenizer()
        tokenizer.rawData = text
        try tokenizer.advance(atEnd: false)
        try tokenizer.advance(atEnd: true)
        return tokenizer.tokens
    }

    // The patterns of Python's html.parser and _markupbase modules.
    private static let tagOrReference = PythonPattern.constant("[&<]")
    private static let incompleteReference = PythonPattern.constant("&[a-zA-Z#]")
    private static let entityReference = PythonPattern.constant("&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]")
    private static let characterReference = PythonPattern.constant("&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]")
    private static let startTagOpen = PythonPattern.constant("<[a-zA-Z]")
    private static let commentClose = PythonPattern.constant(#"--\s*>"#)
    private static let tagName = PythonPattern.constant(#"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*"#)
    private static let attribute = PythonPattern.constant(
        #"((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*"#)
    private static let startTagExtent = PythonPattern.constant(#"""
        <[a-zA-Z][^\t\n\r\f />\x00]*
        (?:[\s/]*
          (?:(?<=['"\s/])[^\s/>][^\s/=>]*
            (?:\s*=+\s*
              (?:'[^']*'
                |"[^"]*"
                |(?!['"])[^>\s]*
              )
              \s*
            )?(?:\s|/(?!>))*
          )*
        )?
        \s*
        """#, verbose: true)
    private static let endTag = PythonPattern.constant(#"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>"#)
    private static let declarationName = PythonPattern.constant(#"[a-zA-Z][-_.a-zA-Z0-9]*\s*"#)
    private static let markedSectionClose = PythonPattern.constant(#"]\s*]\s*>"#)
    private static let msMarkedSectionClose = PythonPattern.constant(#"]\s*>"#)
    /// Python's `interesting` pattern inside the raw-text elements, `</\s*` + the name + `\s*>`, case-insensitive.
    private static let scriptEnd = PythonPattern.constant(#"</\s*script\s*>"#, ignoreCase: true)
    private static let styleEnd = PythonPattern.constant(#"</\s*style\s*>"#, ignoreCase: true)

    /// Every pattern above (for `ConstantPatternTests`).
    static var constantPatterns: [PythonPattern] {
        [tagOrReference, incompleteReference, entityReference, characterReference, startTagOpen, commentClose,
         tagName, attribute, startTagExtent, endTag, declarationName, markedSectionClose, msMarkedSectionClose,
         scriptEnd, styleEnd]
    }

    private mutating func emit(_ token: HTMLToken) {
        tokens.append(token)
    }

    private mutating func emitData(_ range: Range<Int>) {
        emit(.data(Array(rawData[range])))
    }

    /// Python's `goahead(end)`: handles as much of the buffered text as it can; what it cannot (yet) is kept for
    /// the next call.
    private mutating func advance(atEnd end: Bool) throws {
        let raw = rawData
        let n = raw.count
        var i = 0
        scanning: while i < n {
            let interesting = rawTextEnd ?? Self.tagOrReference
            let j: Int
            if let found = interesting.search(raw, from: i) {
                j = found.range.lowerBound
            } else {
                if rawTextElement != nil { break }
                j = n
            }
            if i < j { emitData(i..<j) }
            i = j
            if i == n { break }
            if raw[i] == "<" {
                var k: Int
                if Self.startTagOpen.match(raw, at: i) != nil {
                    k = parseStartTag(raw, i)
                } else if raw.hasScalars("</", at: i) {
                    k = parseEndTag(raw, i)
                } else if raw.hasScalars("<!--", at: i) {
                    k = parseComment(raw, i)
                } else if raw.hasScalars("<?", at: i) {
                    k = parseProcessingInstruction(raw, i)
                } else if raw.hasScalars("<!", at: i) {
                    k = try parseDeclaration(raw, i)
                } else if i + 1 < n {
                    emit(.data(["<"]))
                    k = i + 1
                } else {
                    break
                }
                if k < 0 {
                    if !end { break }
                    if let close = raw.firstIndex(of: ">", from: i + 1) {
                        k = close + 1
                    } else {
                        k = raw.firstIndex(of: "<", from: i + 1) ?? (i + 1)
                    }
                    emitData(i..<k)
                }
                i = k
            } else if raw.hasScalars("&#", at: i) {
                if let found = Self.characterReference.match(raw, at: i) {
                    emit(.characterReference(Array(raw[(i + 2)..<(found.range.upperBound - 1)])))
                    var k = found.range.upperBound
                    if raw[k - 1] != ";" { k -= 1 }
                    i = k
                    continue
                }
                if raw[i...].contains(";") {
                    emitData(i..<(i + 2))
                    i += 2
                }
                break
            } else if raw[i] == "&" {
                // Group 1 always takes part in a match, so `name` is never missing.
                if let found = Self.entityReference.match(raw, at: i), let name = found.group(1) {
                    emit(.entityReference(Array(raw[name])))
                    var k = found.range.upperBound
                    if raw[k - 1] != ";" { k -= 1 }
                    i = k
                    continue
                }
                if let found = Self.incompleteReference.match(raw, at: i) {
                    // At the very end, `&x` loses its `&` (Python steps over it and then flushes the rest as data).
                    if end && found.range.upperBound == n { i += 1 }
                    break scanning
                } else if i + 1 < n {
                    emit(.data(["&"]))
                    i += 1
                } else {
                    break
                }
            } else {
                // Cannot happen: both searches above only stop at `<` or `&`. Should one not, the scalar is data.
                emitData(i..<(i + 1))
                i += 1
            }
        }
        if end && i < n && rawTextElement == nil {
            emitData(i..<n)
            i = n
        }
        rawData = Array(raw[i...])
    }

    /// `<!` … : a marked section, a doctype, or a bogus comment.
    private mutating func parseDeclaration(_ raw: [Unicode.Scalar], _ i: Int) throws -> Int {
        if raw.hasScalars("<![", at: i) { return try parseMarkedSection(raw, i) }
        let head = PythonCharacters.lowercased(Array(raw[i..<min(i + 9, raw.count)]))
        if head == Array("<!doctype".unicodeScalars) {
            guard let close = raw.firstIndex(of: ">", from: i + 9) else { return -1 }
            emit(.declaration(Array(raw[(i + 2)..<close])))
            return close + 1
        }
        return parseBogusComment(raw, i)
    }

    private mutating func parseBogusComment(_ raw: [Unicode.Scalar], _ i: Int) -> Int {
        guard let close = raw.firstIndex(of: ">", from: i + 2) else { return -1 }
        emit(.comment(Array(raw[(i + 2)..<close])))
        return close + 1
    }

    private mutating func parseMarkedSection(_ raw: [Unicode.Scalar], _ i: Int) throws -> Int {
        let nameStart = i + 3
        if nameStart == raw.count { return -1 }
        guard let name = Self.declarationName.match(raw, at: nameStart) else { throw HTMLMarkupRejected() }
        if name.range.upperBound == raw.count { return -1 }
        let keyword = PythonCharacters.lowercased(PythonCharacters.stripped(raw[name.range])).string
        let close: PythonPattern
        switch keyword {
        case "temp", "cdata", "ignore", "include", "rcdata": close = Self.markedSectionClose
        case "if", "else", "endif": close = Self.msMarkedSectionClose
        default: throw HTMLMarkupRejected()
        }
        guard let found = close.search(raw, from: nameStart) else { return -1 }
        emit(.markedSection(Array(raw[nameStart..<found.range.lowerBound])))
        return found.range.upperBound
    }

    private mutating func parseComment(_ raw: [Unicode.Scalar], _ i: Int) -> Int {
        guard let found = Self.commentClose.search(raw, from: i + 4) else { return -1 }
        emit(.comment(Array(raw[(i + 4)..<found.range.lowerBound])))
        return found.range.upperBound
    }

    private mutating func parseProcessingInstruction(_ raw: [Unicode.Scalar], _ i: Int) -> Int {
        guard let close = raw.firstIndex(of: ">", from: i + 2) else { return -1 }
        emit(.processingInstruction(Array(raw[(i + 2)..<close])))
        return close + 1
    }

    /// Where a start tag at `i` ends, -1 when the text ends inside it (Python's `check_for_whole_start_tag`).
    private func startTagEnd(_ raw: [Unicode.Scalar], _ i: Int) -> Int {
        // The extent pattern starts with `<[a-zA-Z]`, as the caller found, and the rest is optional: it matches.
        // Should it not, the tag counts as unterminated (at the end of the text, data).
        guard let j = Self.startTagExtent.match(raw, at: i)?.range.upperBound else { return -1 }
        guard j < raw.count else { return -1 }
        let next = raw[j]
        if next == ">" { return j + 1 }
        if next == "/" { return raw.hasScalars("/>", at: j) ? j + 2 : -1 }
        if next.isASCII && (next.properties.isAlphabetic || next == "=") { return -1 }
        return j > i ? j : i + 1
    }

    private mutating func parseStartTag(_ raw: [Unicode.Scalar], _ i: Int) -> Int {
        let endPosition = startTagEnd(raw, i)
        if endPosition < 0 { return endPosition }
        // The name pattern matches (and captures) from the letter after `<`, which `startTagOpen` found; should it
        // not, the tag is data.
        guard let name = Self.tagName.match(raw, at: i + 1), let nameRange = name.group(1) else {
            emitData(i..<endPosition)
            return endPosition
        }
        var k = name.range.upperBound
        let tag = PythonCharacters.lowercased(Array(raw[nameRange]))
        while k < endPosition, let attribute = Self.attribute.match(raw, at: k) {
            k = attribute.range.upperBound
        }
        let rest = k < endPosition ? PythonCharacters.stripped(raw[k..<endPosition]) : []
        if rest != [">"] && rest != ["/", ">"] {
            emitData(i..<endPosition)
            return endPosition
        }
        if rest == ["/", ">"] {
            emit(.startTag(name: tag, selfClosing: true))
        } else {
            emit(.startTag(name: tag, selfClosing: false))
            if tag == Array("script".unicodeScalars) {
                rawTextElement = tag
                rawTextEnd = Self.scriptEnd
            } else if tag == Array("style".unicodeScalars) {
                rawTextElement = tag
                rawTextEnd = Self.styleEnd
            }
        }
        return endPosition
    }

    private mutating func parseEndTag(_ raw: [Unicode.Scalar], _ i: Int) -> Int {
        guard let close = raw.firstIndex(of: ">", from: i + 1) else { return -1 }
        let afterClose = close + 1
        // Group 1 always takes part in a match of `endTag`, so `elementRange` is never missing.
        guard let found = Self.endTag.match(raw, at: i), let elementRange = found.group(1) else {
            if rawTextElement != nil {
                emitData(i..<afterClose)
                return afterClose
            }
            // Group 1 always takes part in a match of `tagName`.
            guard let name = Self.tagName.match(raw, at: i + 2), let nameRange = name.group(1) else {
                if raw.hasScalars("</>", at: i) { return i + 3 }
                return parseBogusComment(raw, i)
            }
            let tag = PythonCharacters.lowercased(Array(raw[nameRange]))
            // Python looks for `>` again from the end of the name match; the name pattern cannot cross a `>`, so
            // that finds `close`.
            emit(.endTag(name: tag))
            return close + 1
        }
        let element = PythonCharacters.lowercased(Array(raw[elementRange]))
        if let rawText = rawTextElement, element != rawText {
            emitData(i..<afterClose)
            return afterClose
        }
        emit(.endTag(name: element))
        rawTextElement = nil
        rawTextEnd = nil
        return afterClose
    }
}
