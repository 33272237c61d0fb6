import Foundation

/// Why a conversion stopped before writing anything; each names the checkpoint and what is wrong.
public enum ConversionError: Error, CustomStringConvertible, Sendable {
    /// The checkpoint's weights differ from what the model expects (missing, unexpected or wrongly shaped keys).
    case mismatch(file: String, model: String, mapping: StateDictMapping)
    /// No candidate config explains the checkpoint.
    case noMatchingConfig(file: String, ranking: [(model: String, matched: Int, expected: Int)], closest: StateDictMapping?, closestModel: String?)
    /// The file holds no tensors at all.
    case noTensors(file: String)
    /// A tensor of a type the weight file cannot carry.
    case unsupportedDType(file: String, key: String, dtype: String)
    /// Every candidate config failed to describe a model (e.g. broken YAML).
    case configFailed(model: String, reason: String)

    public var description: String {
        switch self {
        case .mismatch(let file, let model, let mapping):
            return "\(file): its weights do not match \(model): \(MismatchTable.summary(mapping))\n" + MismatchTable.render(mapping)
        case .noMatchingConfig(let file, let ranking, let closest, let closestModel):
            var text = "\(file): no shipped config matches this checkpoint; pass --config FILE with the model's YAML.\n"
            text += "  how well each config matched:\n"
            for entry in ranking {
                text += "    \(entry.model): \(entry.matched) of \(entry.expected) expected weights found\n"
            }
            if let closest, let closestModel {
                text += "  differences from the closest, \(closestModel): \(MismatchTable.summary(closest))\n"
                text += MismatchTable.render(closest)
            }
            return text
        case .noTensors(let file):
            return "\(file): holds no tensors, so there is nothing to convert"
        case .unsupportedDType(let file, let key, let dtype):
            return "\(file): tensor '\(key)' is \(dtype), which the weight file cannot store"
        case .configFailed(let model, let reason):
            return "\(model): \(reason)"
        }
    }
}

/// The table of differences shown when a checkpoint does not fit a model.
enum MismatchTable {
    static let maximumRows = 40

    static func summary(_ mapping: StateDictMapping) -> String {
        "\(mapping.missing.count) missing, \(mapping.unexpected.count) unexpected, \(mapping.wrongShape.count) with a wrong shape"
    }

    static func render(_ mapping: StateDictMapping) -> String {
        var rows: [(String, String, String)] = []
        for weight in mapping.missing { rows.append(("missing", weight.key, "expected \(shape(weight.shape))")) }
        for tensor in mapping.unexpected { rows.append(("unexpected", tensor.source.name, "found \(shape(tensor.source.shape))")) }
        for (expected, found) in mapping.wrongShape {
            rows.append(("shape", found.source.name, "expected \(shape(expected.shape)), found \(shape(found.source.shape))"))
        }
        let width = min(rows.map(\.1.count).max() ?? 0, 70)
        var lines = rows.prefix(maximumRows).map { kind, name, detail in
            "  " + kind.padding(toLength: 11, withPad: " ", startingAt: 0)
                + name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0) + "  " + detail
        }
        if rows.count > maximumRows { lines.append("  … and \(rows.count - maximumRows) more") }
        return lines.joined(separator: "\n")
    }

    static func shape(_ dims: [Int]) -> String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }
}
