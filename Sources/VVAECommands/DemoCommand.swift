import ArgumentParser
import Foundation
import VideoIO
import VideoVAEConfig
import VVAEWeights
import WeightConversion

/// `vvae demo`: the whole tool chain on the small model bundled in Fixtures/, as a first run and a smoke test.
public struct DemoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the tool chain on the bundled demo model: convert, inspect, compare, verify, reconstruct a clip.",
        discussion: """
        Uses Fixtures/demo: demo16.ckpt, a small VideoVAE+ of the 16z family trained on one CPU core \
        (see Fixtures/demo/README.md), and clip.mp4, a short test-pattern clip with sound. --checkpoint, --config \
        and --clip name others. Writes the weight file, clip-reconstructed.mp4 and clip-comparison.png (one \
        frame: input, reconstruction and their difference x4, side by side) into --output-dir (default \
        ./vvae-demo) and prints the PSNR and SSIM of the reconstruction. Needs the ffmpeg program for the clip.

        Example (from the repository root):
          swift run -c release vvae demo
        """
    )

    @Option(name: .long, help: "The checkpoint to convert.")
    var checkpoint = "Fixtures/demo/demo16.ckpt"

    @Option(name: .long, help: "Its YAML config.")
    var config = "Fixtures/demo/config.yaml"

    @Option(name: .long, help: "The video to reconstruct with the converted weights.")
    var clip = "Fixtures/demo/clip.mp4"

    @Option(name: .long, help: "Where the demo writes its files.")
    var outputDir = "vvae-demo"

    public init() {}

    public func run() throws {
        for (path, option) in [(checkpoint, "--checkpoint"), (config, "--config"), (clip, "--clip")]
        where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path): not found. Run the demo from the repository root, or pass \(option).")
        }
        // Checked first, so a missing ffmpeg stops the demo before any work rather than after the conversion.
        do {
            _ = try FFmpegTools.locate()
        } catch {
            throw ValidationError("vvae demo reconstructs a video clip and needs the ffmpeg program. \(error)")
        }
        try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        let weights = (outputDir as NSString).appendingPathComponent(
            URL(fileURLWithPath: checkpoint).deletingPathExtension().lastPathComponent + ".h5")

        print("== 1. convert \(checkpoint) → \(weights)")
        let parsed = try VideoVAEModelConfig(contentsOf: URL(fileURLWithPath: config))
        let converter = WeightConverter(options: .init(dtype: .float32, overwrite: true, quiet: true,
                                                       toolVersion: "vvae \(VVAEVersion.string)"))
        let result = try converter.convert(checkpointPath: checkpoint, outputPath: weights,
                                           candidates: [ModelCandidate(config: parsed, name: URL(fileURLWithPath: config).lastPathComponent)])
        print("   \(result.tensorCount) tensors, \(result.parameterCount) parameters; dropped: "
              + (result.mapping.dropped.map(\.key).joined(separator: ", ")))

        print("== 2. inspect \(weights)")
        let listing = try InspectedFile.load(path: weights)
        if let summary = listing.modelSummary { print("   model: \(summary)") }
        for group in Dictionary(grouping: listing.tensors, by: { TensorTable.group(of: $0.name) }).sorted(by: { $0.key < $1.key }) {
            let count = group.value.reduce(0) { $0 + $1.elementCount }
            print("   \(group.key): \(group.value.count) tensors, \(TensorTable.grouped(count)) parameters")
        }

        print("== 3. compare checkpoint and weight file")
        let comparison = try WeightComparison(try TensorSource.open(checkpoint), try TensorSource.open(weights))
        print(comparison.render().split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))

        print("== 4. verify checksums")
        let verification = try WeightFile(path: weights).verify()
        let good = verification.filter { $0.result == .ok }.count
        print("   \(good) of \(verification.count) datasets match their recorded SHA-256")
        if comparison.differenceCount > 0 || good != verification.count { throw ExitCode(1) }

        let reconstructed = (outputDir as NSString).appendingPathComponent(
            URL(fileURLWithPath: clip).deletingPathExtension().lastPathComponent + "-reconstructed.mp4")
        print("== 5. reconstruct \(clip) → \(reconstructed)")
        let reconstruct = try ReconstructCommand.parse(["--weights", weights, clip, "-o", reconstructed, "--metrics", "--force"])
        try reconstruct.run()

        let picture = (outputDir as NSString).appendingPathComponent(
            URL(fileURLWithPath: clip).deletingPathExtension().lastPathComponent + "-comparison.png")
        let frame = try writeComparison(of: clip, and: reconstructed, to: picture)
        print("== 6. compare one frame → \(picture)")
        print("   frame \(frame): input | reconstruction (as written to the video) | difference ×\(Self.amplification)")
    }

    static let amplification = 4

    /// The middle frame of the clip and of its reconstruction, side by side with their amplified difference, as a
    /// PNG; returns the frame's index.
    private func writeComparison(of clip: String, and reconstruction: String, to path: String) throws -> Int {
        let tools = try FFmpegTools.locate()
        let original = try VideoReader(probe: try VideoProbe(path: clip, tools: tools), tools: tools).readAll()
        let decoded = try VideoReader(probe: try VideoProbe(path: reconstruction, tools: tools), tools: tools).readAll()
        let index = min(original.count, decoded.count) / 2
        guard index < original.count, index < decoded.count else {
            throw ValidationError("\(reconstruction): has no frames to compare")
        }
        let image = try ComparisonImage.make(input: original[index], output: decoded[index], amplification: Self.amplification)
        try VideoWriter.writeImage(image, to: path, overwrite: true, tools: tools)
        return index
    }
}
