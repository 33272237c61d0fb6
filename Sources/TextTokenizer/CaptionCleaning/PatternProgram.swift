/// A parsed pattern compiled to a small instruction list and run by a backtracking machine with an explicit stack,
/// so that neither long texts nor long repetitions deepen the call stack.
///
/// The order in which choices are tried is Python's: alternatives left to right, greedy quantifiers longest first
/// (lazy ones shortest first), and look-arounds atomic (once one succeeds it is not re-entered). As in Python, an
/// iteration of a repeated sub-pattern that consumes nothing is kept, but ends the repetition.
struct PatternProgram: Sendable {
    /// What a one-scalar step accepts.
    enum ScalarTest: Sendable {
        case scalar(Unicode.Scalar)
        case set(ScalarSet)
        case anyButNewline

        @inline(__always)
        func accepts(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .scalar(let wanted): return scalar == wanted
            case .set(let set): return set.contains(scalar)
            case .anyButNewline: return scalar != "\n"
            }
        }
    }

    enum Instruction: Sendable {
        case consume(ScalarTest)
        /// A quantifier over one scalar, handled in one step (its shorter or longer lengths kept on the stack).
        case repeatScalar(ScalarTest, min: Int, max: Int, greedy: Bool)
        /// Continue at the first target; on failure, at the second.
        case split(Int, Int)
        case jump(Int)
        /// Record the position in a slot (capture bounds and loop starts).
        case save(Int)
        /// Go to the target when the position still equals the slot's (an iteration that consumed nothing ends the
        /// repetition); otherwise go on.
        case stopIfEmpty(Int, Int)
        case textStart
        case textEnd
        case wordBoundary(negated: Bool)
        /// Run sub-program `program` here (look-ahead) or `behind` scalars back (look-behind).
        case look(program: Int, behind: Int?, negated: Bool)
        case match
    }

    private(set) var code: [Instruction] = []
    private(set) var subprograms: [[Instruction]] = []
    private(set) var slotCount: Int
    let groupCount: Int

    init(_ root: PatternNode, groupCount: Int) {
        self.groupCount = groupCount
        slotCount = 2 * groupCount
        var main: [Instruction] = []
        emit(root, into: &main)
        main.append(.match)
        code = main
    }

    private static func scalarTest(_ node: PatternNode) -> ScalarTest? {
        switch node {
        case .scalar(let scalar): return .scalar(scalar)
        case .set(let set): return .set(set)
        case .anyButNewline: return .anyButNewline
        default: return nil
        }
    }

    private mutating func emit(_ node: PatternNode, into code: inout [Instruction]) {
        switch node {
        case .scalar(let scalar):
            code.append(.consume(.scalar(scalar)))
        case .set(let set):
            code.append(.consume(.set(set)))
        case .anyButNewline:
            code.append(.consume(.anyButNewline))
        case .sequence(let items):
            for item in items { emit(item, into: &code) }
        case .alternation(let branches):
            var exits: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index == branches.count - 1 {
                    emit(branch, into: &code)
                } else {
                    let split = code.count
                    code.append(.split(0, 0))
                    emit(branch, into: &code)
                    exits.append(code.count)
                    code.append(.jump(0))
                    code[split] = .split(split + 1, code.count)
                }
            }
            for exit in exits { code[exit] = .jump(code.count) }
        case .repetition(let inner, let low, let high, let greedy):
            if let test = Self.scalarTest(inner) {
                code.append(.repeatScalar(test, min: low, max: high ?? Int.max, greedy: greedy))
                return
            }
            for _ in 0..<low { emit(inner, into: &code) }
            if let high {
                // Up to high - low more, nested so that fewer iterations are tried only after more (or the reverse
                // when lazy): (x(x(x)?)?)?  (The parser keeps low <= high, and high - low to at most 32.)
                var splits: [Int] = []
                var stops: [(index: Int, slot: Int)] = []
                for _ in low..<max(low, high) {
                    splits.append(code.count)
                    code.append(.split(0, 0))
                    stops.append(emitIteration(inner, into: &code))
                }
                let end = code.count
                for split in splits { code[split] = greedy ? .split(split + 1, end) : .split(end, split + 1) }
                for stop in stops { code[stop.index] = .stopIfEmpty(stop.slot, end) }
            } else {
                let top = code.count
                code.append(.split(0, 0))
                let stop = emitIteration(inner, into: &code)
                code.append(.jump(top))
                let end = code.count
                code[top] = greedy ? .split(top + 1, end) : .split(end, top + 1)
                code[stop.index] = .stopIfEmpty(stop.slot, end)
            }
        case .group(let index, let inner):
            code.append(.save(2 * (index - 1)))
            emit(inner, into: &code)
            code.append(.save(2 * (index - 1) + 1))
        case .lookahead(let inner, let negated):
            code.append(.look(program: subprogram(inner), behind: nil, negated: negated))
        case .lookbehind(let inner, let length, let negated):
            code.append(.look(program: subprogram(inner), behind: length, negated: negated))
        case .textStart:
            code.append(.textStart)
        case .textEnd:
            code.append(.textEnd)
        case .wordBoundary(let negated):
            code.append(.wordBoundary(negated: negated))
        }
    }

    /// One optional iteration of a repeated sub-pattern: records where it starts, and ends with a `stopIfEmpty`
    /// whose target the caller fills in (its index is returned, with the slot it tests).
    private mutating func emitIteration(_ inner: PatternNode,
                                        into code: inout [Instruction]) -> (index: Int, slot: Int) {
        let slot = slotCount
        slotCount += 1
        code.append(.save(slot))
        emit(inner, into: &code)
        code.append(.stopIfEmpty(slot, -1))
        return (code.count - 1, slot)
    }

    private mutating func subprogram(_ node: PatternNode) -> Int {
        var sub: [Instruction] = []
        emit(node, into: &sub)
        sub.append(.match)
        subprograms.append(sub)
        return subprograms.count - 1
    }

    /// A match starting exactly at `start`; with `rejectEmpty`, an empty match there does not count.
    func match(_ text: [Unicode.Scalar], at start: Int, rejectEmpty: Bool) -> PythonPattern.Match? {
        var machine = Machine(program: self, text: text)
        return match(&machine, at: start, rejectEmpty: rejectEmpty)
    }

    /// The leftmost match starting at or after `start` (only at scalars in `first`, when given); with
    /// `mustAdvance`, an empty match at `start` itself does not count.
    func search(_ text: [Unicode.Scalar], from start: Int, mustAdvance: Bool,
                first: ScalarSet?) -> PythonPattern.Match? {
        var machine = Machine(program: self, text: text)
        // A pattern opening with an unbounded one-scalar repetition (`\S+…`) that fails at some position fails at
        // every later position of the same run too (those try a subset of the same continuations), so the search
        // can resume after the run.
        var leadingRun: ScalarTest?
        if case .repeatScalar(let test, let low, let high, _) = code[0], low >= 1, high == Int.max { leadingRun = test }
        var position = start
        while position <= text.count {
            if let first {
                while position < text.count && !first.contains(text[position]) { position += 1 }
                if position == text.count { return nil }
            }
            if let found = match(&machine, at: position, rejectEmpty: mustAdvance && position == start) {
                return found
            }
            if let run = leadingRun, position < text.count, run.accepts(text[position]) {
                while position < text.count && run.accepts(text[position]) { position += 1 }
            } else {
                position += 1
            }
        }
        return nil
    }

    private func match(_ machine: inout Machine, at start: Int, rejectEmpty: Bool) -> PythonPattern.Match? {
        machine.reset()
        guard let end = machine.run(code, from: start, rejectEmpty: rejectEmpty) else { return nil }
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(groupCount)
        for group in 0..<groupCount {
            let low = machine.slots[2 * group]
            let high = machine.slots[2 * group + 1]
            groups.append(low >= 0 && high >= low ? low..<high : nil)
        }
        return PythonPattern.Match(range: start..<end, groups: groups)
    }

    /// The state of one run: slot values with an undo log, and the stack of choices still open.
    private struct Machine {
        let program: PatternProgram
        let text: [Unicode.Scalar]
        var slots: [Int]
        private var undo: [(slot: Int, value: Int)] = []

        private enum Choice {
            case branch(pc: Int, position: Int, undo: Int)
            /// A greedy one-scalar repetition that can still give back: next try `base + length`.
            case shorter(pc: Int, base: Int, length: Int, min: Int, undo: Int)
            /// A lazy one it can still extend, up to `limit`.
            case longer(pc: Int, base: Int, length: Int, limit: Int, undo: Int)
        }

        private var choices: [Choice] = []

        init(program: PatternProgram, text: [Unicode.Scalar]) {
            self.program = program
            self.text = text
            slots = Array(repeating: -1, count: program.slotCount)
        }

        mutating func reset() {
            for index in slots.indices { slots[index] = -1 }
            undo.removeAll(keepingCapacity: true)
        }

        private mutating func set(_ slot: Int, _ value: Int) {
            undo.append((slot, slots[slot]))
            slots[slot] = value
        }

        private mutating func rollBack(to mark: Int) {
            while undo.count > mark {
                let entry = undo.removeLast()
                slots[entry.slot] = entry.value
            }
        }

        private func isWord(at index: Int) -> Bool {
            index >= 0 && index < text.count && PythonCharacters.isWord(text[index])
        }

        /// Runs `code` from `start`; the end of the first match found, or nil.
        mutating func run(_ code: [Instruction], from start: Int, rejectEmpty: Bool) -> Int? {
            let base = choices.count  // choices below belong to an enclosing run (a look-around's caller)
            defer { choices.removeSubrange(base...) }
            var pc = 0
            var position = start
            while true {
                var failed = false
                switch code[pc] {
                case .consume(let test):
                    if position < text.count && test.accepts(text[position]) {
                        position += 1
                        pc += 1
                    } else {
                        failed = true
                    }
                case .repeatScalar(let test, let low, let high, let greedy):
                    // Greedy: take all it can, give back on backtracking. Lazy: take the minimum, extend one scalar
                    // at a time on backtracking.
                    var available = 0
                    while available < high && position + available < text.count
                            && test.accepts(text[position + available]) {
                        available += 1
                        if !greedy && available >= low { break }
                    }
                    if available < low {
                        failed = true
                    } else if greedy {
                        if available > low {
                            choices.append(.shorter(pc: pc + 1, base: position, length: available - 1, min: low,
                                                    undo: undo.count))
                        }
                        position += available
                        pc += 1
                    } else {
                        if low < high {
                            choices.append(.longer(pc: pc + 1, base: position, length: low, limit: high,
                                                   undo: undo.count))
                        }
                        position += low
                        pc += 1
                    }
                case .split(let first, let second):
                    choices.append(.branch(pc: second, position: position, undo: undo.count))
                    pc = first
                case .jump(let target):
                    pc = target
                case .save(let slot):
                    set(slot, position)
                    pc += 1
                case .stopIfEmpty(let slot, let target):
                    pc = slots[slot] == position ? target : pc + 1
                case .textStart:
                    if position == 0 { pc += 1 } else { failed = true }
                case .textEnd:
                    if position == text.count || (position == text.count - 1 && text[position] == "\n") {
                        pc += 1
                    } else {
                        failed = true
                    }
                case .wordBoundary(let negated):
                    if (isWord(at: position - 1) != isWord(at: position)) != negated { pc += 1 } else { failed = true }
                case .look(let index, let behind, let negated):
                    var found = false
                    let from = position - (behind ?? 0)
                    if from >= 0 {
                        // Atomic: whatever the look-around set is undone, and its open choices are dropped.
                        let mark = undo.count
                        let end = run(program.subprograms[index], from: from, rejectEmpty: false)
                        rollBack(to: mark)
                        found = end != nil && (behind == nil || end == position)
                    }
                    if found != negated { pc += 1 } else { failed = true }
                case .match:
                    if rejectEmpty && position == start { failed = true } else { return position }
                }
                guard failed else { continue }
                // Backtrack to the most recent open choice.
                var resumed = false
                while !resumed, choices.count > base, let choice = choices.popLast() {
                    switch choice {
                    case .branch(let target, let saved, let mark):
                        rollBack(to: mark)
                        pc = target
                        position = saved
                        resumed = true
                    case .shorter(let target, let origin, var length, let low, let mark):
                        rollBack(to: mark)
                        // When a one-scalar step follows, skip the lengths after which it cannot match.
                        if case .consume(let next) = code[target] {
                            while length >= low && (origin + length >= text.count || !next.accepts(text[origin + length])) {
                                length -= 1
                            }
                            if length < low { continue }
                        }
                        if length > low {
                            choices.append(.shorter(pc: target, base: origin, length: length - 1, min: low, undo: mark))
                        }
                        pc = target
                        position = origin + length
                        resumed = true
                    case .longer(let target, let origin, let length, let limit, let mark):
                        rollBack(to: mark)
                        let next = origin + length
                        guard next < text.count, let test = scalarTest(at: target - 1, in: code),
                              test.accepts(text[next]) else { continue }
                        if length + 1 < limit {
                            choices.append(.longer(pc: target, base: origin, length: length + 1, limit: limit, undo: mark))
                        }
                        pc = target
                        position = next + 1
                        resumed = true
                    }
                }
                if !resumed { return nil }
            }
        }

        private func scalarTest(at pc: Int, in code: [Instruction]) -> ScalarTest? {
            if case .repeatScalar(let test, _, _, _) = code[pc] { return test }
            return nil
        }
    }
}
