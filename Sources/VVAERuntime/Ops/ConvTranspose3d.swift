/// A 3-D transposed convolution (groups 1, dilation 1) as PyTorch's `ConvTranspose3d`: `sgemm` of the transposed
/// weight with a tile of input positions, then col2im scatter-add into the output. Every multiply-add is useful
/// (no zero-stuffed input), and the column buffer is bounded by tiling input positions.
public struct ConvTranspose3d: Sendable {
    /// `[in, out, kT, kH, kW]` (PyTorch's layout for transposed convolutions).
    public let weight: Tensor
    /// `[out]`, or nil.
    public let bias: Tensor?
    public let stride: Size3
    /// Symmetric padding removed from each side of the full output, as PyTorch's `padding`.
    public let padding: Size3
    /// Extra output added on the far side of each axis, as PyTorch's `output_padding` (must be < stride).
    public let outputPadding: Size3
    /// Upper bound for the column buffer of one tile.
    public var columnBufferBytes: Int

    public var inChannels: Int { weight.shape[0] }
    public var outChannels: Int { weight.shape[1] }
    public var kernel: Size3 { Size3(weight.shape[2], weight.shape[3], weight.shape[4]) }

    public init(
        weight: Tensor, bias: Tensor?,
        stride: Size3 = .one, padding: Size3 = .zero, outputPadding: Size3 = .zero,
        columnBufferBytes: Int = Conv3d.defaultColumnBufferBytes
    ) throws {
        guard weight.rank == 5, weight.shape.allSatisfy({ $0 > 0 }) else {
            throw TensorError(operation: "ConvTranspose3d",
                              message: "weight must be [in, out, kT, kH, kW], got \(weight.shape)")
        }
        if let bias, bias.shape != [weight.shape[1]] {
            throw TensorError(operation: "ConvTranspose3d",
                              message: "bias shape \(bias.shape) does not match \(weight.shape[1]) output channels")
        }
        guard stride.t > 0, stride.h > 0, stride.w > 0 else {
            throw TensorError(operation: "ConvTranspose3d", message: "stride must be positive, got \(stride)")
        }
        guard padding.t >= 0, padding.h >= 0, padding.w >= 0 else {
            throw TensorError(operation: "ConvTranspose3d", message: "padding must be non-negative, got \(padding)")
        }
        guard outputPadding.t >= 0, outputPadding.h >= 0, outputPadding.w >= 0,
              outputPadding.t < stride.t, outputPadding.h < stride.h, outputPadding.w < stride.w else {
            throw TensorError(operation: "ConvTranspose3d",
                              message: "output padding \(outputPadding) must be in [0, stride \(stride))")
        }
        self.weight = weight
        self.bias = bias
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.columnBufferBytes = max(columnBufferBytes, 4)
    }

    /// `[B, out, (T-1)·sT - 2·pT + kT + opT, …]` for an input of `shape`.
    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.count == 5, shape[1] == inChannels, shape[2] > 0, shape[3] > 0, shape[4] > 0 else {
            throw TensorError(operation: "ConvTranspose3d",
                              message: "input must be [B, \(inChannels), T>0, H>0, W>0], got \(shape)")
        }
        let k = kernel
        let t = (shape[2] - 1) * stride.t - 2 * padding.t + k.t + outputPadding.t
        let h = (shape[3] - 1) * stride.h - 2 * padding.h + k.h + outputPadding.h
        let w = (shape[4] - 1) * stride.w - 2 * padding.w + k.w + outputPadding.w
        guard t > 0, h > 0, w > 0 else {
            throw TensorError(operation: "ConvTranspose3d",
                              message: "input \(shape) gives an empty output (\(t), \(h), \(w))")
        }
        return [shape[0], outChannels, t, h, w]
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let outShape = try outputShape(forInput: input.shape)
        let batch = outShape[0]
        // Geometry seen from the output side: "input" here is this layer's output, "output" is its input.
        let geometry = ConvGeometry(
            channels: outChannels, inT: outShape[2], inH: outShape[3], inW: outShape[4],
            outT: input.shape[2], outH: input.shape[3], outW: input.shape[4],
            kernel: kernel, stride: stride, padT: padding.t, padH: padding.h, padW: padding.w)
        let rows = geometry.rows
        let inputPositions = geometry.outputPositions
        let outputPlane = geometry.inputPlane
        let cIn = inChannels
        let cOut = outChannels
        let tile = max(1, min(inputPositions, columnBufferBytes / (rows * MemoryLayout<Float>.stride)))
        return Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress else { return }
            if let bias {
                bias.withUnsafeBufferPointer { bias in
                    for b in 0..<batch {
                        for channel in 0..<cOut {
                            (out + (b * cOut + channel) * outputPlane).initialize(repeating: bias[channel],
                                                                                  count: outputPlane)
                        }
                    }
                }
            } else {
                out.initialize(repeating: 0, count: batch * cOut * outputPlane)
            }
            weight.withUnsafeBufferPointer { w in
                input.withUnsafeBufferPointer { x in
                    guard let w = w.baseAddress, let x = x.baseAddress else { return }
                    let columns = UnsafeMutablePointer<Float>.allocate(capacity: rows * tile)
                    defer { columns.deallocate() }
                    for b in 0..<batch {
                        let sample = x + b * cIn * inputPositions
                        let outSample = out + b * cOut * outputPlane
                        var start = 0
                        while start < inputPositions {
                            let count = min(tile, inputPositions - start)
                            // columns[rows, count] = Wᵀ[rows, in] · X[in, count]
                            BLAS.sgemm(transposeA: true, transposeB: false, m: rows, n: count, k: cIn, alpha: 1,
                                       a: w, lda: rows, b: sample + start, ldb: inputPositions,
                                       beta: 0, c: columns, ldc: count)
                            Col2Im.accumulate(columns: columns, geometry: geometry, start: start, count: count,
                                              output: outSample)
                            start += count
                        }
                    }
                }
            }
        }
    }
}
