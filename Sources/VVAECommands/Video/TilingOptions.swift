import VVAEPipeline
import ArgumentParser
import VVAERuntime
import VVAEWeights

/// `--tile`, `--tile-overlap` and `--max-memory`: how the commands that run the model on frames cut them into
/// spatial tiles. `--tile` and `--max-memory` exclude each other (one says the size, the other asks vvae to pick
/// it); without either, frames are not tiled.
struct TilingOptions: ParsableArguments {
    @Option(name: .long, help: "Run the model on overlapping square tiles of N pixels (a multiple of the model's spatial compression, 8 for the shipped models); frames no larger are not tiled.")
    var tile: Int?

    @Option(name: .long, help: "Overlap between neighbouring tiles in pixels, blended linearly (a multiple of the spatial compression, below --tile).")
    var tileOverlap = 32

    @Option(name: .long, help: "Pick the largest tile whose estimated peak memory fits, e.g. 4G or 512M (binary units; instead of --tile).")
    var maxMemory: String?

    var isRequested: Bool { tile != nil || maxMemory != nil }

    func validate() throws {
        if tile != nil && maxMemory != nil {
            throw ValidationError("--tile and --max-memory exclude each other: --tile sets the tile size, --max-memory lets vvae pick it")
        }
        if let tile, tile <= 0 { throw ValidationError("--tile must be a positive number of pixels, got \(tile)") }
        if tileOverlap < 0 { throw ValidationError("--tile-overlap must not be negative, got \(tileOverlap)") }
        if let tile, tileOverlap >= tile {
            throw ValidationError("--tile-overlap (\(tileOverlap)) must be smaller than --tile (\(tile))")
        }
        if let maxMemory { _ = try MemorySize.parse(maxMemory) }
    }

    /// The tiling for chunks of `frames` frames of `height × width` (padded) pixels: nil when untiled. Checks the
    /// sizes against the model's spatial compression; `estimate` (needed with `--max-memory`) judges the budget.
    func resolve(model: VideoVAEModel, weights: String, estimate: TileMemoryEstimate?,
                 frames: Int, height: Int, width: Int) throws -> TileSize? {
        guard isRequested else { return nil }
        let multiple = model.config.spatialCompression
        if let tile, tile % multiple != 0 {
            throw ValidationError("--tile must be a multiple of \(multiple) (the spatial compression of \(weights)), got \(tile)")
        }
        guard tileOverlap % multiple == 0 else {
            throw ValidationError("--tile-overlap must be a multiple of \(multiple) (the spatial compression of \(weights)), got \(tileOverlap)")
        }
        if let tile { return TileSize(tile: tile, overlap: tileOverlap) }
        guard let maxMemory, let estimate else { return nil }
        do {
            return try estimate.largestTile(within: try MemorySize.parse(maxMemory), frames: frames,
                                             frameHeight: height, frameWidth: width, overlap: tileOverlap)
        } catch let refusal as TilingRefusal {
            throw ValidationError(refusal.description)
        }
    }

    /// The memory estimate for `model`, whose weights (counted as float32) are in `weights`.
    static func estimate(_ model: VideoVAEModel, weights: String) throws -> TileMemoryEstimate {
        let weightBytes = try WeightFile(path: weights).entries.reduce(0) { $0 + $1.shape.reduce(1, *) * 4 }
        return TileMemoryEstimate(config: model.config, weightBytes: weightBytes)
    }

    /// The model behind the tiling asked for (a plain run without --tile or --max-memory); says which tiles it uses
    /// unless `quiet`. The weight file is read for the estimate once, and only for `--max-memory`.
    func coder(_ model: VideoVAEModel, weights: String, frames: Int, height: Int, width: Int, quiet: Bool) throws -> TiledCoder {
        let estimate = maxMemory == nil ? nil : try Self.estimate(model, weights: weights)
        let size = try resolve(model: model, weights: weights, estimate: estimate,
                               frames: frames, height: height, width: width)
        if isRequested && !quiet {
            var line = Self.describe(size, height: height, width: width)
            if let maxMemory, let estimate {
                let tile = (height: min(size?.tile ?? height, height), width: min(size?.tile ?? width, width))
                let peak = estimate.peakBytes(frames: frames, frame: (height, width), tile: tile)
                line += "; estimated peak \(TensorTable.humanBytes(peak)) for --max-memory \(maxMemory)"
            }
            print(line)
        }
        return TiledCoder(model: model, tiling: size)
    }

    /// A line for the user about the tiling in use.
    static func describe(_ tiling: TileSize?, height: Int, width: Int) -> String {
        guard let tiling, tiling.tile < max(height, width) else { return "tiles: none (\(width)x\(height) frames run whole)" }
        return "tiles: \(tiling.tile)x\(tiling.tile) pixels, overlap \(tiling.overlap), over \(width)x\(height) frames"
    }
}
