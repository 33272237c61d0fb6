/// One picture as packed RGB24 bytes, rows top to bottom, `(r, g, b)` per pixel. A plain value so this layer stays
/// independent of the runtime's tensors.
public struct VideoFrame: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `height * width * 3` bytes.
    public let pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) throws {
        guard width > 0, height > 0, pixels.count == width * height * 3 else {
            throw VideoIOError.invalidFrameBuffer(width: width, height: height, byteCount: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The `(r, g, b)` of the pixel at column `x`, row `y`.
    public func pixel(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let offset = (y * width + x) * 3
        return (pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }
}
