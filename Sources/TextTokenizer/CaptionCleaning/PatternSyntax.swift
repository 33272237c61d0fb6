/// The parsed form of a regular expression written in Python's `re` syntax (the subset the caption cleaning and the
/// HTML and ftfy ports use): literals and escapes, classes, `.`, groups (capturing, `(?:`), look-ahead and fixed-width
/// look-behind, greedy and lazy quantifiers, `^`, `$`, `\b` and `\B`. Options: verbose (`re.VERBOSE`: ASCII white
/// space and `#` comments outside classes ignored) and ignore-case for ASCII letters (`re.IGNORECASE`, with Python's
/// extra equivalences `ı`/`İ` for i, `ſ` for s and the Kelvin sign for k).
///
/// The patterns are constants of this module, so a syntax error is a programming error: `PatternParser` throws a
/// `PatternError` for it, `PythonPattern.constant` turns that into a pattern that matches nothing, and a unit test
/// checks that every constant compiles.
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
        for value in UInt8(0)..<128 where containsIgnoringNegation(Unicode.Scalar(value)) != negated {
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

/// A pattern outside the supported subset of Python's `re` syntax (or invalid in Python too).
struct PatternError: Error, CustomStringConvertible {
    let pattern: String
    let message: String
    let position: Int

    var description: String { "pattern \(pattern): \(message) at \(position)" }
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

    mutating func parse() throws(PatternError) -> PatternNode {
        let node = try parseAlternation()
        guard position == source.count else { throw error("unbalanced `)`") }
        return node
    }

    private func error(_ message: String) -> PatternError {
        PatternError(pattern: String(String.UnicodeScalarView(source)), message: message, position: position)
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

    private mutating func parseAlternation() throws(PatternError) -> PatternNode {
        var branches = [try parseSequence()]
        while current == "|" {
            position += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws(PatternError) -> PatternNode {
        var items: [PatternNode] = []
        while true {
            skipIgnorable()
            guard let scalar = current, scalar != "|", scalar != ")" else { break }
            if let quantifier = parseQuantifier(scalar) {
                guard let last = items.popLast() else { throw error("nothing to repeat") }
                items.append(try repetition(of: last, quantifier))
            } else {
                position += 1
                items.append(try parseAtom(scalar))
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
                // Saturated just past `repeatLimit`, which `repetition` enforces.
                value = Swift.min((value ?? 0) * 10 + digit, Self.repeatLimit + 1)
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

    /// Python's largest repetition count.
    private static let repeatLimit = Int(UInt32.max)

    /// The quantifier (`*`, `+`, `?` or braces, then an optional lazy `?`) starting with `scalar`, the current
    /// scalar, read; nil, with nothing read, when `scalar` does not start one.
    private mutating func parseQuantifier(_ scalar: Unicode.Scalar) -> (min: Int, max: Int?, greedy: Bool)? {
        var low = 0
        var high: Int?
        switch scalar {
        case "*": position += 1
        case "+": low = 1; position += 1
        case "?": high = 1; position += 1
        case "{":
            guard let bounds = quantifierBounds() else { return nil }
            low = bounds.min
            high = bounds.max
            position += bounds.length
        default:
            return nil
        }
        var greedy = true
        if current == "?" {
            greedy = false
            position += 1
        }
        return (low, high, greedy)
    }

    /// `node` repeated. `PatternProgram` unrolls a counted repetition of anything but a single scalar test, so its
    /// optional part is limited to 32 copies.
    private func repetition(of node: PatternNode,
                            _ quantifier: (min: Int, max: Int?, greedy: Bool)) throws(PatternError) -> PatternNode {
        guard quantifier.min <= Self.repeatLimit, (quantifier.max ?? 0) <= Self.repeatLimit else {
            throw error("the repetition number is too large")
        }
        if let high = quantifier.max {
            guard quantifier.min <= high else { throw error("min repeat greater than max repeat") }
            switch node {
            case .scalar, .set, .anyButNewline: break
            default: guard high - quantifier.min <= 32 else { throw error("counted repetition too long to unroll") }
            }
        }
        return .repetition(node, min: quantifier.min, max: quantifier.max, greedy: quantifier.greedy)
    }

    /// The atom starting with `scalar` (already read).
    private mutating func parseAtom(_ scalar: Unicode.Scalar) throws(PatternError) -> PatternNode {
        switch scalar {
        case "(":
            return try parseGroup()
        case "[":
            return .set(try parseClass())
        case ".":
            return .anyButNewline
        case "^":
            return .textStart
        case "$":
            return .textEnd
        case "\\":
            return try parseEscape()
        default:
            return try literal(scalar)
        }
    }

    private func literal(_ scalar: Unicode.Scalar) throws(PatternError) -> PatternNode {
        guard ignoreCase, scalar.properties.isAlphabetic else { return .scalar(scalar) }
        guard let ascii = UInt8(exactly: scalar.value), ascii < 0x80 else {
            throw error("ignore-case is only supported for ASCII letters")
        }
        let lower = Unicode.Scalar(ascii | 0x20)
        var values: [UInt32] = [lower.value, lower.value & ~0x20]
        switch lower {
        case "i": values += [0x130, 0x131]
        case "k": values += [0x212A]
        case "s": values += [0x17F]
        default: break
        }
        return .set(ScalarSet(ranges: values.map { $0...$0 }))
    }

    private mutating func parseGroup() throws(PatternError) -> PatternNode {
        if current == "?" {
            position += 1
            let kind = current
            position += 1
            switch kind {
            case ":":
                return try closeGroup(try parseAlternation())
            case "=", "!":
                return .lookahead(try closeGroup(try parseAlternation()), negated: kind == "!")
            case "<":
                let direction = current
                position += 1
                guard direction == "=" || direction == "!" else { throw error("unsupported group") }
                let inner = try closeGroup(try parseAlternation())
                guard let length = Self.fixedLength(of: inner) else {
                    throw error("look-behind requires a fixed width")
                }
                return .lookbehind(inner, length: length, negated: direction == "!")
            default:
                throw error("unsupported group kind")
            }
        }
        groupCount += 1
        let index = groupCount
        return .group(index: index, try closeGroup(try parseAlternation()))
    }

    private mutating func closeGroup(_ node: PatternNode) throws(PatternError) -> PatternNode {
        guard current == ")" else { throw error("missing `)`") }
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
    private mutating func parseEscape() throws(PatternError) -> PatternNode {
        guard let scalar = current else { throw error("trailing backslash") }
        switch scalar {
        case "b": position += 1; return .wordBoundary(negated: false)
        case "B": position += 1; return .wordBoundary(negated: true)
        case "d", "D", "w", "W", "s", "S":
            position += 1
            return .set(ScalarSet(ranges: [], categories: [Self.category(scalar)]))
        default:
            return try literal(try parseEscapedScalar())
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
    private mutating func parseEscapedScalar() throws(PatternError) -> Unicode.Scalar {
        guard let scalar = current else { throw error("trailing backslash") }
        position += 1
        switch scalar {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "a": return "\u{07}"
        case "x": return try hexScalar(digits: 2)
        case "u": return try hexScalar(digits: 4)
        case "U": return try hexScalar(digits: 8)
        default:
            guard !scalar.properties.isAlphabetic && !("0"..."9").contains(scalar) else {
                throw error("unsupported escape \\\(scalar)")
            }
            return scalar
        }
    }

    private mutating func hexScalar(digits: Int) throws(PatternError) -> Unicode.Scalar {
        guard position + digits <= source.count,
              let value = UInt32(String(String.UnicodeScalarView(source[position..<position + digits])), radix: 16),
              let scalar = Unicode.Scalar(value) else { throw error("bad hexadecimal escape") }
        position += digits
        return scalar
    }

    /// A class, the `[` already read.
    private mutating func parseClass() throws(PatternError) -> ScalarSet {
        var negated = false
        if current == "^" {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var categories: [ScalarSet.Category] = []
        var first = true
        while true {
            guard let scalar = current else { throw error("unterminated class") }
            if scalar == "]" && !first {
                position += 1
                break
            }
            first = false
            var low: Unicode.Scalar
            position += 1
            if scalar == "\\" {
                guard let escaped = current else { throw error("trailing backslash") }
                if "dDwWsS".unicodeScalars.contains(escaped) {
                    position += 1
                    categories.append(Self.category(escaped))
                    continue
                }
                if escaped == "b" {
                    position += 1
                    low = "\u{08}"
                } else {
                    low = try parseEscapedScalar()
                }
            } else {
                low = scalar
            }
            var high = low
            if current == "-", let after = peek(1), after != "]" {
                position += 2  // the `-` and `after`
                high = after == "\\" ? try parseEscapedScalar() : after
                guard low.value <= high.value else { throw error("bad range") }
            }
            if ignoreCase && low == high && low.properties.isAlphabetic {
                throw error("ignore-case classes of letters are not supported")
            }
            ranges.append(low.value...high.value)
        }
        return ScalarSet(ranges: ranges, categories: categories, negated: negated)
    }
}
