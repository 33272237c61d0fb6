import Foundation
import Testing
import TestSupport
@testable import VideoVAEConfig

/// A recorded state-dict manifest (`key<TAB>dtype<TAB>shape`) from Fixtures/manifests, written by
/// Fixtures/generators/make_manifests.py from the original PyTorch model.
struct ManifestFile {
    struct Entry: Equatable {
        let key: String
        let dtype: String
        let shape: [Int]
    }

    let name: String
    let entries: [Entry]

    init(url: URL) throws {
        name = url.lastPathComponent
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        guard lines.first == "key\tdtype\tshape" else { throw ManifestError.badHeader(url.path) }
        entries = try lines.dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else { throw ManifestError.badLine(String(line)) }
            let shape = try fields[2].isEmpty ? [] : fields[2].split(separator: "x").map { part -> Int in
                guard let value = Int(part) else { throw ManifestError.badLine(String(line)) }
                return value
            }
            return Entry(key: String(fields[0]), dtype: String(fields[1]), shape: shape)
        }
    }

    var weightSpecs: [WeightSpec] { entries.map { WeightSpec(key: $0.key, shape: $0.shape) } }

    func shape(of key: String) -> [Int]? { entries.first { $0.key == key }?.shape }
}

enum ManifestError: Error {
    case badHeader(String)
    case badLine(String)
}

/// One row of Fixtures/manifests/index.tsv: which config a manifest was recorded from, and the embed_dim the
/// generator supplied when the config omits it.
struct ManifestIndexRow: CustomTestStringConvertible, Sendable {
    let manifest: String
    let config: String
    let suppliedEmbedDim: Int?

    var testDescription: String { manifest }

    var manifestURL: URL { FixturePaths.fixture("manifests/\(manifest)") }
    var configURL: URL { FixturePaths.repositoryRoot.appendingPathComponent(config) }

    /// The rows, read when the test runs (an unreadable index yields no rows, which a separate test catches).
    static var all: [ManifestIndexRow] {
        let url = FixturePaths.fixture("manifests/index.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { return nil }
            return ManifestIndexRow(manifest: fields[0], config: fields[1], suppliedEmbedDim: Int(fields[2]))
        }
    }
}
