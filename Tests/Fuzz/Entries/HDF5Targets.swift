import VVAEPipeline
import VVAECommands
import VVAERuntime
import VVAEWeights

extension FuzzTarget {
    /// A weight file through libhdf5: the format attributes, every dataset's checksum, then a model built from the
    /// config inside (every dataset read and checked against the shapes the config asks for).
    static let weightFile = FuzzTarget(name: "weight-file", summary: "a vvae weight file (HDF5): opened, verified, a model built from it", maxLength: 256 << 10) { input in
        let weights = try WeightFile(path: ScratchFile.write(input, as: "weights.h5"))
        _ = try weights.verify()
        _ = try VideoVAEModel(weights: weights)
    }

    /// A latent file through libhdf5: every attribute range-checked, the audio and caption records.
    static let latentFile = FuzzTarget(name: "latent-file", summary: "a vvae latent file (HDF5), read as vvae decode reads it", maxLength: 128 << 10) { input in
        _ = try LatentFile.read(ScratchFile.write(input, as: "latent.h5"))
    }

    /// A golden recording through libhdf5: the call index and each call's inputs and output.
    static let goldenFile = FuzzTarget(name: "golden-file", summary: "a golden recording (HDF5): every call's inputs and output", maxLength: 384 << 10) { input in
        let recording = try GoldenRecording(path: ScratchFile.write(input, as: "golden.h5"))
        for call in recording.calls {
            _ = try recording.moduleType(call.module)
            _ = try recording.inputs(of: call)
            _ = try recording.output(of: call)
        }
    }
}

extension FuzzTarget {
    /// A text-encoder file through libhdf5: the T5 config.json, the tokenizer stored inside, every dataset checked.
    static let textEncoderFile = FuzzTarget(name: "text-encoder-file", summary: "a vvae text-encoder file (HDF5): verified, the encoder and tokenizer built", maxLength: 320 << 10) { input in
        let path = try ScratchFile.write(input, as: "t5.h5")
        _ = try TextEncoderFile(path: path).verify()
        _ = try TextEncoder(path: path)
    }
}
