/// One picture that shows what a reconstruction changed: the input frame, the reconstructed frame and their
/// difference amplified, side by side with a white gap between panels.
public enum ComparisonImage {
    /// White columns between the panels.
    public static let gap = 4

    /// `input | output | |input − output| × amplification` (each channel, clamped to 255). Both frames must have the
    /// same size.
    public static func make(input: VideoFrame, output: VideoFrame, amplification: Int = 4) throws -> VideoFrame {
        guard input.width == output.width, input.height == output.height else {
            throw VideoIOError.invalidArgument("the frames to compare are \(input.width)x\(input.height) and \(output.width)x\(output.height)")
        }
        let (w, h) = (input.width, input.height)
        let width = 3 * w + 2 * gap
        var pixels = [UInt8](repeating: 255, count: width * h * 3)
        for y in 0..<h {
            for x in 0..<w {
                for channel in 0..<3 {
                    let source = (y * w + x) * 3 + channel
                    let a = Int(input.pixels[source]), b = Int(output.pixels[source])
                    let row = y * width
                    pixels[(row + x) * 3 + channel] = UInt8(a)
                    pixels[(row + w + gap + x) * 3 + channel] = UInt8(b)
                    pixels[(row + 2 * (w + gap) + x) * 3 + channel] = UInt8(min(255, abs(a - b) * amplification))
                }
            }
        }
        return try VideoFrame(width: width, height: h, pixels: pixels)
    }
}
