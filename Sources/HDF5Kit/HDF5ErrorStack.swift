import CHDF5
import VVAESupport

/// One record of libhdf5's error stack; a stack lists the public API call first and the innermost cause last.
public struct HDF5ErrorStackEntry: Sendable, Equatable, CustomStringConvertible {
    /// The major message, e.g. "Dataset" or "File accessibility".
    public let major: String
    /// The minor message, e.g. "Unable to open file" or "Object not found".
    public let minor: String
    /// The library function that pushed the record.
    public let function: String
    /// The record's own description.
    public let detail: String

    public var description: String { UntrustedText.escaped("\(function): \(major) / \(minor): \(detail)") }
}

/// Reads and clears the current thread's HDF5 error stack; call it right after a failing libhdf5 call.
enum HDF5ErrorStack {
    private final class Collector {
        var entries: [HDF5ErrorStackEntry] = []
    }

    static func takeEntries() -> [HDF5ErrorStackEntry] {
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        _ = withExtendedLifetime(collector) {
            H5Ewalk2(vvae_H5E_DEFAULT(), H5E_WALK_DOWNWARD, { _, record, context in
                guard let record, let context else { return 0 }
                let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                let error = record.pointee
                collector.entries.append(HDF5ErrorStackEntry(
                    major: HDF5ErrorStack.message(error.maj_num),
                    minor: HDF5ErrorStack.message(error.min_num),
                    function: error.func_name.map { String(cString: $0) } ?? "",
                    detail: error.desc.map { String(cString: $0) } ?? ""))
                return 0
            }, context)
        }
        H5Eclear2(vvae_H5E_DEFAULT())
        return collector.entries
    }

    private static func message(_ id: hid_t) -> String {
        var kind = H5E_MAJOR
        let length = H5Eget_msg(id, &kind, nil, 0)
        guard length > 0 else { return "" }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        guard H5Eget_msg(id, &kind, &buffer, buffer.count) >= 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
