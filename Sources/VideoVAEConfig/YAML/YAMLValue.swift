/// A scalar's value after YAML 1.1 type resolution, as PyYAML / OmegaConf (which upstream loads its configs with)
/// would see it, so a config means the same to us as it did to the original code.
public enum YAMLValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A tag we do not interpret (e.g. `!!binary`, `!custom`).
    case unsupportedTag(String)
}

extension YAMLNode {
    /// The scalar's typed value; nil for sequences and mappings.
    public var resolvedValue: YAMLValue? {
        guard case .scalar(let scalar) = content else { return nil }
        return YAMLScalarResolver.resolve(scalar, tag: tag)
    }
}

/// YAML 1.1 implicit typing of scalars (null, bool, int, float, else string). Only plain scalars are typed
/// implicitly; quoted and block scalars are strings unless an explicit tag says otherwise.
enum YAMLScalarResolver {
    static let tagPrefix = "tag:yaml.org,2002:"

    static func resolve(_ scalar: YAMLScalar, tag: String?) -> YAMLValue {
        let text = scalar.text
        switch tag {
        case nil:
            return scalar.style == .plain ? resolvePlain(text) : .string(text)
        case "!":  // the non-specific tag: "not implicitly typed"
            return .string(text)
        case tagPrefix + "str":
            return .string(text)
        case tagPrefix + "null":
            return .null
        case tagPrefix + "bool":
            if let value = bool(text) { return .bool(value) }
            return .string(text)
        case tagPrefix + "int":
            if let value = int(text) { return .int(value) }
            return .string(text)
        case tagPrefix + "float":
            if let value = float(text) { return .float(value) }
            if let value = int(text) { return .float(Double(value)) }
            return .string(text)
        case let other?:
            return .unsupportedTag(other)
        }
    }

    static func resolvePlain(_ text: String) -> YAMLValue {
        if isNull(text) { return .null }
        if let value = bool(text) { return .bool(value) }
        if let value = int(text) { return .int(value) }
        if let value = float(text) { return .float(value) }
        return .string(text)
    }

    static func isNull(_ text: String) -> Bool {
        ["", "~", "null", "Null", "NULL"].contains(text)
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    /// YAML 1.1 integers: decimal, `0b` binary, `0x` hex, leading-zero octal, `0o` octal (YAML 1.2 spelling, also
    /// accepted), and base-60 (`1:30` = 90); underscores are digit separators.
    static func int(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }

        let magnitude: Int?
        if body.hasPrefix("0x") {
            magnitude = digits(body.dropFirst(2), radix: 16)
        } else if body.hasPrefix("0b") {
            magnitude = digits(body.dropFirst(2), radix: 2)
        } else if body.hasPrefix("0o") {
            magnitude = digits(body.dropFirst(2), radix: 8)
        } else if body.contains(":") {
            magnitude = sexagesimal(body)
        } else if body.count > 1, body.hasPrefix("0") {
            magnitude = digits(body.dropFirst(), radix: 8)
        } else {
            magnitude = digits(body, radix: 10)
        }
        guard let magnitude else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func digits(_ text: Substring, radix: Int) -> Int? {
        let cleaned = text.filter { $0 != "_" }
        guard !cleaned.isEmpty else { return nil }
        return Int(cleaned, radix: radix)
    }

    /// `[1-9][0-9_]*(:[0-5]?[0-9])+`
    private static func sexagesimal(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let head = parts.first, let leading = head.first, leading != "0",
              var total = digits(head, radix: 10) else { return nil }
        for part in parts.dropFirst() {
            guard (1...2).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(part), value < 60 else { return nil }
            let (shifted, overflow) = total.multipliedReportingOverflow(by: 60)
            guard !overflow else { return nil }
            total = shifted + value
        }
        return total
    }

    /// Floats as OmegaConf resolves them: YAML 1.1's `1.5`, `1.0e-4`, `.5`, `.inf`, `.nan`, plus `1e-4`
    /// (an exponent without a dot, which PyYAML alone would leave a string).
    static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        // Split off an exponent.
        var mantissa = body
        var exponent: Substring?
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            exponent = body[body.index(after: e)...]
        }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let hasDot = mantissa.contains(".")
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = pieces.first ?? ""
        let fraction = pieces.count > 1 ? pieces[1] : ""
        guard whole.allSatisfy({ isDigit($0) || $0 == "_" }), fraction.allSatisfy({ isDigit($0) || $0 == "_" }),
              !fraction.contains(".") else { return nil }
        if whole.isEmpty {
            // `.5` form: needs fraction digits, and YAML 1.1 wants a signed exponent here.
            guard hasDot, fraction.contains(where: isDigit), sign.isEmpty else { return nil }
        } else {
            guard let lead = whole.first, isDigit(lead) else { return nil }
            guard hasDot || exponent != nil else { return nil }  // a bare integer is an int, not a float
        }
        let wholeDigits = whole.filter { $0 != "_" }
        let fractionDigits = fraction.filter { $0 != "_" }
        var literal = sign + (wholeDigits.isEmpty ? "0" : wholeDigits) + "." + (fractionDigits.isEmpty ? "0" : fractionDigits)
        if let exponent {
            var expBody = exponent
            var expSign = ""
            if let first = expBody.first, first == "+" || first == "-" {
                expSign = String(first)
                expBody = expBody.dropFirst()
            }
            if whole.isEmpty && expSign.isEmpty { return nil }
            guard !expBody.isEmpty, expBody.allSatisfy(isDigit) else { return nil }
            literal += "e" + expSign + expBody
        }
        return Double(literal)
    }
}
