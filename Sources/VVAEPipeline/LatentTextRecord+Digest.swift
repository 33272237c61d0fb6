import VVAEFormats
import VVAERuntime
import VVAESupport

extension LatentTextRecord {
    /// SHA-256 of the embeddings' then the mask's float32 bytes: the identity of a conditioning.
    public static func digest(of condition: TextCondition) -> String {
        var bytes: [UInt8] = []
        for tensor in [condition.embeddings] + (condition.mask.map { [$0] } ?? []) {
            bytes += tensor.littleEndianBytes()
        }
        return StreamingDigest.hexDigest(of: bytes)
    }
}
