import Foundation

/// What `vvae validate` found: per recorded layer call (and the whole pipeline), the error against the recording.
struct ValidationReport {
    struct Row {
        let name: String
        let shape: [Int]
        let errors: LayerErrors
    }

    let weights: String
    let fixtures: String
    let tolerance: Double
    let rows: [Row]

    func passes(_ row: Row) -> Bool { row.errors.maxRel <= tolerance }

    var failures: Int { rows.filter { !passes($0) }.count }

    /// The table; `failuresOnly` leaves out the passing layers (the summary still counts them).
    func render(failuresOnly: Bool) -> String {
        let width = min(max(rows.map(\.name.count).max() ?? 5, 5), 70)
        var lines = ["layer".padding(toLength: width, withPad: " ", startingAt: 0) + "  shape                  max abs err  max rel err  pass"]
        for row in rows {
            let pass = passes(row)
            if failuresOnly && pass { continue }
            let shapeText = "[" + row.shape.map(String.init).joined(separator: ",") + "]"
            lines.append(row.name.padding(toLength: max(width, row.name.count), withPad: " ", startingAt: 0) + "  "
                         + shapeText.padding(toLength: 21, withPad: " ", startingAt: 0)
                         + String(format: "  %11.3e  %11.3e  ", row.errors.maxAbs, row.errors.maxRel) + (pass ? "ok" : "FAIL"))
            if !pass, let detail = row.errors.firstMismatch { lines.append("    " + detail) }
        }
        lines.append("\(rows.count - failures) of \(rows.count) layers within \(tolerance) (max rel err); \(failures) failed")
        return lines.joined(separator: "\n")
    }

    private func largestJSON(_ errors: LayerErrors) -> JSONValue {
        guard let largest = errors.largest else { return .null }
        return .object([("flat_index", .integer(largest.flatIndex)), ("ours", .double(Double(largest.ours))),
                        ("reference", .double(Double(largest.reference)))])
    }

    /// The `vvae-validate` document (Docs/JSON.md); every layer, whatever `--failures-only` says.
    var json: JSONValue {
        JSONDocument.validate.make([
            ("weights", .string(weights)),
            ("fixtures", .string(fixtures)),
            ("tolerance", .double(tolerance)),
            ("layers", .array(rows.map { row in
                .object([("name", .string(row.name)), ("shape", .integers(row.shape)),
                         ("max_abs", .double(row.errors.maxAbs)), ("max_rel", .double(row.errors.maxRel)),
                         ("pass", .bool(passes(row))), ("largest_difference", largestJSON(row.errors)),
                         ("output_shape", row.errors.shapeMismatch.map { .integers($0.ours) } ?? .null)])
            })),
            ("passed", .integer(rows.count - failures)),
            ("failed", .integer(failures)),
        ])
    }
}
