/// Geometry of one 3-D convolution over a single sample, shared by im2col (Conv3d) and col2im (ConvTranspose3d).
struct ConvGeometry {
    let channels: Int
    let inT: Int, inH: Int, inW: Int
    let outT: Int, outH: Int, outW: Int
    let kernel: Size3
    let stride: Size3
    /// Leading pads (the amount subtracted from `out * stride + k` to get the input coordinate).
    let padT: Int, padH: Int, padW: Int

    var inputPlane: Int { inT * inH * inW }
    var outputPositions: Int { outT * outH * outW }
    var rows: Int { channels * kernel.volume }
}

/// Builds the im2col matrix for a tile of output positions: row `r = ((c·kT + kt)·kH + kh)·kW + kw` (the order of
/// PyTorch's weight `[out, in, kT, kH, kW]` flattened) or, `tapMajor`, `r = ((kt·C + c)·kH + kh)·kW + kw` (the
/// order of `Conv3d`'s reordered weight when kT > 1); column `j` = output position `start + j`.
/// Rows are written densely (`columns[r * count + j]`) so the tile is a `[rows, count]` row-major matrix.
/// Runs on the calling thread: Conv3d gives each thread its own tiles.
enum Im2Col {
    static func fill(
        input: UnsafePointer<Float>,
        geometry g: ConvGeometry,
        mode: PaddingMode,
        start: Int, count: Int,
        tapMajor: Bool = false,
        columns: UnsafeMutablePointer<Float>
    ) {
        let kVolume = g.kernel.volume
        let kHW = g.kernel.h * g.kernel.w
        for row in 0..<g.rows {
            let channel = tapMajor ? (row / kHW) % g.channels : row / kVolume
            let kt = tapMajor ? row / (kHW * g.channels) : (row % kVolume) / kHW
            let kh = (row % kHW) / g.kernel.w
            let kw = row % g.kernel.w
            let source = input + channel * g.inputPlane
            let destination = columns + row * count
            var ow = start % g.outW
            var oh = (start / g.outW) % g.outH
            var ot = start / (g.outW * g.outH)
            var written = 0
            while written < count {
                let segment = min(g.outW - ow, count - written)
                fillSegment(source: source, geometry: g, mode: mode,
                            it: ot * g.stride.t + kt - g.padT, ih: oh * g.stride.h + kh - g.padH,
                            wOffset: kw - g.padW, owStart: ow, count: segment,
                            destination: destination + written)
                written += segment
                ow = 0
                oh += 1
                if oh == g.outH {
                    oh = 0
                    ot += 1
                }
            }
        }
    }

    /// One run of output columns `owStart..<owStart+count` sharing an input row `(it, ih)`; input column is
    /// `ow·strideW + wOffset`.
    @inline(__always)
    private static func fillSegment(
        source: UnsafePointer<Float>, geometry g: ConvGeometry, mode: PaddingMode,
        it: Int, ih: Int, wOffset: Int, owStart: Int, count: Int,
        destination: UnsafeMutablePointer<Float>
    ) {
        var t = it
        var h = ih
        switch mode {
        case .zeros:
            if t < 0 || t >= g.inT || h < 0 || h >= g.inH {
                destination.update(repeating: 0, count: count)
                return
            }
        case .replicate:
            t = min(max(t, 0), g.inT - 1)
            h = min(max(h, 0), g.inH - 1)
        }
        let row = source + (t * g.inH + h) * g.inW
        let strideW = g.stride.w
        // Output columns whose input column lies inside [0, inW): lo...hi.
        let lo = wOffset >= 0 ? 0 : (-wOffset + strideW - 1) / strideW
        let lastInput = g.inW - 1 - wOffset
        let hi = lastInput < 0 ? -1 : lastInput / strideW
        let end = owStart + count
        let leftEnd = min(end, max(owStart, lo))
        let leftValue: Float = mode == .zeros ? 0 : row[0]
        let rightValue: Float = mode == .zeros ? 0 : row[g.inW - 1]
        if leftEnd > owStart {
            destination.update(repeating: leftValue, count: leftEnd - owStart)
        }
        let middleEnd = max(leftEnd, min(end, hi + 1))
        if middleEnd > leftEnd {
            let out = destination + (leftEnd - owStart)
            let n = middleEnd - leftEnd
            if strideW == 1 {
                out.update(from: row + leftEnd + wOffset, count: n)
            } else {
                var inputColumn = leftEnd * strideW + wOffset
                for j in 0..<n {
                    out[j] = row[inputColumn]
                    inputColumn += strideW
                }
            }
        }
        if end > middleEnd {
            (destination + (middleEnd - owStart)).update(repeating: rightValue, count: end - middleEnd)
        }
    }
}
