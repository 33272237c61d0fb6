/// A frame rate as an exact fraction, because NTSC rates like 30000/1001 do not survive a trip through `Double`.
public struct FrameRate: Sendable, Hashable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// Reduced to lowest terms; `nil` unless both parts are positive.
    public init?(numerator: Int, denominator: Int) {
        guard numerator > 0, denominator > 0 else { return nil }
        let divisor = Self.gcd(numerator, denominator)
        self.numerator = numerator / divisor
        self.denominator = denominator / divisor
    }

    /// Parses ffprobe's `"30000/1001"` or a plain integer `"25"`; `nil` for `"0/0"` and other non-rates.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 1, let whole = Int(parts[0]) {
            self.init(numerator: whole, denominator: 1)
        } else if parts.count == 2, let top = Int(parts[0]), let bottom = Int(parts[1]) {
            self.init(numerator: top, denominator: bottom)
        } else {
            return nil
        }
    }

    private init(reduced numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The rate given to still images, which have no timing of their own.
    public static let oneFramePerSecond = FrameRate(reduced: 1, 1)

    public var framesPerSecond: Double { Double(numerator) / Double(denominator) }

    /// `30000/1001`, or `25` for whole rates; the form ffmpeg's `-r` accepts.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
