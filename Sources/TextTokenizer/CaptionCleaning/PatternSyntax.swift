/// The parsed form of a regular expression written in Python's `re` syntax (the subset the caption cleaning and the
/// HTML and ftfy ports use): literals and escapes, classes, `.`, groups (capturing, `(?:`), look-ahead and fixed-width
/// look-behind, greedy and lazy quantifiers, `^`, `$`, `\b` and `\B`. Options: verbose (`re.VERBOSE`: ASCII white
/// space and `#` comments outside classes ignored) and ignore-case for ASCII letters (`re.IGNORECASE`, with Python's
/// extra equivalences `ı`/`İ` for i, `ſ` for s and the Kelvin sign for k).
///
/// The patterns are constants of this module, so a syntax error is a programming error and stops the program.
indirect enum PatternNode: Sendable {
    case scalar(Unicode.Scalar)
    case set(ScalarSet)
    /// `.` without `re.DOTALL`: anything but a line feed.
    case anyButNewline
    case sequence([PatternNode])
    case alternation([PatternNode])
    case repetition(PatternNode, min: Int, max: Int?, greedy: Bool)
    case group(index: Int, PatternNode)
    case lookahead(PatternNode, negated: Bool)
    case lookbehind(PatternNode, length: Int, negated: Bool)
    /// `^` without `re.MULTILINE`: the start of the text.
    case textStart
    /// `$` without `re.MULTILINE`: the end of the text, or just before a line feed that ends it.
    case textEnd
    /// `\b` (or `\B` when negated): between a word and a non-word character, with Python's `\w`.
    case wordBoundary(negated: Bool)
}

/// A character class: ranges of scalars and Python's `\d`, `\w`, `\s` (or their complements), possibly negated.
struct ScalarSet: Sendable {
    enum Category: Sendable {
        case decimal, notDecimal, word, notWord, space, notSpace

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .decimal: return PythonCharacters.isDecimal(scalar)
            case .notDecimal: return !PythonCharacters.isDecimal(scalar)
            case .word: return PythonCharacters.isWord(scalar)
            case .notWord: return !PythonCharacters.isWord(scalar)
            case .space: return PythonCharacters.isSpace(scalar)
            case .notSpace: return !PythonCharacters.isSpace(scalar)
            }
        }
    }

    /// Sorted, non-overlapping ranges of scalar values.
    private(set) var ranges: [ClosedRange<UInt32>]
    let categories: [Category]
    let negated: Bool
    /// Membership of the 128 ASCII scalars, negation included (the common case, answered without a search).
    private var asciiMembers: (UInt64, UInt64) = (0, 0)

    init(ranges: [ClosedRange<UInt32>], categories: [Category] = [], negated: Bool = false) {
        var merged: [ClosedRange<UInt32>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...Swift.max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
        self.categories = categories
        self.negated = negated
        for value in UInt32(0)..<128 where containsIgnoringNegation(Unicode.Scalar(value)!) != negated {
            if value < 64 {
                asciiMembers.0 |= 1 << UInt64(value)
            } else {
                asciiMembers.1 |= 1 << UInt64(value - 64)
            }
        }
    }

    @inline(__always)
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return asciiMembers.0 & (1 << UInt64(value)) != 0 }
        if value < 128 { return asciiMembers.1 & (1 << UInt64(value - 64)) != 0 }
        return containsIgnoringNegation(scalar) != negated
    }

    private func containsIgnoringNegation(_ scalar: Unicode.Scalar) -> Bool {
        if ranges.isEmpty && categories.count == 1 { return categories[0].contains(scalar) }
        let value = scalar.value
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < value {
                low = middle + 1
            } else {
                high = middle
            }
        }
        if low < ranges.count && ranges[low].contains(value) { return true }
        for category in categories where category.contains(scalar) { return true }
        return false
    }
}

/// Reads a pattern into a `PatternNode` tree. Capturing groups are numbered from 1 in the order their `(` appears.
struct PatternParser {
    private let source: [Unicode.Scalar]
    private var position = 0
    private let verbose: Bool
    private let ignoreCase: Bool
    private(set) var groupCount = 0

    init(_ pattern: String, verbose: Bool, ignoreCase: Bool) {
        source = Array(pattern.unicodeScalars)
        self.verbose = verbose
        self.ignoreCase = ignoreCase
    }

    mutating func parse() -> PatternNode {
        let node = parseAlternation()
        guard position == source.count else { fail("unbalanced `)`") }
        return node
    }

