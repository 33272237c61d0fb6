import VVAEFormats
import ArgumentParser
import HDF5Kit
import Foundation
import SafeTensors
import VVAESupport
import VVAEWeights

/// `vvae-inspect`: list the tensors of a checkpoint or HDF5 weight file.
public struct InspectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the tensors (name, dtype, shape) of a PyTorch checkpoint or a vvae HDF5 weight file.",
        discussion: """
        Reads PyTorch checkpoints written by torch.save (zip container, or the pre-1.6 legacy format) with vvae's own \
        unpickler: nothing in the file is ever run. Only the object pickle is read, so even multi-gigabyte \
        checkpoints list instantly. HDF5 weight files written by vvae-convert are listed the same way.

        Examples:
          vvae-inspect sota-4-16z.ckpt
          vvae-inspect sota-4-16z.ckpt --filter encoder.mid
          vvae-inspect out.h5 --json > out.json
          vvae-inspect --compare sota-4-16z.ckpt out.h5   # a lossless conversion?
          vvae-inspect --verify out.h5                     # re-check checksums
          vvae-inspect --verify out.h5 --json
        """
    )

    @Argument(help: "A PyTorch checkpoint (.ckpt, .pt, .pth, ...) or an HDF5 weight file; with --compare, two files.")
    var files: [String]

    @Flag(name: .long, help: "Compare two files (any mix of checkpoint and HDF5) key by key; exit 1 on any difference.")
    var compare = false

    @Flag(name: .long, help: "Recompute every dataset's SHA-256 in a vvae weight file (HDF5 or safetensors); exit 1 on any mismatch.")
    var verify = false

    @Flag(name: .long, help: "Print JSON instead: the listing, or with --compare or --verify their report (schemas in Docs/JSON.md).")
    var json = false

    @Option(name: .long, help: "Keep only tensors whose name contains this text.")
    var filter: String?

    public init() {}

    public func validate() throws {
        if compare {
            guard files.count == 2 else { throw ValidationError("--compare takes exactly two files, got \(files.count)") }
            guard !verify else { throw ValidationError("--compare and --verify cannot be combined") }
        } else {
            guard files.count == 1 else { throw ValidationError("give one file to list (or --compare A B), got \(files.count)") }
        }
    }

    public func run() throws {
        if compare {
            let comparison = try WeightComparison(try TensorSource.open(files[0]), try TensorSource.open(files[1]))
            print(json ? comparison.json.serialized(pretty: true) : comparison.render())
            if comparison.differenceCount > 0 { throw ExitCode(1) }
            return
        }
        let file = files[0]
        if verify {
            try runVerify(file)
            return
        }
        let inspected = try InspectedFile.load(path: file).filtered(by: filter)
        if json {
            print(inspected.json.serialized(pretty: true))
        } else {
            print(TensorTable.render(inspected))
        }
    }

    private func runVerify(_ file: String) throws {
        let results: [(key: String, result: WeightFile.Verification)]
        if try WeightFileSniffer.kind(ofFileAt: file) == .safetensors {
            results = try Self.verifySafeTensors(file)
        } else if try Self.isTextEncoderFile(file) {
            results = try TextEncoderFile(path: file).verify()
        } else {
            results = try WeightFile(path: file).verify()
        }
        let report = VerificationReport(file: file, results: results)
        print(json ? report.json.serialized(pretty: true) : report.render())
        if !report.allMatch { throw ExitCode(1) }
    }

    /// Whether an HDF5 file says it is a vvae text-encoder file.
    static func isTextEncoderFile(_ path: String) throws -> Bool {
        try FileKind.of(try HDF5File.open(atPath: path)) == .textEncoder
    }

    /// A safetensors file vvae-convert wrote: each tensor's bytes against its `sha256.<key>` metadata entry.
    static func verifySafeTensors(_ path: String) throws -> [(key: String, result: WeightFile.Verification)] {
        let file = try SafeTensorsFile(path: path)
        let reader = try MappedReader(path: path)
        let recorded = Dictionary(file.header.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        return try file.archivedTensors.map { tensor in
            guard let digest = recorded[WeightFileFormat.safetensorsChecksumPrefix + tensor.name],
                  let span = file.fileSpan(named: tensor.name) else { return (tensor.name, .noChecksum) }
            let actual = try reader.hexDigest(of: span)
            return (tensor.name, actual == digest ? .ok : .mismatch(recorded: digest, actual: actual))
        }
    }
}
