/// Padding of a 5-D `[B, C, T, H, W]` tensor, given per side so asymmetric pads such as
/// "one frame before, none after" or "one row/column at the bottom/right" are expressible.
public struct Padding3d: Sendable, Equatable, CustomStringConvertible {
    public var tBefore: Int
    public var tAfter: Int
    public var hBefore: Int
    public var hAfter: Int
    public var wBefore: Int
    public var wAfter: Int

    public init(tBefore: Int, tAfter: Int, hBefore: Int, hAfter: Int, wBefore: Int, wAfter: Int) {
        self.tBefore = tBefore
        self.tAfter = tAfter
        self.hBefore = hBefore
        self.hAfter = hAfter
        self.wBefore = wBefore
        self.wAfter = wAfter
    }

    /// The same amount on both sides of each axis, like PyTorch's `padding=(t, h, w)`.
    public init(symmetric size: Size3) {
        self.init(tBefore: size.t, tAfter: size.t, hBefore: size.h, hAfter: size.h, wBefore: size.w, wAfter: size.w)
    }

    /// From PyTorch's `F.pad` order for 5-D input: `(wBefore, wAfter, hBefore, hAfter, tBefore, tAfter)`.
    public init(torchOrder pads: (Int, Int, Int, Int, Int, Int)) {
        self.init(tBefore: pads.4, tAfter: pads.5, hBefore: pads.2, hAfter: pads.3, wBefore: pads.0, wAfter: pads.1)
    }

    public static let zero = Padding3d(symmetric: .zero)

    var isZero: Bool { self == .zero }
    var isNonNegative: Bool { [tBefore, tAfter, hBefore, hAfter, wBefore, wAfter].allSatisfy { $0 >= 0 } }

    public var description: String {
        "(t: \(tBefore),\(tAfter) h: \(hBefore),\(hAfter) w: \(wBefore),\(wAfter))"
    }
}

/// How values outside the input are produced.
public enum PaddingMode: Sendable, Equatable {
    /// Zeros (PyTorch's default conv padding and `F.pad(mode="constant")`).
    case zeros
    /// The nearest edge value (`F.pad(mode="replicate")`).
    case replicate
}
