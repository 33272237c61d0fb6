// swift-tools-version:6.0
import PackageDescription

/// Module map (see Docs/ARCHITECTURE.md):
/// - C bridges: one `.systemLibrary` per C library the card names; unsafe code stays in the Swift layer right above.
/// - VVAESupport: small shared pieces (SHA-256 over swift-crypto, atomic output files, progress on a TTY).
/// - TorchCheckpoint: reads `torch.save` files (zip and legacy) with our own unpickler. Uses libzip.
/// - SafeTensors: reads and writes Hugging Face `.safetensors` files (header checked as untrusted input).
/// - HDF5Kit: thin, typed Swift layer over libhdf5.
/// - VideoVAEConfig: YAML (libyaml) → model config → expected weight manifest.
/// - VVAEFormats: the headers of vvae's own files (weight, text-encoder, latent, layer recording): one typed,
///   versioned value per format that the writer writes and the readers read back range-checked (Docs/FORMAT.md).
/// - VVAEWeights: the vvae HDF5 weight and text-encoder files: tensors by key, reading, writing, verifying.
/// - WeightConversion: checkpoint → remapped state dict → HDF5 weight file; comparison; a Hugging Face T5 folder →
///   text-encoder file.
/// - TextTokenizer: captions to token ids without Python: upstream's caption cleaning, the SentencePiece Unigram
///   tokenizer as `T5TokenizerFast` runs it (from `tokenizer.json` or `spiece.model`).
/// - VVAERuntime: the CPU reference runtime (OpenBLAS): the VAE and the T5 text encoder.
/// - VideoIO: video files in and out through the ffmpeg program (frames piped as raw RGB24).
/// - VVAEPipeline: video ↔ chunks ↔ model ↔ video, one chunk loop for encode, decode and reconstruct; spatial
///   tiling; the latent file format.
/// - VVAECommands: the argument-parser commands; the three executables are one-line mains around them.
let package = Package(
    name: "vvae",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vvae", targets: ["vvae"]),
        .executable(name: "vvae-inspect", targets: ["vvae-inspect"]),
        .executable(name: "vvae-convert", targets: ["vvae-convert"]),
        .library(name: "TorchCheckpoint", targets: ["TorchCheckpoint"]),
        .library(name: "SafeTensors", targets: ["SafeTensors"]),
        .library(name: "TextTokenizer", targets: ["TextTokenizer"]),
        .library(name: "VVAERuntime", targets: ["VVAERuntime"]),
        .library(name: "VVAEPipeline", targets: ["VVAEPipeline"]),
        .library(name: "WeightConversion", targets: ["WeightConversion"]),
        .library(name: "VVAEWeights", targets: ["VVAEWeights"]),
        .library(name: "VVAEFormats", targets: ["VVAEFormats"]),
        .library(name: "VideoVAEConfig", targets: ["VideoVAEConfig"]),
        .library(name: "VideoIO", targets: ["VideoIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"]), .brew(["libzip"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"]), .brew(["hdf5"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),

        .target(name: "VVAESupport", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "TorchCheckpoint", dependencies: ["CLibZip", "VVAESupport"]),
        .target(name: "SafeTensors", dependencies: ["TorchCheckpoint", "VVAESupport"]),
        .target(name: "HDF5Kit", dependencies: ["CHDF5", "VVAESupport"]),
        .target(name: "VideoVAEConfig", dependencies: ["CYAML", "VVAESupport"]),
        .target(name: "VideoIO", dependencies: ["VVAESupport"]),
        .target(name: "VVAEFormats", dependencies: ["HDF5Kit", "VVAESupport"]),
        .target(name: "VVAEWeights", dependencies: ["VVAEFormats", "HDF5Kit", "VVAESupport"]),
        .target(name: "WeightConversion", dependencies: ["TorchCheckpoint", "SafeTensors", "HDF5Kit", "VideoVAEConfig", "VVAEFormats", "VVAEWeights", "VVAESupport", "TextTokenizer", "VVAERuntime"]),
        .target(name: "TextTokenizer", dependencies: ["VVAESupport"]),
        .target(name: "VVAERuntime", dependencies: ["TextTokenizer", "HDF5Kit", "VideoVAEConfig", "VVAEFormats", "VVAEWeights", "VVAESupport", "COpenBLAS"]),
        .target(name: "VVAEPipeline", dependencies: ["VVAERuntime", "VVAEFormats", "VVAEWeights", "HDF5Kit", "VideoIO", "VVAESupport", "TextTokenizer"]),
        .target(name: "VVAECommands", dependencies: [
            "VVAEPipeline", "TorchCheckpoint", "SafeTensors", "HDF5Kit", "VideoVAEConfig", "VVAEFormats", "VVAEWeights", "WeightConversion", "VVAERuntime", "VVAESupport", "VideoIO",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "vvae", dependencies: ["VVAECommands"]),
        .executableTarget(name: "vvae-inspect", dependencies: ["VVAECommands"]),
        .executableTarget(name: "vvae-convert", dependencies: ["VVAECommands"]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .target(name: "FuzzEntries", dependencies: [
            "TorchCheckpoint", "SafeTensors", "VideoVAEConfig", "HDF5Kit", "VVAEFormats", "VVAEWeights", "VVAERuntime", "VVAEPipeline", "VVAECommands", "VideoIO",
            "TextTokenizer",
        ], path: "Tests/Fuzz/Entries"),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzEntries", "TestSupport"], path: "Tests/Fuzz/Replay"),
        .testTarget(name: "VVAESupportTests", dependencies: ["VVAESupport", "TestSupport"]),
        .testTarget(name: "TorchCheckpointTests", dependencies: ["TorchCheckpoint", "VVAESupport", "TestSupport"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors", "TorchCheckpoint", "VVAESupport", "TestSupport"]),
        .testTarget(name: "HDF5KitTests", dependencies: ["HDF5Kit", "TestSupport"]),
        .testTarget(name: "VideoVAEConfigTests", dependencies: ["VideoVAEConfig", "TestSupport"]),
        .testTarget(name: "VideoIOTests", dependencies: ["VideoIO", "TestSupport"]),
        .testTarget(name: "TextTokenizerTests", dependencies: ["TextTokenizer", "TestSupport"]),
        .testTarget(name: "VVAEFormatsTests", dependencies: [
            "VVAEFormats", "VVAEWeights", "WeightConversion", "VideoVAEConfig", "HDF5Kit", "VVAESupport", "TestSupport",
        ]),
        .testTarget(name: "VVAEWeightsTests", dependencies: ["VVAEWeights", "TestSupport"]),
        .testTarget(name: "WeightConversionTests", dependencies: ["WeightConversion", "VVAEWeights", "TorchCheckpoint", "HDF5Kit", "TestSupport"]),
        .testTarget(name: "VVAERuntimeTests", dependencies: [
            "VVAERuntime", "WeightConversion", "VVAEFormats", "VVAEWeights", "HDF5Kit", "VideoVAEConfig", "TestSupport",
        ]),
        .testTarget(name: "VVAEPipelineTests", dependencies: ["VVAEPipeline", "VVAEFormats", "VVAERuntime", "VVAEWeights", "WeightConversion", "VideoVAEConfig", "VideoIO", "HDF5Kit", "TestSupport"]),
        .testTarget(name: "VVAECommandsTests", dependencies: ["VVAECommands", "VVAEFormats", "VVAEPipeline", "VVAERuntime", "VideoIO", "HDF5Kit", "TestSupport"]),
    ]
)

// The libFuzzer executable (Docs/FUZZING.md) links libFuzzer's own `main`, so it exists only in the fuzz build:
// `VVAE_FUZZ=1 swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address --product vvae-fuzz`,
// which Tests/Fuzz/fuzz.sh runs.
if Context.environment["VVAE_FUZZ"] == "1" {
    package.products.append(.executable(name: "vvae-fuzz", targets: ["vvae-fuzz"]))
    package.targets += [
        .systemLibrary(name: "CLibFuzzer", path: "Tests/Fuzz/CLibFuzzer"),
        .executableTarget(name: "vvae-fuzz", dependencies: ["FuzzEntries", "CLibFuzzer"], path: "Tests/Fuzz/Driver"),
    ]
}
