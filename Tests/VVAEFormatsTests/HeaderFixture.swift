import Foundation
import HDF5Kit
import TestSupport

/// Small HDF5 files with hand-set root attributes, for the hostile-header tests.
enum HeaderFixture {
    /// A fresh file at a new path with `attributes` on its root and a `/latent`-shaped dataset when asked.
    static func file(_ attributes: [(String, HDF5AttributeValue)], latentShape: [Int]? = nil) throws -> String {
        let path = try FixturePaths.temporaryDirectory("vvae-headers").appendingPathComponent("f.h5").path
        let file = try HDF5File.create(atPath: path)
        for (name, value) in attributes { try file.setAttribute(name, value) }
        if let latentShape {
            try file.writeDataset("/latent", shape: latentShape, values: [Float](repeating: 0.5, count: latentShape.reduce(1, *)))
        }
        try file.close()
        return path
    }

    /// `attributes` with `name` replaced (or added), or removed when `value` is nil.
    static func with(_ attributes: [(String, HDF5AttributeValue)], _ name: String, _ value: HDF5AttributeValue?)
        -> [(String, HDF5AttributeValue)] {
        var list = attributes.filter { $0.0 != name }
        if let value { list.append((name, value)) }
        return list
    }
}
