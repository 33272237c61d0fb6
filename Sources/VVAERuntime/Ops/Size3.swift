/// A per-axis integer triple in (T, H, W) order: kernel sizes, strides, symmetric paddings.
public struct Size3: Sendable, Equatable, CustomStringConvertible {
    public var t: Int
    public var h: Int
    public var w: Int

    public init(_ t: Int, _ h: Int, _ w: Int) {
        self.t = t
        self.h = h
        self.w = w
    }

    /// The same value on all three axes.
    public init(all value: Int) {
        self.init(value, value, value)
    }

    public static let one = Size3(1, 1, 1)
    public static let zero = Size3(0, 0, 0)

    var volume: Int { t * h * w }

    public var description: String { "(\(t), \(h), \(w))" }
}
