extension WeightComparison {
    /// The `vvae-compare` document (Docs/JSON.md): both files, one row per key, the counts.
    var json: JSONValue {
        func side(_ source: TensorSource, ignored: [String]) -> JSONValue {
            .object([("file", .string(source.path)), ("format", .string(source.format)),
                     ("tensors", .integer(source.items.count)),
                     ("training_only_left_out", .array(ignored.map(JSONValue.string)))])
        }
        var counts = [String: Int]()
        let keys = rows.map { row -> JSONValue in
            var members: [(String, JSONValue)] = [("name", .string(row.key))]
            let outcome: String
            switch row.outcome {
            case .match: outcome = "match"
            case .differ(let maxAbs, let maxRel):
                outcome = "differ"
                members += [("max_abs", .double(maxAbs)), ("max_rel", .double(maxRel))]
            case .shape(let a, let b):
                outcome = "shape"
                members += [("shape_a", .integers(a)), ("shape_b", .integers(b))]
            case .onlyInFirst: outcome = "only_in_a"
            case .onlyInSecond: outcome = "only_in_b"
            }
            counts[outcome, default: 0] += 1
            return .object([members[0], ("outcome", .string(outcome))] + members.dropFirst())
        }
        return JSONDocument.compare.make([
            ("a", side(first, ignored: ignoredInFirst)),
            ("b", side(second, ignored: ignoredInSecond)),
            ("keys", .array(keys)),
            ("counts", .object(["match", "differ", "shape", "only_in_a", "only_in_b"].map { ($0, .integer(counts[$0] ?? 0)) })),
            ("identical", .bool(differenceCount == 0)),
        ])
    }
}
