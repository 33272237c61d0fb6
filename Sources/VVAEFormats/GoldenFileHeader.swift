import HDF5Kit

/// The root attributes of a layer recording: a golden file recorded from the PyTorch code
/// (Fixtures/generators/make_golden.py) or a trace `vvae trace` writes. Both list every module call in execution
/// order (`call_order`, one `<module>/call<k>` per line) and whether the run was image mode (`mask_temporal`).
///
/// Version 1: what every recording so far holds. Recordings made before the `format` attribute existed (all the
/// bundled golden files) are read as version 1.
public struct GoldenFileHeader: Sendable, Equatable {
    public static let kind = FileKind.golden
    public static let version: Int64 = 1
    /// More calls than this are corrupt values (the released 16z model makes ~1,500).
    public static let maxCalls = 1 << 20

    /// One module call, as listed in `call_order`.
    public struct Call: Sendable, Equatable {
        public let module: String
        public let index: Int

        public init(module: String, index: Int) {
            self.module = module
            self.index = index
        }

        /// The group holding the call's inputs and output.
        public var groupPath: String { "/modules/\(module)/call\(index)" }
        var line: String { "\(module)/call\(index)" }
    }

    public var formatVersion: Int64 = GoldenFileHeader.version
    public var calls: [Call]
    /// The run encoded each frame alone (upstream's image path); nil when a recording does not say.
    public var maskTemporal: Bool?
    /// What made the recording: `make_golden.py`, `vvae trace`, …; nil when a recording does not say.
    public var generator: String?

    public init(calls: [Call], maskTemporal: Bool?, generator: String?) {
        self.calls = calls
        self.maskTemporal = maskTemporal
        self.generator = generator
    }

    public enum Attribute {
        public static let callOrder = "call_order"
        public static let maskTemporal = "mask_temporal"
        public static let generator = "generator"
    }

    public static func read(from file: HDF5File, path: String) throws -> GoldenFileHeader {
        let kind = try FileKind.of(file)
        let attributes = try HeaderAttributes(file: file, path: path)
        switch kind {
        case .golden: break
        case .some(let other):
            throw FormatError(path: path, attribute: FormatAttribute.format, "\(other.noun), not a layer recording; record one with vvae trace or Fixtures/generators/make_golden.py")
        case nil:
            guard attributes.has(Attribute.callOrder) else {
                throw FormatError(path: path, attribute: Attribute.callOrder, "not a layer recording (no root attribute call_order); record one with vvae trace or Fixtures/generators/make_golden.py")
            }
        }
        let version = kind == nil ? 1 : try attributes.formatVersion(newest: Self.version, kind: "layer recording")
        let order = try attributes.text(Attribute.callOrder)
        var calls: [Call] = []
        for line in order.split(separator: "\n") {
            guard calls.count < maxCalls else {
                throw FormatError(path: path, attribute: Attribute.callOrder, "call_order lists more than \(maxCalls) calls")
            }
            guard let slash = line.lastIndex(of: "/"), line[line.index(after: slash)...].hasPrefix("call"), slash > line.startIndex,
                  let index = Int(line[line.index(slash, offsetBy: 5)...]), index >= 0 else {
                throw FormatError(path: path, attribute: Attribute.callOrder, "call_order entry '\(line.prefix(80))' is not '<module>/call<k>'")
            }
            calls.append(Call(module: String(line[..<slash]), index: index))
        }
        var header = GoldenFileHeader(calls: calls, maskTemporal: attributes.has(Attribute.maskTemporal) ? try attributes.flag(Attribute.maskTemporal) : nil,
                                      generator: try attributes.optionalText(Attribute.generator))
        header.formatVersion = version
        return header
    }

    public func write(to file: HDF5File) throws {
        try file.setAttribute(FormatAttribute.format, .string(Self.kind.rawValue))
        try file.setAttribute(FormatAttribute.formatVersion, .int64(formatVersion))
        try file.setAttribute(Attribute.callOrder, .string(calls.map(\.line).joined(separator: "\n")))
        if let maskTemporal { try file.setAttribute(Attribute.maskTemporal, .int64(maskTemporal ? 1 : 0)) }
        if let generator { try file.setAttribute(Attribute.generator, .string(generator)) }
    }
}
