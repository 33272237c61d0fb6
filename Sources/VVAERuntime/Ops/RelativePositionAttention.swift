extension Tensor {
    /// One-head attention over time with relative positions (`QKVAttention`'s arithmetic): `qkv` `[N, 3C, T]`,
    /// `keyPositions` and `valuePositions` `[T, T, C]` → `[N, C, T]`. Sequences run in parallel.
    static func relativePositionAttention(qkv: Tensor, keyPositions: Tensor, valuePositions: Tensor) throws -> Tensor {
        guard qkv.rank == 3, qkv.shape[1] % 3 == 0, qkv.shape[1] > 0, qkv.shape[2] > 0 else {
            throw TensorError(operation: "relativePositionAttention", message: "qkv must be [N, 3C, T], got \(qkv.shape)")
        }
        let (n, channels, length) = (qkv.shape[0], qkv.shape[1] / 3, qkv.shape[2])
        for positions in [keyPositions, valuePositions] where positions.shape != [length, length, channels] {
            throw TensorError(operation: "relativePositionAttention",
                              message: "relative positions must be [\(length), \(length), \(channels)], got \(positions.shape)")
        }
        let scale = Float(1 / Double(channels).squareRoot().squareRoot())
        let y = Tensor(validatedShape: [n, channels, length]) { output in
            guard let out = output.baseAddress else { return }
            qkv.withUnsafeBufferPointer { qkvBuffer in
                keyPositions.withUnsafeBufferPointer { kRPBuffer in
                    valuePositions.withUnsafeBufferPointer { vRPBuffer in
                        guard let base = qkvBuffer.baseAddress, let kRP = kRPBuffer.baseAddress,
                              let vRP = vRPBuffer.baseAddress else { return }
                        ParallelLoop.forEachRange(count: n, workPerItem: 6 * channels * length * length) { range in
                            Self.attendRelative(range: range, base: base, kRP: kRP, vRP: vRP, out: out,
                                        channels: channels, length: length, scale: scale)
                        }
                    }
                }
            }
        }
        return y
    }

    /// Sequences `range`, each with its own `[T, C]` copies of q', k' and v so the channel sums run contiguously.
    private static func attendRelative(range: Range<Int>, base: UnsafePointer<Float>, kRP: UnsafePointer<Float>,
                               vRP: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
                               channels: Int, length: Int, scale: Float) {
        let c = channels
        let t = length
        let q = UnsafeMutablePointer<Float>.allocate(capacity: 3 * t * c)
        defer { q.deallocate() }
        let k = q + t * c
        let v = k + t * c
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: t * t)
        defer { weights.deallocate() }
        for sequence in range {
            let source = base + sequence * 3 * c * t
            for channel in 0..<c {
                for frame in 0..<t {
                    q[frame * c + channel] = source[channel * t + frame] * scale
                    k[frame * c + channel] = source[(c + channel) * t + frame] * scale
                    v[frame * c + channel] = source[(2 * c + channel) * t + frame]
                }
            }
            for i in 0..<t {
                let row = weights + i * t
                for j in 0..<t {
                    let qi = q + i * c
                    let qj = q + j * c
                    let kj = k + j * c
                    let rp = kRP + (j * t + i) * c
                    var content: Float = 0
                    var position: Float = 0
                    for channel in 0..<c {
                        content += qi[channel] * kj[channel]
                        position += qj[channel] * rp[channel]
                    }
                    row[j] = content + position
                }
                Tensor.softmaxLine(row, length: t, stride: 1)
            }
            let destination = out + sequence * c * t
            for i in 0..<t {
                let row = weights + i * t
                for channel in 0..<c {
                    var content: Float = 0
                    var position: Float = 0
                    for j in 0..<t {
                        content += row[j] * v[j * c + channel]
                        position += row[j] * vRP[(i * t + j) * c + channel]
                    }
                    destination[channel * t + i] = content + position
                }
            }
        }
    }

}
