import Crypto
import Foundation

/// SHA-256 through swift-crypto (BoringSSL on Linux, which uses the CPU's SHA extensions where it has them).
/// Weight files record their source's digest, so a user can tie an `.h5` back to the exact checkpoint, and one
/// digest per dataset for `vvae-inspect --verify`; at gigabytes per conversion the hasher's speed is the tool's.
public struct StreamingDigest: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    public mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    /// Lower-case hex of the digest of everything fed so far.
    public func hexDigest() -> String {
        Self.hex(hasher.finalize())
    }

    /// The hex digest of one run of bytes.
    public static func hexDigest(of bytes: some ContiguousBytes) -> String {
        var digest = StreamingDigest()
        digest.update(bytes)
        return digest.hexDigest()
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The digest of a whole file, read in 4 MiB pieces so large checkpoints never sit in memory.
    /// `progress` is told how many bytes each piece held (for a bar, or for a caller that shares the work).
    public static func hexDigest(ofFileAt path: String, progress: ((Int) -> Void)? = nil) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SupportError.cannotOpen(path: path) }
        defer { close(descriptor) }
        var digest = StreamingDigest()
        let pieceSize = 4 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let got = read(descriptor, buffer.baseAddress, pieceSize)
            if got < 0 {
                if errno == EINTR { continue }
                throw SupportError.cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            progress?(got)
        }
        return digest.hexDigest()
    }
}
