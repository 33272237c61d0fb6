/// A regular expression with the matching rules of Python's `re` module for `str` patterns, run over Unicode scalars:
/// leftmost match, alternatives tried in order, greedy quantifiers giving back one scalar at a time, Unicode `\d`,
/// `\w`, `\s` and `\b` as Python defines them (see `PythonCharacters`), and `re.sub`'s treatment of empty matches.
///
/// Swift's `Regex` and ICU's `NSRegularExpression` differ from Python in exactly the places caption cleaning leans on
/// (`\w` includes combining marks there, `\b` follows UAX #29, matching is per grapheme), hence this small
/// backtracking matcher. Captions are short, so the plain backtracking costs nothing that matters.
struct PythonPattern: Sendable {
    let root: PatternNode
    let groupCount: Int
    /// The scalars a match can start with, when the pattern says (used to skip hopeless start positions).
    private let firstScalars: ScalarSet?

    init(_ pattern: String, verbose: Bool = false, ignoreCase: Bool = false) {
        var parser = PatternParser(pattern, verbose: verbose, ignoreCase: ignoreCase)
        root = parser.parse()
        groupCount = parser.groupCount
        firstScalars = Self.firstSet(root)
    }

    /// One match: the matched range and the range of each capturing group (nil when the group took no part).
    struct Match {
        let range: Range<Int>
        let groups: [Range<Int>?]

        /// Group `index` (0: the whole match).
        func group(_ index: Int) -> Range<Int>? {
            index == 0 ? range : groups[index - 1]
        }
    }

    /// `pattern.match(text, position)`: a match starting exactly at `position`.
    func match(_ text: [Unicode.Scalar], at position: Int) -> Match? {
        let matcher = PatternMatcher(text: text, groupCount: groupCount)
        return matcher.matchAt(root, position, rejectEmpty: false)
    }

    /// `pattern.search(text, position)`: the leftmost match starting at or after `position`.
    func search(_ text: [Unicode.Scalar], from position: Int = 0) -> Match? {
        search(text, from: position, mustAdvance: false, matcher: PatternMatcher(text: text, groupCount: groupCount))
    }

    /// Whether the pattern matches anywhere in `text`.
    func occurs(in text: [Unicode.Scalar]) -> Bool {
        search(text) != nil
    }

    /// `mustAdvance` forbids an empty match at `position` itself (what `re` does right after an empty match).
    private func search(_ text: [Unicode.Scalar], from position: Int, mustAdvance: Bool,
                        matcher: PatternMatcher) -> Match? {
        var start = position
        while start <= text.count {
            if let first = firstScalars {
                while start < text.count && !first.contains(text[start]) { start += 1 }
                if start == text.count { return nil }
            }
            if let found = matcher.matchAt(root, start, rejectEmpty: mustAdvance && start == position) {
                return found
            }
            start += 1
        }
        return nil
    }

