/// Scatter-adds a column tile back into the (larger) output volume — the adjoint of `Im2Col` with zero padding.
enum Col2Im {
    /// `geometry` is seen from the output: `in*` is the volume written to, `out*` the positions the columns hold.
    static func accumulate(
        columns: UnsafePointer<Float>, geometry g: ConvGeometry, start: Int, count: Int,
        output: UnsafeMutablePointer<Float>
    ) {
        let kVolume = g.kernel.volume
        let kHW = g.kernel.h * g.kernel.w
        // Each output channel owns disjoint memory, so channels run in parallel without races.
        ParallelLoop.forEachRange(count: g.channels, workPerItem: kVolume * count) { channels in
            for channel in channels {
                let plane = output + channel * g.inputPlane
                for kernelIndex in 0..<kVolume {
                    let kt = kernelIndex / kHW
                    let kh = (kernelIndex % kHW) / g.kernel.w
                    let kw = kernelIndex % g.kernel.w
                    let source = columns + (channel * kVolume + kernelIndex) * count
                    var iw = start % g.outW
                    var ih = (start / g.outW) % g.outH
                    var it = start / (g.outW * g.outH)
                    var done = 0
                    while done < count {
                        let segment = min(g.outW - iw, count - done)
                        let ot = it * g.stride.t + kt - g.padT
                        let oh = ih * g.stride.h + kh - g.padH
                        if ot >= 0 && ot < g.inT && oh >= 0 && oh < g.inH {
                            addSegment(source: source + done, row: plane + (ot * g.inH + oh) * g.inW,
                                       width: g.inW, strideW: g.stride.w, wOffset: kw - g.padW,
                                       iwStart: iw, count: segment)
                        }
                        done += segment
                        iw = 0
                        ih += 1
                        if ih == g.outH {
                            ih = 0
                            it += 1
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func addSegment(
        source: UnsafePointer<Float>, row: UnsafeMutablePointer<Float>,
        width: Int, strideW: Int, wOffset: Int, iwStart: Int, count: Int
    ) {
        // Input columns iw whose output column iw·strideW + wOffset lies in [0, width).
        let lo = wOffset >= 0 ? 0 : (-wOffset + strideW - 1) / strideW
        let last = width - 1 - wOffset
        let hi = last < 0 ? -1 : last / strideW
        let first = max(iwStart, lo)
        let end = min(iwStart + count, hi + 1)
        guard first < end else { return }
        let src = source + (first - iwStart)
        if strideW == 1 {
            let dst = row + first + wOffset
            for j in 0..<(end - first) { dst[j] += src[j] }
        } else {
            var column = first * strideW + wOffset
            for j in 0..<(end - first) {
                row[column] += src[j]
                column += strideW
            }
        }
    }
}
