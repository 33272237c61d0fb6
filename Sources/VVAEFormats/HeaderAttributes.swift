import HDF5Kit

/// The root attributes of an opened file, read as untrusted input: every value is checked against what a real file
/// holds, and a missing or wrong one becomes a `FormatError` naming it. Headers read through this and nothing else.
struct HeaderAttributes {
    let file: HDF5File
    let path: String
    let names: Set<String>
    /// Longer text attributes are corrupt values: the largest real one is a model's YAML config (a few KiB).
    static let maxTextBytes = 16 << 20

    init(file: HDF5File, path: String) throws {
        self.file = file
        self.path = path
        names = Set(try file.attributeNames())
    }

    func has(_ name: String) -> Bool { names.contains(name) }

    func text(_ name: String) throws -> String {
        guard has(name) else { throw FormatError(path: path, attribute: name, "has no root attribute \(name)") }
        guard case .string(let value) = try file.attribute(name) else {
            throw FormatError(path: path, attribute: name, "root attribute \(name) is not text")
        }
        guard value.utf8.count <= Self.maxTextBytes else {
            throw FormatError(path: path, attribute: name, "root attribute \(name) is \(value.utf8.count) bytes long, more than any real file holds")
        }
        return value
    }

    func optionalText(_ name: String) throws -> String? { has(name) ? try text(name) : nil }

    func integer(_ name: String, in range: ClosedRange<Int64>) throws -> Int64 {
        guard has(name) else { throw FormatError(path: path, attribute: name, "has no root attribute \(name)") }
        guard case .int64(let value) = try file.attribute(name) else {
            throw FormatError(path: path, attribute: name, "root attribute \(name) is not an integer")
        }
        guard range.contains(value) else {
            throw FormatError(path: path, attribute: name, "attribute \(name) = \(value) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    func optionalInteger(_ name: String, in range: ClosedRange<Int64>) throws -> Int64? {
        has(name) ? try integer(name, in: range) : nil
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int {
        Int(try integer(name, in: Int64(range.lowerBound)...Int64(range.upperBound)))
    }

    /// 0 or 1.
    func flag(_ name: String) throws -> Bool { try integer(name, in: 0...1) == 1 }

    /// A SHA-256 as 64 lowercase hex digits, or empty where the writer had none to record.
    func digest(_ name: String, allowEmpty: Bool = false) throws -> String {
        let value = try text(name)
        if allowEmpty, value.isEmpty { return value }
        guard Self.isDigest(value) else {
            throw FormatError(path: path, attribute: name, "attribute \(name) is not a SHA-256 (64 hex digits)")
        }
        return value
    }

    func optionalDigest(_ name: String) throws -> String? { has(name) ? try digest(name) : nil }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The file's `format_version`, refused unless within `1...newest` (a newer file needs a newer vvae).
    func formatVersion(newest: Int64, kind: String) throws -> Int64 {
        let version = try integer(FormatAttribute.formatVersion, in: Int64.min...Int64.max)
        guard version >= 1 else {
            throw FormatError(path: path, attribute: FormatAttribute.formatVersion, "\(kind) format version \(version) is not a version vvae ever wrote")
        }
        guard version <= newest else {
            throw FormatError(path: path, attribute: FormatAttribute.formatVersion, "\(kind) format version \(version) is newer than this vvae reads (\(newest)); update vvae")
        }
        return version
    }
}

/// The two attributes every vvae file starts with.
public enum FormatAttribute {
    public static let format = "format"
    public static let formatVersion = "format_version"
}
