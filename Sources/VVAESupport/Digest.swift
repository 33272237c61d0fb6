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

    /// The digest of a whole file, mapped a window at a time so large checkpoints never sit in memory.
    /// `progress` is told how many bytes each window held.
    public static func hexDigest(ofFileAt path: String, progress: ((Int) -> Void)? = nil) throws -> String {
        try MappedReader(path: path).hexDigest(progress: progress)
    }
}
