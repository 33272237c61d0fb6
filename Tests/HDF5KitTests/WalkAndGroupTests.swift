import Testing
@testable import HDF5Kit

@Suite struct WalkAndGroupTests {
    @Test func walkListsEveryDatasetSortedWithTypeAndShape() throws {
        let path = try TestFiles.scratchPath("walk.h5")
        let file = try HDF5File.create(atPath: path)
        try file.writeDataset("/encoder/down/10/weight", shape: [1], values: [Float(1)])
        try file.writeDataset("/encoder/down/2/weight", elementType: .bfloat16, shape: [2, 1], bitPatterns: [1, 2])
        try file.writeDataset("/decoder/bias", shape: [], values: [Int64(5)])
        try file.writeDataset("top", shape: [0], values: [UInt8]())
        try file.createGroup("/empty/group")
        try file.setAttribute("meta", .string("not a dataset"))

        let datasets = try file.datasets()
        #expect(datasets.map(\.path) == [
            "/decoder/bias", "/encoder/down/10/weight", "/encoder/down/2/weight", "/top",
        ])
        #expect(datasets.map(\.elementType) == [.int64, .float32, .bfloat16, .uint8])
        #expect(datasets.map(\.shape) == [[], [1], [2, 1], [0]])
        #expect(try file.datasetPaths() == datasets.map(\.path))
    }

    @Test func objectKindsAndGroupCreation() throws {
        let path = try TestFiles.scratchPath("groups.h5")
        let file = try HDF5File.create(atPath: path)
        try file.createGroup("a/b/c")
        try file.createGroup("/a/b/c")  // existing group: no change, no error
        try file.writeDataset("/a/b/w", shape: [1], values: [Double(1)])
        #expect(try file.objectKind(at: "/") == .group)
        #expect(try file.objectKind(at: "/a/b") == .group)
        #expect(try file.objectKind(at: "/a/b/c/") == .group)
        #expect(try file.objectKind(at: "/a/b/w") == .dataset)
        #expect(try file.objectKind(at: "/a/x") == nil)
        #expect(try file.objectKind(at: "/a/b/w/below") == nil)
        let clash = #expect(throws: HDF5Error.self) { try file.createGroup("/a/b/w") }
        #expect(clash?.kind == .objectExists)
        let bad = #expect(throws: HDF5Error.self) { try file.createGroup("/a//b") }
        #expect(bad?.kind == .invalidArgument("object path '/a//b' has an empty, '.' or '..' component"))
    }

    /// The h5py fixture holds types and layouts we report but do not map: the walk still lists them.
    @Test func walkReportsForeignTypesAndLayouts() throws {
        let file = try HDF5File.open(atPath: TestFiles.h5pyTypes)
        let byPath = Dictionary(uniqueKeysWithValues: try file.datasets().map { ($0.path, $0) })
        let strings = try #require(byPath["/other/strings"])
        #expect(strings.elementType == nil && strings.typeDescription == "string" && strings.shape == [2])
        let chunked = try #require(byPath["/other/chunked_gzip"])
        #expect(chunked.layout == .chunked && chunked.byteOffset == nil && chunked.elementType == .float32)
        #expect(try file.read("/other/chunked_gzip", as: Float.self) == (0..<64).map(Float.init))
        let unsupported = #expect(throws: HDF5Error.self) { try file.readBytes("/other/strings") }
        #expect(unsupported?.kind == .unsupportedType("string"))
    }
}
