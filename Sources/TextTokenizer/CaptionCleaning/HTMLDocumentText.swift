/// `BeautifulSoup(text, features="html.parser").text`: the text of a document as BeautifulSoup 4 (4.15) builds its
/// tree from Python's HTML parser and then joins the tree's strings.
///
/// What that takes, besides the tokenizer (`HTMLTokenizer`):
/// - references: `&name`/`&name;` decode when `name` is an HTML5 name (BeautifulSoup's table, which ignores the
///   `;`), and stay `&name` — the `;` dropped — when it is not; numeric references follow BeautifulSoup's HTML5 rules
///   (0, surrogates and values past U+10FFFF become U+FFFD, 0x80–0x9F are read as windows-1252);
/// - strings are cut at every tag; a string of nothing but ASCII white space becomes one space, or one line feed
///   if it has one (not inside `<pre>` or `<textarea>`), and an empty CDATA section becomes one space;
/// - comments, doctypes, other declarations and processing instructions are not text; neither is anything inside
///   `<script>`, `<style>`, `<template>`, `<rt>` or `<rp>` (BeautifulSoup files those strings under other classes),
///   while CDATA sections are;
/// - end tags close every element opened after the matching start tag (an end tag with no open element is
///   ignored), void elements (`<br>`, `<img>`, …) close at once, and a later `</br>` for one just closed is dropped
///   without cutting the string.
enum HTMLDocumentText {
    static func text(of markup: [Unicode.Scalar]) throws -> [Unicode.Scalar] {
        var builder = TreeText()
        for token in try HTMLTokenizer.tokenize(markup) {
            builder.handle(token)
        }
        builder.finish()
        return builder.text
    }

    private static let voidElements: Set<String> = [
        "area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr", "image", "img", "input",
        "isindex", "keygen", "link", "menuitem", "meta", "nextid", "param", "source", "spacer", "track", "wbr",
    ]
    private static let whitespacePreserving: Set<String> = ["pre", "textarea"]
    /// Elements whose strings BeautifulSoup files under other classes than the text of the page.
    private static let separateStringElements: Set<String> = ["rt", "rp", "style", "script", "template"]

    /// Tag names are compared as code points (Swift `String` equality would also equate canonically equivalent
    /// spellings); the sets above are ASCII, so a name is looked up in them only when it is ASCII.
    private static func isMember(_ name: [Unicode.Scalar], of set: Set<String>) -> Bool {
        name.allSatisfy(\.isASCII) && set.contains(name.string)
    }

    private enum StringKind { case text, cdata, other }

    /// The part of BeautifulSoup's tree building that decides which strings the text is made of.
    private struct TreeText {
        var text: [Unicode.Scalar] = []
        private var pending: [Unicode.Scalar] = []
        private var hasPending = false
        private var openElements: [[Unicode.Scalar]] = []
        private var openCounts: [[Unicode.Scalar]: Int] = [:]
        private var preservingWhitespace = 0
        private var separateStringStack = 0
        private var closedVoidElements: [[Unicode.Scalar]] = []

        mutating func handle(_ token: HTMLToken) {
            switch token {
            case .data(let data):
                append(data)
            case .characterReference(let name):
                append(HTMLDocumentText.characterReference(name))
            case .entityReference(let name):
                append(HTMLEntities.lookUp(name[...], in: HTMLEntities.byNameWithoutSemicolon) ?? (["&"] + name))
            case .startTag(let name, let selfClosing):
                endString(.text)
                push(name)
                if selfClosing {
                    endElement(name)
                } else if HTMLDocumentText.isMember(name, of: HTMLDocumentText.voidElements) {
                    endElement(name)
                    closedVoidElements.append(name)
                }
            case .endTag(let name):
                if let index = closedVoidElements.firstIndex(of: name) {
                    closedVoidElements.remove(at: index)
                } else {
                    endElement(name)
                }
            case .comment(let content), .declaration(let content), .processingInstruction(let content):
                endString(.text)
                append(content)
                endString(.other)
            case .markedSection(let content):
                endString(.text)
                let isCData = content.count >= 6
                    && PythonCharacters.uppercasedPrefixIsCDATA(content)
                append(isCData ? Array(content.dropFirst(6)) : content)
                endString(isCData ? .cdata : .other)
            }
        }

        private mutating func append(_ data: [Unicode.Scalar]) {
            pending.append(contentsOf: data)
            hasPending = true
        }

        /// BeautifulSoup's `endData`: turns the collected data into one string of the tree.
        private mutating func endString(_ kind: StringKind) {
            guard hasPending else { return }
            var string = pending
            pending = []
            hasPending = false
            if preservingWhitespace == 0 && string.allSatisfy({ " \n\t\u{0C}\r".unicodeScalars.contains($0) }) {
                string = string.contains("\n") ? ["\n"] : [" "]
            }
            switch kind {
            case .text where separateStringStack == 0, .cdata:
                text.append(contentsOf: string)
            default:
                break
            }
        }

        private mutating func push(_ name: [Unicode.Scalar]) {
            openElements.append(name)
            openCounts[name, default: 0] += 1
            if HTMLDocumentText.isMember(name, of: HTMLDocumentText.whitespacePreserving) { preservingWhitespace += 1 }
            if HTMLDocumentText.isMember(name, of: HTMLDocumentText.separateStringElements) { separateStringStack += 1 }
        }

        private mutating func pop() {
            let name = openElements.removeLast()
            openCounts[name, default: 0] -= 1
            if HTMLDocumentText.isMember(name, of: HTMLDocumentText.whitespacePreserving) { preservingWhitespace -= 1 }
            if HTMLDocumentText.isMember(name, of: HTMLDocumentText.separateStringElements) { separateStringStack -= 1 }
        }

        /// An end tag reaching the tree: ends the string, then closes up to the innermost open element of that name.
        private mutating func endElement(_ name: [Unicode.Scalar]) {
            endString(.text)
            while let innermost = openElements.last, openCounts[name, default: 0] > 0 {
                pop()
                if innermost == name { break }
            }
        }

        mutating func finish() {
            endString(.text)
        }
    }

    /// BeautifulSoup's reading of a numeric reference (`x41`, `65`).
    static func characterReference(_ name: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var digits = name[...]
        var radix: UInt32 = 10
        if let first = digits.first, first == "x" || first == "X" {
            radix = 16
            digits = digits.dropFirst()
        }
        let value = NumericReferenceValue.parse(digits, radix: radix)
        switch value {
        case 0, 0xD800...0xDFFF, 0x110000...:
            return ["\u{FFFD}"]
        case 0x80...0x9F:
            // The windows-1252 reading where it has one; its five holes stay C1 controls.
            return [HTMLUnescaping.windows1252C1[Int(value - 0x80)]]
        default:
            // Surrogates and values past U+10FFFF were handled above, so this is a scalar.
            return [Unicode.Scalar(value) ?? "\u{FFFD}"]
        }
    }
}

extension PythonCharacters {
    /// Whether `text.upper().startswith("CDATA[")`, as BeautifulSoup tests a marked section. Only the first six
    /// characters can matter; the upper-case forms are taken from full case mapping, as Python's `upper` does.
    static func uppercasedPrefixIsCDATA(_ text: [Unicode.Scalar]) -> Bool {
        var upper: [Unicode.Scalar] = []
        for scalar in text.prefix(6) {
            upper.append(contentsOf: scalar.properties.uppercaseMapping.unicodeScalars)
            if upper.count >= 6 { break }
        }
        return upper.prefix(6) == Array("CDATA[".unicodeScalars)[...]
    }
}
