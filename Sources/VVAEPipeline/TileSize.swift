/// A tile edge and the overlap between neighbouring tiles, in pixels.
public struct TileSize: Equatable, Sendable {
    public let tile: Int
    public let overlap: Int

    public init(tile: Int, overlap: Int) {
        self.tile = tile
        self.overlap = overlap
    }
}
