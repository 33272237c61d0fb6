import VVAEWeights

/// What `vvae-inspect --verify` found: each dataset's bytes against the SHA-256 recorded when it was written.
struct VerificationReport {
    let file: String
    let results: [(key: String, result: WeightFile.Verification)]

    /// Datasets whose bytes match their recorded digest.
    var matched: Int { results.filter { $0.result == .ok }.count }

    var allMatch: Bool { matched == results.count }

    /// One line per dataset that does not match, then the count.
    func render() -> String {
        var lines: [String] = []
        for (key, result) in results {
            switch result {
            case .ok: continue
            case .noChecksum: lines.append("  no checksum  \(key)")
            case .mismatch(let recorded, let actual):
                lines.append("  CORRUPT      \(key)  recorded \(recorded.prefix(16))…, now \(actual.prefix(16))…")
            }
        }
        lines.append("\(file): \(matched) of \(results.count) datasets match their recorded SHA-256")
        return lines.joined(separator: "\n")
    }

    /// The `vvae-verify` document (Docs/JSON.md).
    var json: JSONValue {
        JSONDocument.verify.make([
            ("file", .string(file)),
            ("datasets", .array(results.map { key, result in
                switch result {
                case .ok: return .object([("name", .string(key)), ("status", .string("ok"))])
                case .noChecksum: return .object([("name", .string(key)), ("status", .string("no_checksum"))])
                case .mismatch(let recorded, let actual):
                    return .object([("name", .string(key)), ("status", .string("mismatch")),
                                    ("recorded_sha256", .string(recorded)), ("actual_sha256", .string(actual))])
                }
            })),
            ("matched", .integer(matched)),
            ("total", .integer(results.count)),
            ("all_match", .bool(allMatch)),
        ])
    }
}
