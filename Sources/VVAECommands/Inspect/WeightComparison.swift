import Foundation

/// `vvae-inspect --compare A B`: per key, whether the two files hold the same values.
struct WeightComparison {
    enum Outcome {
        case match
        case differ(maxAbs: Double, maxRel: Double)
        case shape([Int], [Int])
        case onlyInFirst
        case onlyInSecond
    }

    struct Row {
        let key: String
        let outcome: Outcome
    }

    let first: TensorSource
    let second: TensorSource
    let rows: [Row]
    let ignoredInFirst: [String]
    let ignoredInSecond: [String]

    var differenceCount: Int {
        rows.filter { if case .match = $0.outcome { return false } else { return true } }.count
    }

    /// Elements of each side read and compared at a time (8 MB of Doubles per side).
    static let elementsPerRead = 1 << 20

    /// Walks each pair of tensors in runs of `elementsPerRead` elements, so memory holds two runs, not two tensors
    /// (except where a side must be decoded whole: compressed or strided checkpoint storage).
    init(_ first: TensorSource, _ second: TensorSource) throws {
        self.first = first
        self.second = second
        // A converted file deliberately lacks the checkpoint's training-only keys: its config names them.
        let dropFromFirst = second.ignoredPrefixes
        let dropFromSecond = first.ignoredPrefixes
        let firstItems = first.items.filter { item in !dropFromFirst.contains { item.key.hasPrefix($0) } }
        let secondItems = second.items.filter { item in !dropFromSecond.contains { item.key.hasPrefix($0) } }
        ignoredInFirst = first.items.map(\.key).filter { key in dropFromFirst.contains { key.hasPrefix($0) } }
        ignoredInSecond = second.items.map(\.key).filter { key in dropFromSecond.contains { key.hasPrefix($0) } }
        let secondByKey = Dictionary(secondItems.map { ($0.key, $0) }, uniquingKeysWith: { lhs, _ in lhs })
        let firstKeys = Set(firstItems.map(\.key))
        var rows: [Row] = []
        for item in firstItems {
            guard let other = secondByKey[item.key] else {
                rows.append(Row(key: item.key, outcome: .onlyInFirst))
                continue
            }
            guard item.shape == other.shape else {
                rows.append(Row(key: item.key, outcome: .shape(item.shape, other.shape)))
                continue
            }
            let a = try first.open(item.key)
            let b = try second.open(other.key)
            var maxAbs = 0.0
            var maxRel = 0.0
            var same = a.count == b.count
            var start = 0
            while start < min(a.count, b.count) {
                let end = min(start + Self.elementsPerRead, a.count, b.count)
                let xs = try a.read(start..<end)
                let ys = try b.read(start..<end)
                if xs.count != ys.count { same = false }
                for (x, y) in zip(xs, ys) where !(x == y || (x.isNaN && y.isNaN)) {
                    same = false
                    let difference = abs(x - y)
                    maxAbs = max(maxAbs, difference.isNaN ? .infinity : difference)
                    maxRel = max(maxRel, difference / max(abs(x), abs(y), .leastNormalMagnitude))
                }
                start = end
            }
            rows.append(Row(key: item.key, outcome: same ? .match : .differ(maxAbs: maxAbs, maxRel: maxRel)))
        }
        for item in secondItems where !firstKeys.contains(item.key) {
            rows.append(Row(key: item.key, outcome: .onlyInSecond))
        }
        self.rows = rows
    }

    func render() -> String {
        var lines = ["A: \(first.path) (\(first.format), \(first.items.count) tensors)",
                     "B: \(second.path) (\(second.format), \(second.items.count) tensors)"]
        if !ignoredInFirst.isEmpty { lines.append("training-only in A, left out: " + ignoredInFirst.joined(separator: ", ")) }
        if !ignoredInSecond.isEmpty { lines.append("training-only in B, left out: " + ignoredInSecond.joined(separator: ", ")) }
        var counts = (match: 0, differ: 0, shape: 0, onlyA: 0, onlyB: 0)
        for row in rows {
            switch row.outcome {
            case .match: counts.match += 1
            case .differ(let maxAbs, let maxRel):
                counts.differ += 1
                lines.append(String(format: "  differ      %@  max |A-B| %.3e, max rel %.3e", row.key, maxAbs, maxRel))
            case .shape(let a, let b):
                counts.shape += 1
                lines.append("  shape       \(row.key)  A \(a), B \(b)")
            case .onlyInFirst:
                counts.onlyA += 1
                lines.append("  only in A   \(row.key)")
            case .onlyInSecond:
                counts.onlyB += 1
                lines.append("  only in B   \(row.key)")
            }
        }
        lines.append("\(counts.match) match, \(counts.differ) differ, \(counts.shape) shape mismatch, "
                     + "\(counts.onlyA) only in A, \(counts.onlyB) only in B"
                     + (differenceCount == 0 ? ": identical values" : ""))
        return lines.joined(separator: "\n")
    }
}
