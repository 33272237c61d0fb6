import Testing
@testable import VVAERuntime

/// Conv3d against PyTorch, each case with the recorded weights; tolerance: `OpFixture.expectMatchesReference`.
@Suite struct Conv3dTests {
    /// Runs the case by every path that applies: plain im2col; per-frame columns (`FrameColumns`) when the kernel
    /// spans frames; Winograd F(2×2, 3×3) for 3×3 spatial taps at spatial stride 1. Large frames take the last
    /// two; the recorded frames are small, so each path is forced here.
    private func run(_ name: String, stride: Size3 = .one, padding: Padding3d = .zero,
                     mode: PaddingMode = .zeros, columnBufferBytes: Int = Conv3d.defaultColumnBufferBytes) throws {
        let fixture = OpFixture(name)
        var conv = try Conv3d(weight: fixture.tensor("weight"), bias: fixture.optionalTensor("bias"),
                              stride: stride, padding: padding, paddingMode: mode,
                              columnBufferBytes: columnBufferBytes)
        conv.frameColumnsMinimumPlane = .max
        conv.winogradMinimumTiles = .max
        try fixture.expectMatchesReference(try conv(fixture.tensor("x")))
        if conv.kernel.t > 1 {
            conv.frameColumnsMinimumPlane = 1
            try fixture.expectMatchesReference(try conv(fixture.tensor("x")))
        }
        if Winograd.applies(kernel: conv.kernel, stride: stride) {
            conv.winogradMinimumTiles = 1
            try fixture.expectMatchesReference(try conv(fixture.tensor("x")))
        }
    }

    /// The weight is stored tap-major for kT > 1; the public `weight` is PyTorch's layout again, and a re-padded
    /// copy shares it.
    @Test func weightReadsBackInPyTorchLayout() throws {
        let fixture = OpFixture("conv3d_k333_pad1_wide")
        let weight = try fixture.tensor("weight")
        let conv = try Conv3d(weight: weight, bias: nil, padding: Padding3d(symmetric: Size3(all: 1)))
        #expect(conv.weight == weight)
        #expect(conv.matrix.shape == [24, 3, 16, 3, 3])
        #expect(conv.matrix.scalars[9] == weight.scalars[27])  // [o 0, kt 0, c 1, 0, 0] is PyTorch's [0, 1, 0, 0, 0]
        let padded = try conv.withPadding(.zero, mode: .replicate)
        #expect(padded.matrix == conv.matrix && padded.padding == .zero && padded.paddingMode == .replicate)
        #expect(throws: TensorError.self) {
            try conv.withPadding(Padding3d(tBefore: -1, tAfter: 0, hBefore: 0, hAfter: 0, wBefore: 0, wAfter: 0),
                                 mode: .zeros)
        }
    }

    /// Work items of the per-frame path: every output frame and position covered once, the column buffer bound
    /// kept whenever one frame group of one position fits, never more than 2·kT frame blocks (twice a plain
    /// im2col tile), and at least four items where the frames allow.
    @Test(arguments: [(16384, 8, 1, 3, 1152), (1024, 8, 1, 3, 4608), (256, 8, 1, 3, 4608), (4096, 4, 2, 3, 2304),
                      (600, 5, 1, 3, 81)])
    func frameColumnPlan(plane: Int, outT: Int, strideT: Int, kernelT: Int, blockRows: Int) {
        for bound in [Conv3d.defaultColumnBufferBytes, 1 << 20, 4 * 81 * 3] {
            let plan = FrameColumns.Plan(outputPlane: plane, outT: outT, strideT: strideT, kernelT: kernelT,
                                         blockRows: blockRows, bufferBytes: bound, preferredColumns: 512)
            #expect(plan.spatialTiles * plan.spatialTile >= plane && (plan.spatialTiles - 1) * plan.spatialTile < plane)
            #expect(plan.groups * plan.groupFrames >= outT && (plan.groups - 1) * plan.groupFrames < outT)
            #expect(plan.framesPerGroup == (plan.groupFrames - 1) * strideT + kernelT)
            let bytes = plan.framesPerGroup * blockRows * plan.spatialTile * 4
            #expect(plan.framesPerGroup <= 2 * kernelT)
            #expect(bytes <= bound || (plan.groupFrames == 1 && plan.spatialTile == 1))
            if bound == Conv3d.defaultColumnBufferBytes {
                #expect(plan.spatialTiles * plan.groups >= min(4, outT * plan.spatialTiles))
            }
        }
    }

    @Test func kernel133Padding011() throws {
        try run("conv3d_k133_pad011", padding: Padding3d(symmetric: Size3(0, 1, 1)))
    }

    @Test func kernel333Padding1() throws {
        try run("conv3d_k333_pad1", padding: Padding3d(symmetric: Size3(all: 1)))
    }

    /// The encoder's downsample: F.pad (0,1,0,1,0,0) then stride (1,2,2) — here folded into the conv's own padding.
    @Test func downsampleAsymmetricZeroPadStride122() throws {
        try run("conv3d_k133_s122_zeropad_010100", stride: Size3(1, 2, 2),
                padding: Padding3d(torchOrder: (0, 1, 0, 1, 0, 0)))
    }

    @Test func replicatePadded333() throws {
        try run("conv3d_k333_replicate", padding: Padding3d(symmetric: Size3(all: 1)), mode: .replicate)
    }

    /// SamePadConv3d with stride (2,1,1): T padded one before, none after; replicate.
    @Test func replicateStride211TimePad10() throws {
        try run("conv3d_k333_s211_replicate_t10", stride: Size3(2, 1, 1),
                padding: Padding3d(tBefore: 1, tAfter: 0, hBefore: 1, hAfter: 1, wBefore: 1, wAfter: 1),
                mode: .replicate)
    }

    @Test func pointwiseWithoutBias() throws {
        try run("conv3d_k111_nobias")
    }

    /// Same weights through tiny im2col tiles (tile boundaries falling mid-row and mid-frame) must still match.
    @Test(arguments: [4 * 432 * 1, 4 * 432 * 7, 4 * 432 * 50, Conv3d.defaultColumnBufferBytes])
    func tiledIm2col(columnBufferBytes: Int) throws {
        try run("conv3d_k333_pad1_wide", padding: Padding3d(symmetric: Size3(all: 1)),
                columnBufferBytes: columnBufferBytes)
    }

    /// Tiling also has to be right with replicate padding and strides.
    @Test func tiledReplicateStrided() throws {
        try run("conv3d_k333_s211_replicate_t10", stride: Size3(2, 1, 1),
                padding: Padding3d(tBefore: 1, tAfter: 0, hBefore: 1, hAfter: 1, wBefore: 1, wAfter: 1),
                mode: .replicate, columnBufferBytes: 4 * 81 * 3)
    }

    @Test func rejectsChannelMismatchWithTypedError() throws {
        let conv = try Conv3d(weight: Tensor(zeros: [2, 3, 1, 1, 1]), bias: nil)
        #expect(throws: TensorError.self) { _ = try conv(Tensor(zeros: [1, 4, 1, 2, 2])) }
        #expect(throws: TensorError.self) { _ = try Conv3d(weight: Tensor(zeros: [2, 3, 1, 1]), bias: nil) }
        #expect(throws: TensorError.self) {
            _ = try Conv3d(weight: Tensor(zeros: [2, 3, 1, 1, 1]), bias: Tensor(zeros: [3]))
        }
        let big = try Conv3d(weight: Tensor(zeros: [2, 3, 3, 3, 3]), bias: nil)
        #expect(throws: TensorError.self) { _ = try big(Tensor(zeros: [1, 3, 1, 5, 5])) }
    }
}