    private func fail(_ message: String) -> Never {
        preconditionFailure("pattern \(String(String.UnicodeScalarView(source))): \(message) at \(position)")
    }

    private var atEnd: Bool { position >= source.count }
    private var current: Unicode.Scalar? { atEnd ? nil : source[position] }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        position + offset < source.count ? source[position + offset] : nil
    }

    private mutating func skipIgnorable() {
        guard verbose else { return }
        while let scalar = current {
            if " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains(scalar) {
                position += 1
            } else if scalar == "#" {
                while let next = current, next != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func parseAlternation() -> PatternNode {
        var branches = [parseSequence()]
        while current == "|" {
            position += 1
            branches.append(parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() -> PatternNode {
        var items: [PatternNode] = []
        while true {
            skipIgnorable()
            guard let scalar = current, scalar != "|", scalar != ")" else { break }
            if scalar == "*" || scalar == "+" || scalar == "?" || (scalar == "{" && quantifierBounds() != nil) {
                guard let last = items.popLast() else { fail("nothing to repeat") }
                items.append(parseQuantifier(on: last))
            } else {
                items.append(parseAtom())
            }
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    /// The bounds of a `{m}`, `{m,}`, `{,n}` or `{m,n}` at the current position, and its length; nil when the brace
    /// is a literal (as Python reads `{` that does not open a valid quantifier).
    private func quantifierBounds() -> (min: Int, max: Int?, length: Int)? {
        guard current == "{" else { return nil }
        var index = position + 1
        func digits() -> Int? {
            var value: Int?
            while index < source.count, let digit = Int(String(source[index])), source[index].isASCII {
                value = (value ?? 0) * 10 + digit
                index += 1
            }
            return value
        }
        let low = digits()
        var high = low
        if index < source.count && source[index] == "," {
            index += 1
            high = digits()
        } else if low == nil {
            return nil
        }
        guard index < source.count && source[index] == "}" else { return nil }
        return (low ?? 0, high, index + 1 - position)
    }

    private mutating func parseQuantifier(on node: PatternNode) -> PatternNode {
        let scalar = current!
        var low = 0
        var high: Int?
        switch scalar {
        case "*": position += 1
        case "+": low = 1; position += 1
        case "?": high = 1; position += 1
        default:
            let bounds = quantifierBounds()!
            low = bounds.min
            high = bounds.max
            position += bounds.length
        }
        var greedy = true
        if current == "?" {
            greedy = false
            position += 1
        }
        return .repetition(node, min: low, max: high, greedy: greedy)
    }

    private mutating func parseAtom() -> PatternNode {
        let scalar = current!
        position += 1
        switch scalar {
        case "(":
            return parseGroup()
        case "[":
            return .set(parseClass())
        case ".":
            return .anyButNewline
        case "^":
            return .textStart
        case "$":
            return .textEnd
        case "\\":
            return parseEscape()
        default:
            return literal(scalar)
        }
    }

    private func literal(_ scalar: Unicode.Scalar) -> PatternNode {
        guard ignoreCase, scalar.properties.isAlphabetic else { return .scalar(scalar) }
        precondition(scalar.isASCII, "ignore-case is only supported for ASCII letters")
        let lower = Unicode.Scalar(scalar.value | 0x20)!
        var values: [UInt32] = [lower.value, lower.value & ~0x20]
        switch lower {
        case "i": values += [0x130, 0x131]
        case "k": values += [0x212A]
        case "s": values += [0x17F]
        default: break
        }
        return .set(ScalarSet(ranges: values.map { $0...$0 }))
    }

    private mutating func parseGroup() -> PatternNode {
        if current == "?" {
            position += 1
            let kind = current
            position += 1
            switch kind {
            case ":":
                return closeGroup(parseAlternation())
            case "=", "!":
                return .lookahead(closeGroup(parseAlternation()), negated: kind == "!")
            case "<":
                let direction = current
                position += 1
                guard direction == "=" || direction == "!" else { fail("unsupported group") }
                let inner = closeGroup(parseAlternation())
                guard let length = Self.fixedLength(of: inner) else { fail("look-behind requires a fixed width") }
                return .lookbehind(inner, length: length, negated: direction == "!")
            default:
                fail("unsupported group kind")
            }
        }
        groupCount += 1
        let index = groupCount
        return .group(index: index, closeGroup(parseAlternation()))
    }

    private mutating func closeGroup(_ node: PatternNode) -> PatternNode {
        guard current == ")" else { fail("missing `)`") }
        position += 1
        return node
    }

    /// The number of scalars `node` always matches, or nil when that varies.
    static func fixedLength(of node: PatternNode) -> Int? {
        switch node {
        case .scalar, .set, .anyButNewline:
            return 1
        case .sequence(let items):
            var total = 0
            for item in items {
                guard let length = fixedLength(of: item) else { return nil }
                total += length
            }
            return total
        case .alternation(let branches):
            let lengths = branches.map(fixedLength(of:))
            guard let first = lengths.first ?? nil, lengths.allSatisfy({ $0 == first }) else { return nil }
            return first
        case .repetition(let inner, let low, let high, _):
            guard high == low, let length = fixedLength(of: inner) else { return nil }
            return length * low
        case .group(_, let inner):
            return fixedLength(of: inner)
        case .lookahead, .lookbehind, .textStart, .textEnd, .wordBoundary:
            return 0
        }
    }

    /// An escape outside a class (the backslash already read).
    private mutating func parseEscape() -> PatternNode {
        guard let scalar = current else { fail("trailing backslash") }
        switch scalar {
        case "b": position += 1; return .wordBoundary(negated: false)
        case "B": position += 1; return .wordBoundary(negated: true)
        case "d", "D", "w", "W", "s", "S":
            position += 1
            return .set(ScalarSet(ranges: [], categories: [Self.category(scalar)]))
        default:
            return literal(parseEscapedScalar())
        }
    }

    private static func category(_ letter: Unicode.Scalar) -> ScalarSet.Category {
        switch letter {
        case "d": return .decimal
        case "D": return .notDecimal
        case "w": return .word
        case "W": return .notWord
        case "s": return .space
        default: return .notSpace
        }
    }

    /// The scalar a (non-class-letter) escape stands for: `\n`, `\t` and friends, `\xhh`, `\uhhhh`, `\Uhhhhhhhh`,
    /// or the escaped punctuation itself.
    private mutating func parseEscapedScalar() -> Unicode.Scalar {
        let scalar = current!
        position += 1
        switch scalar {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "a": return "\u{07}"
        case "x": return hexScalar(digits: 2)
        case "u": return hexScalar(digits: 4)
        case "U": return hexScalar(digits: 8)
        default:
            guard !scalar.properties.isAlphabetic && !("0"..."9").contains(scalar) else {
                fail("unsupported escape \\\(scalar)")
            }
            return scalar
        }
    }

    private mutating func hexScalar(digits: Int) -> Unicode.Scalar {
        guard position + digits <= source.count,
              let value = UInt32(String(String.UnicodeScalarView(source[position..<position + digits])), radix: 16),
              let scalar = Unicode.Scalar(value) else { fail("bad hexadecimal escape") }
        position += digits
        return scalar
    }

    /// A class, the `[` already read.
    private mutating func parseClass() -> ScalarSet {
        var negated = false
        if current == "^" {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var categories: [ScalarSet.Category] = []
        var first = true
        while true {
            guard let scalar = current else { fail("unterminated class") }
            if scalar == "]" && !first {
                position += 1
                break
            }
            first = false
            var low: Unicode.Scalar
            position += 1
            if scalar == "\\" {
                guard let escaped = current else { fail("trailing backslash") }
                if "dDwWsS".unicodeScalars.contains(escaped) {
                    position += 1
                    categories.append(Self.category(escaped))
                    continue
                }
                if escaped == "b" {
                    position += 1
                    low = "\u{08}"
                } else {
                    low = parseEscapedScalar()
                }
            } else {
                low = scalar
            }
            if current == "-", let after = peek(1), after != "]" {
                position += 1
                var high: Unicode.Scalar
                let next = current!
                position += 1
                if next == "\\" {
                    high = parseEscapedScalar()
                } else {
                    high = next
                }
                guard low.value <= high.value else { fail("bad range") }
                ranges.append(low.value...high.value)
            } else {
                ranges.append(low.value...low.value)
            }
        }
        if ignoreCase {
            for range in ranges where range.lowerBound == range.upperBound {
                let scalar = Unicode.Scalar(range.lowerBound)!
                precondition(!scalar.properties.isAlphabetic, "ignore-case classes of letters are not supported")
            }
        }
        return ScalarSet(ranges: ranges, categories: categories, negated: negated)
    }
}
