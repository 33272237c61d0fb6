import Foundation
import VVAESupport

/// The human view of an `InspectedFile`: every tensor, grouped by the module that owns it, with subtotals.
enum TensorTable {
    /// The group a tensor belongs to: its container folder plus the first component of its key
    /// (`state_dict/encoder`, `decoder_temporal`), which is the top-level module in a VideoVAE+ state dict.
    static func group(of name: String) -> String {
        let slash = name.lastIndex(of: "/")
        let container = slash.map { String(name[..<$0]) + "/" } ?? ""
        let key = slash.map { String(name[name.index(after: $0)...]) } ?? name
        let head = key.split(separator: ".", maxSplits: 1).first.map(String.init) ?? key
        return container + head
    }

    static func render(_ file: InspectedFile) -> String {
        var lines: [String] = []
        lines.append("\(file.path)  (\(file.format))")
        let nameWidth = min(max(file.tensors.map(\.name.count).max() ?? 4, 4), 80)
        // As wide as the longest dtype present (`float8_e4m3fn` is 13), so the shape column stays aligned.
        let dtypeWidth = max(file.tensors.map(\.dtype.count).max() ?? 5, 8)
        let header = pad("name", nameWidth) + "  " + pad("dtype", dtypeWidth) + "  " + pad("shape", 22) + "  " + leftPad("elements", 12)
        var groups: [String] = []
        var members: [String: [InspectedFile.Tensor]] = [:]
        for tensor in file.tensors {
            let key = group(of: tensor.name)
            if members[key] == nil { groups.append(key) }
            members[key, default: []].append(tensor)
        }
        if !file.tensors.isEmpty {
            lines.append("")
            lines.append(header)
            lines.append(String(repeating: "-", count: header.count))
        }
        for key in groups {
            let tensors = members[key] ?? []
            for tensor in tensors {
                let shape = tensor.shape.isEmpty ? "[]" : "[" + tensor.shape.map(String.init).joined(separator: ", ") + "]"
                lines.append(pad(tensor.name, nameWidth) + "  " + pad(tensor.dtype, dtypeWidth) + "  " + pad(shape, 22)
                             + "  " + leftPad(grouped(tensor.elementCount), 12))
            }
            let count = tensors.reduce(0) { $0 + $1.elementCount }
            let bytes = tensors.reduce(0) { $0 + $1.byteCount }
            lines.append("  \(key): \(CountText.of(tensors.count, "tensor")), \(grouped(count)) elements, \(humanBytes(bytes))")
            lines.append("")
        }
        let total = file.tensors.reduce(0) { $0 + $1.elementCount }
        let bytes = file.tensors.reduce(0) { $0 + $1.byteCount }
        let dtypes = Dictionary(grouping: file.tensors, by: \.dtype).map { "\($0.key) \($0.value.count)" }.sorted()
        lines.append("total: \(CountText.of(file.tensors.count, "tensor")), \(grouped(total)) elements, \(humanBytes(bytes))"
                     + (dtypes.isEmpty ? "" : " (" + dtypes.joined(separator: ", ") + ")"))
        if let summary = file.modelSummary {
            lines.append("")
            lines.append("model: " + summary)
        }
        if !file.metadata.isEmpty {
            lines.append("")
            lines.append("metadata:")
            for (key, value) in file.metadata where !(file.modelSummary != nil && key == "config") {
                var text = value.serialized()
                if case .string(let string) = value, string.contains("\n") {
                    text = "<\(string.split(separator: "\n").count) lines of text>"
                }
                if text.count > 200 { text = String(text.prefix(197)) + "..." }
                lines.append("  \(key): \(text)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func leftPad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// 12345678 → "12,345,678".
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }

    static func humanBytes(_ bytes: Int) -> String { ByteCountText.binary(bytes) }
}
