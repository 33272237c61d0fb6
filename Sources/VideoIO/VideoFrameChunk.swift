/// Consecutive frames in one contiguous buffer (`frameCount × height × width × 3`, RGB24), the unit the reader
/// streams in so a long video never sits in memory whole.
public struct VideoFrameChunk: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Index in the video of this chunk's first frame.
    public let firstFrameIndex: Int
    public let frameCount: Int
    public let pixels: [UInt8]

    public init(width: Int, height: Int, firstFrameIndex: Int, pixels: [UInt8]) throws {
        let frameBytes = width * height * 3
        guard width > 0, height > 0, !pixels.isEmpty, pixels.count % frameBytes == 0 else {
            throw VideoIOError.invalidFrameBuffer(width: width, height: height, byteCount: pixels.count)
        }
        self.width = width
        self.height = height
        self.firstFrameIndex = firstFrameIndex
        self.frameCount = pixels.count / frameBytes
        self.pixels = pixels
    }

    public var bytesPerFrame: Int { width * height * 3 }

    /// The `index`-th frame of this chunk (0-based within the chunk), copied out.
    public func frame(at index: Int) -> VideoFrame {
        precondition(index >= 0 && index < frameCount, "frame index \(index) outside a chunk of \(frameCount)")
        let start = index * bytesPerFrame
        // The size is checked in init, so this cannot fail.
        return VideoFrame(unchecked: width, height, Array(pixels[start..<(start + bytesPerFrame)]))
    }

    public var frames: [VideoFrame] { (0..<frameCount).map(frame(at:)) }
}

extension VideoFrame {
    /// For buffers whose size was already checked.
    init(unchecked width: Int, _ height: Int, _ pixels: [UInt8]) {
        do { try self.init(width: width, height: height, pixels: pixels) } catch {
            preconditionFailure("frame buffer size was checked by the caller")
        }
    }
}
