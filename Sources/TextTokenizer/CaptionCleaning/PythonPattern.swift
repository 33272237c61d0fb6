/// A regular expression with the matching rules of Python's `re` module for `str` patterns, run over Unicode scalars:
/// leftmost match, alternatives tried in order, greedy quantifiers giving back one scalar at a time, Unicode `\d`,
/// `\w`, `\s` and `\b` as Python defines them (see `PythonCharacters`), and `re.sub`'s treatment of empty matches.
///
/// Swift's `Regex` and ICU's `NSRegularExpression` differ from Python in exactly the places caption cleaning leans on
/// (`\w` includes combining marks there, `\b` follows UAX #29, matching is per grapheme), hence this small
/// backtracking matcher (`PatternProgram`). Like Python's, it backtracks without bounds; captions are short.
struct PythonPattern: Sendable {
    let root: PatternNode
    let groupCount: Int
    private let program: PatternProgram
    /// The scalars a match can start with, when the pattern says (used to skip hopeless start positions).
    private let firstScalars: ScalarSet?

    /// Why the pattern did not compile, for one made by `constant` (which then matches nothing); nil otherwise.
    let compileError: PatternError?

    init(_ pattern: String, verbose: Bool = false, ignoreCase: Bool = false) throws(PatternError) {
        var parser = PatternParser(pattern, verbose: verbose, ignoreCase: ignoreCase)
        self.init(root: try parser.parse(), groupCount: parser.groupCount, compileError: nil)
    }

    private init(root: PatternNode, groupCount: Int, compileError: PatternError?) {
        self.root = root
        self.groupCount = groupCount
        self.compileError = compileError
        program = PatternProgram(root, groupCount: groupCount)
        firstScalars = Self.firstSet(root)
    }

    /// One of this module's constant patterns, compiled once (as the initial value of a `static let`). A constant
    /// that does not compile is a programming error, which `ConstantPatternTests` catches; should one slip through,
    /// it becomes a pattern that matches nothing (an empty class), so its step leaves the text as it is instead of
    /// stopping the program.
    static func constant(_ pattern: String, verbose: Bool = false, ignoreCase: Bool = false) -> PythonPattern {
        do {
            return try PythonPattern(pattern, verbose: verbose, ignoreCase: ignoreCase)
        } catch {
            return PythonPattern(root: .set(ScalarSet(ranges: [])), groupCount: 0, compileError: error)
        }
    }

    /// One match: the matched range and the range of each capturing group (nil when the group took no part).
    struct Match {
        let range: Range<Int>
        let groups: [Range<Int>?]

        /// Group `index` (0: the whole match); nil also for a group the pattern does not have.
        func group(_ index: Int) -> Range<Int>? {
            if index == 0 { return range }
            return groups.indices.contains(index - 1) ? groups[index - 1] : nil
        }
    }

    /// `pattern.match(text, position)`: a match starting exactly at `position`.
    func match(_ text: [Unicode.Scalar], at position: Int) -> Match? {
        program.match(text, at: position, rejectEmpty: false)
    }

    /// `pattern.search(text, position)`: the leftmost match starting at or after `position`.
    func search(_ text: [Unicode.Scalar], from position: Int = 0) -> Match? {
        search(text, from: position, mustAdvance: false)
    }

    /// Whether the pattern matches anywhere in `text`.
    func occurs(in text: [Unicode.Scalar]) -> Bool {
        search(text) != nil
    }

    /// `mustAdvance` forbids an empty match at `position` itself (what `re` does right after an empty match).
    private func search(_ text: [Unicode.Scalar], from position: Int, mustAdvance: Bool) -> Match? {
        program.search(text, from: position, mustAdvance: mustAdvance, first: firstScalars)
    }

    /// Every match `re.finditer` would give, in order.
    func matches(in text: [Unicode.Scalar]) -> [Match] {
        var found: [Match] = []
        var position = 0
        var mustAdvance = false
        while position <= text.count,
              let next = search(text, from: position, mustAdvance: mustAdvance) {
            found.append(next)
            mustAdvance = next.range.isEmpty
            position = next.range.upperBound
        }
        return found
    }

    /// `re.sub(pattern, replacement, text)` with a function computing each replacement.
    func replacingMatches(in text: [Unicode.Scalar],
                          with replacement: (Match, [Unicode.Scalar]) -> [Unicode.Scalar]) -> [Unicode.Scalar] {
        let found = matches(in: text)
        guard !found.isEmpty else { return text }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        var copied = 0
        for match in found {
            result.append(contentsOf: text[copied..<match.range.lowerBound])
            result.append(contentsOf: replacement(match, text))
            copied = match.range.upperBound
        }
        result.append(contentsOf: text[copied...])
        return result
    }

    /// `re.sub` with a template: literal text in which `\1`…`\9` stand for groups (an unmatched group for nothing).
    /// Templates are constants of this module; one with another escape (a programming error) leaves the text as
    /// it is.
    func replacingMatches(in text: [Unicode.Scalar], withTemplate template: String) -> [Unicode.Scalar] {
        guard let pieces = Self.templatePieces(template) else { return text }
        return replacingMatches(in: text) { match, text in
            var out: [Unicode.Scalar] = []
            for piece in pieces {
                switch piece {
                case .text(let scalars): out.append(contentsOf: scalars)
                case .group(let index):
                    if let range = match.group(index) { out.append(contentsOf: text[range]) }
                }
            }
            return out
        }
    }

    private enum TemplatePiece {
        case text([Unicode.Scalar])
        case group(Int)
    }

    /// The pieces of `template`, nil when it has an escape other than `\1`…`\9`.
    private static func templatePieces(_ template: String) -> [TemplatePiece]? {
        var pieces: [TemplatePiece] = []
        var literal: [Unicode.Scalar] = []
        var scalars = template.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\\" {
                guard let next = scalars.next(), let digit = Int(String(next)), digit > 0 else { return nil }
                if !literal.isEmpty { pieces.append(.text(literal)) }
                literal = []
                pieces.append(.group(digit))
            } else {
                literal.append(scalar)
            }
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return pieces
    }

    /// The set of scalars any match must start with, if the pattern's first consuming element tells.
    private static func firstSet(_ node: PatternNode) -> ScalarSet? {
        switch node {
        case .scalar(let scalar):
            return ScalarSet(ranges: [scalar.value...scalar.value])
        case .set(let set):
            return set
        case .group(_, let inner):
            return firstSet(inner)
        case .repetition(let inner, let low, _, _):
            return low > 0 ? firstSet(inner) : nil
        case .sequence(let items):
            for item in items {
                switch item {
                case .wordBoundary, .lookahead, .lookbehind:
                    continue
                default:
                    return firstSet(item)
                }
            }
            return nil
        case .alternation(let branches):
            var ranges: [ClosedRange<UInt32>] = []
            for branch in branches {
                // Only plain (non-negated, category-free) sets merge simply.
                guard let set = firstSet(branch), !set.negated, set.categories.isEmpty else { return nil }
                ranges += set.ranges
            }
            return ScalarSet(ranges: ranges)
        default:
            return nil
        }
    }
}