    /// Every match `re.finditer` would give, in order.
    func matches(in text: [Unicode.Scalar]) -> [Match] {
        let matcher = PatternMatcher(text: text, groupCount: groupCount)
        var found: [Match] = []
        var position = 0
        var mustAdvance = false
        while position <= text.count,
              let next = search(text, from: position, mustAdvance: mustAdvance, matcher: matcher) {
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
    func replacingMatches(in text: [Unicode.Scalar], withTemplate template: String) -> [Unicode.Scalar] {
        let pieces = Self.templatePieces(template)
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

    private static func templatePieces(_ template: String) -> [TemplatePiece] {
        var pieces: [TemplatePiece] = []
        var literal: [Unicode.Scalar] = []
        var scalars = template.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\\" {
                guard let next = scalars.next(), let digit = Int(String(next)), digit > 0 else {
                    preconditionFailure("unsupported replacement template \(template)")
                }
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

/// The backtracking engine behind `PythonPattern`: each element is matched with a continuation that matches the rest,
/// so a failure later on makes earlier elements try their next choice, in Python's order.
final class PatternMatcher {
    let text: [Unicode.Scalar]
    /// Start and end of each capturing group; -1 when unset.
    private var captures: [Int]

    init(text: [Unicode.Scalar], groupCount: Int) {
        self.text = text
        captures = Array(repeating: -1, count: 2 * groupCount)
    }

    func matchAt(_ root: PatternNode, _ start: Int, rejectEmpty: Bool) -> PythonPattern.Match? {
        for index in captures.indices { captures[index] = -1 }
        var end = -1
        let matched = match(root, start) { position in
            if rejectEmpty && position == start { return false }
            end = position
            return true
        }
        guard matched else { return nil }
        var groups: [Range<Int>?] = []
        for group in 0..<(captures.count / 2) {
            let low = captures[2 * group]
            let high = captures[2 * group + 1]
            groups.append(low >= 0 && high >= low ? low..<high : nil)
        }
        return PythonPattern.Match(range: start..<end, groups: groups)
    }

    private func isWord(at index: Int) -> Bool {
        index >= 0 && index < text.count && PythonCharacters.isWord(text[index])
    }

    private func isSingle(_ node: PatternNode) -> Bool {
        switch node {
        case .scalar, .set, .anyButNewline: return true
        default: return false
        }
    }

    /// Whether a single-scalar element accepts `scalar`; nil for elements that are not single scalars.
    private func single(_ node: PatternNode, _ scalar: Unicode.Scalar) -> Bool? {
        switch node {
        case .scalar(let wanted): return scalar == wanted
        case .set(let set): return set.contains(scalar)
        case .anyButNewline: return scalar != "\n"
        default: return nil
        }
    }

    private func match(_ node: PatternNode, _ position: Int, _ next: (Int) -> Bool) -> Bool {
        switch node {
        case .scalar, .set, .anyButNewline:
            guard position < text.count, single(node, text[position]) == true else { return false }
            return next(position + 1)
        case .sequence(let items):
            return matchSequence(items[...], position, next)
        case .alternation(let branches):
            for branch in branches where match(branch, position, next) { return true }
            return false
        case .repetition(let inner, let low, let high, let greedy):
            if isSingle(inner) {
                return matchSingleRepetition(inner, low, high, greedy, position, next)
            }
            return matchRepetition(inner, low, high, greedy, count: 0, position, next)
        case .group(let index, let inner):
            let slot = 2 * (index - 1)
            let saved = (captures[slot], captures[slot + 1])
            let matched = match(inner, position) { end in
                let inside = (self.captures[slot], self.captures[slot + 1])
                self.captures[slot] = position
                self.captures[slot + 1] = end
                if next(end) { return true }
                self.captures[slot] = inside.0
                self.captures[slot + 1] = inside.1
                return false
            }
            if !matched {
                captures[slot] = saved.0
                captures[slot + 1] = saved.1
            }
            return matched
        case .lookahead(let inner, let negated):
            let saved = captures
            let found = match(inner, position) { _ in true }
            if negated {
                captures = saved
                return !found && next(position)
            }
            guard found else { return false }
            if next(position) { return true }
            captures = saved
            return false
        case .lookbehind(let inner, let length, let negated):
            let start = position - length
            var found = false
            if start >= 0 {
                let saved = captures
                found = match(inner, start) { $0 == position }
                if negated { captures = saved }
            }
            return found != negated && next(position)
        case .textStart:
            return position == 0 && next(position)
        case .textEnd:
            let atEnd = position == text.count || (position == text.count - 1 && text[position] == "\n")
            return atEnd && next(position)
        case .wordBoundary(let negated):
            let boundary = isWord(at: position - 1) != isWord(at: position)
            return boundary != negated && next(position)
        }
    }

    private func matchSequence(_ items: ArraySlice<PatternNode>, _ position: Int, _ next: (Int) -> Bool) -> Bool {
        guard let first = items.first else { return next(position) }
        let rest = items.dropFirst()
        if rest.isEmpty { return match(first, position, next) }
        return match(first, position) { self.matchSequence(rest, $0, next) }
    }

    /// A quantifier over one scalar: count how far it can go, then hand the continuation each length in turn
    /// (longest first when greedy), without recursing per scalar.
    private func matchSingleRepetition(_ inner: PatternNode, _ low: Int, _ high: Int?, _ greedy: Bool,
                                       _ position: Int, _ next: (Int) -> Bool) -> Bool {
        var count = 0
        let limit = high ?? Int.max
        while count < limit, position + count < text.count, single(inner, text[position + count]) == true {
            count += 1
        }
        guard count >= low else { return false }
        if greedy {
            var length = count
            while length >= low {
                if next(position + length) { return true }
                length -= 1
            }
        } else {
            for length in low...count where next(position + length) { return true }
        }
        return false
    }

    /// A quantifier over a longer element. An iteration that consumes nothing ends the repetition (as in Python), so
    /// `(a*)*` cannot loop forever.
    private func matchRepetition(_ inner: PatternNode, _ low: Int, _ high: Int?, _ greedy: Bool, count: Int,
                                 _ position: Int, _ next: (Int) -> Bool) -> Bool {
        let canStop = count >= low
        let canGo = high.map { count < $0 } ?? true
        if !greedy && canStop && next(position) { return true }
        if canGo {
            let matched = match(inner, position) { end in
                if end == position && canStop { return false }
                return self.matchRepetition(inner, low, high, greedy, count: count + 1, end, next)
            }
            if matched { return true }
        }
        return greedy && canStop && next(position)
    }
}