@Suite struct Conv1dTests {
    @Test func kernel1() throws {
        let fixture = OpFixture("conv1d_k1")
        let conv = try Conv1d(weight: fixture.tensor("weight"), bias: fixture.tensor("bias"))
        try fixture.expectMatchesReference(try conv(fixture.tensor("x")))
    }

    @Test func kernel3Padding1() throws {
        let fixture = OpFixture("conv1d_k3_pad1")
        let conv = try Conv1d(weight: fixture.tensor("weight"), bias: fixture.tensor("bias"), padding: 1)
        try fixture.expectMatchesReference(try conv(fixture.tensor("x")))
    }
}

@Suite struct ConvTranspose3dTests {
    /// The temporal decoder's upsampler: k3, stride (2,1,1), padding 1, output padding (1,0,0).
    @Test(arguments: [Conv3d.defaultColumnBufferBytes, 4 * 81 * 7])
    func temporalUpsampler(columnBufferBytes: Int) throws {
        let fixture = OpFixture("conv_transpose3d_k3_s211_p1_op100")
        let conv = try ConvTranspose3d(weight: fixture.tensor("weight"), bias: fixture.tensor("bias"),
                                       stride: Size3(2, 1, 1), padding: Size3(all: 1),
                                       outputPadding: Size3(1, 0, 0), columnBufferBytes: columnBufferBytes)
        try fixture.expectMatchesReference(try conv(fixture.tensor("x")))
    }

    @Test func stride2EverywhereWithoutBias() throws {
        let fixture = OpFixture("conv_transpose3d_k3_s222_p1_op111_nobias")
        let conv = try ConvTranspose3d(weight: fixture.tensor("weight"), bias: nil,
                                       stride: Size3(all: 2), padding: Size3(all: 1), outputPadding: Size3(all: 1))
        try fixture.expectMatchesReference(try conv(fixture.tensor("x")))
    }

    @Test func rejectsOutputPaddingNotBelowStride() throws {
        #expect(throws: TensorError.self) {
            _ = try ConvTranspose3d(weight: Tensor(zeros: [1, 1, 3, 3, 3]), bias: nil, outputPadding: Size3(1, 0, 0))
        }
    }
}
