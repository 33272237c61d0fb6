/// A tile edge and the overlap between neighbouring tiles, in pixels.
struct TileSize: Equatable {
    let tile: Int
    let overlap: Int
}
