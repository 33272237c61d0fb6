#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// T5's self-attention (`SelfAttention` of a block's `layer.0`): no 1/√d scale, an additive relative-position
/// bias per head (held by block 0 and shared by all blocks), padded keys left out.
struct T5Attention: Sendable {
    let query: T5Projection
    let key: T5Projection
    let value: T5Projection
    let output: T5Projection
    let headCount: Int
    let headWidth: Int
    /// `[buckets, heads]`, only in block 0.
    let relativeAttentionBias: [Float]?
    let precision: T5Precision

    init(scope: WeightScope, config: T5EncoderConfig, hasRelativeBias: Bool, precision: T5Precision) throws {
        query = try T5Projection(scope: scope, name: "q", rows: config.innerWidth, columns: config.modelWidth, precision: precision)
        key = try T5Projection(scope: scope, name: "k", rows: config.innerWidth, columns: config.modelWidth, precision: precision)
        value = try T5Projection(scope: scope, name: "v", rows: config.innerWidth, columns: config.modelWidth, precision: precision)
        output = try T5Projection(scope: scope, name: "o", rows: config.modelWidth, columns: config.innerWidth, precision: precision)
        headCount = config.headCount
        headWidth = config.headWidth
        if hasRelativeBias {
            var bias = try scope.child("relative_attention_bias")
                .tensor("weight", shape: [config.relativeAttentionBuckets, config.headCount]).scalars
            precision.round(&bias)
            relativeAttentionBias = bias
        } else {
            relativeAttentionBias = nil
        }
        self.precision = precision
    }

    /// The `[heads, L, L]` bias of block 0 for `length` tokens.
    func positionBias(length: Int, config: T5EncoderConfig) -> [Float] {
        guard let table = relativeAttentionBias else { return [] }
        var bias = [Float](repeating: 0, count: headCount * length * length)
        let buckets = (-(length - 1)...(length - 1)).map {
            T5RelativePosition.bucket($0, buckets: config.relativeAttentionBuckets, maxDistance: config.relativeAttentionMaxDistance)
        }
        for query in 0..<length {
            for key in 0..<length {
                let bucket = buckets[key - query + length - 1]
                for head in 0..<headCount {
                    bias[(head * length + query) * length + key] = table[bucket * headCount + head]
                }
            }
        }
        return bias
    }

    /// `normed` `[L, d]` → `[L, d]`. `keep[j]` says whether key `j` is a real token.
    func callAsFunction(_ normed: Tensor, bias: [Float], keep: [Bool]) throws -> Tensor {
        let length = normed.shape[0]
        let queries = try query(normed), keys = try key(normed), values = try value(normed)
        let precision = precision
        var contextTensor = try Tensor.headAttention(queries: queries, keys: keys, values: values, heads: headCount,
                                                     width: headWidth) { head, query, row in
            Self.softmax(&row, bias: bias, biasOffset: (head * length + query) * length, keep: keep, precision: precision)
        }
        precision.round(&contextTensor)
        return try output(contextTensor)
    }

    /// One row of scores → probabilities: bias added, padded keys dropped, max-subtracted exp, sum in Double.
    private static func softmax(_ row: inout [Float], bias: [Float], biasOffset: Int, keep: [Bool], precision: T5Precision) {
        let length = row.count
        var maximum = -Double.infinity
        var logits = [Double](repeating: 0, count: length)
        for key in 0..<length where keep[key] {
            let value: Double
            switch precision {
            case .float32: value = Double(row[key]) + Double(bias[biasOffset + key])
            case .bfloat16: value = Double(T5Precision.toBFloat16(T5Precision.toBFloat16(row[key]) + bias[biasOffset + key]))
            }
            logits[key] = value
            maximum = max(maximum, value)
        }
        var sum = 0.0
        for key in 0..<length {
            guard keep[key] else { logits[key] = 0; continue }
            let e = exp(logits[key] - maximum)
            logits[key] = e
            sum += e
        }
        for key in 0..<length { row[key] = precision.round(Float(logits[key] / sum)) }
    }
}
