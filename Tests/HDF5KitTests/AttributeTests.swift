import Testing
@testable import HDF5Kit

@Suite struct AttributeTests {
    @Test func everyKindRoundTripsOnRootGroupAndDataset() throws {
        let path = try TestFiles.scratchPath("attributes.h5")
        let values: [String: HDF5AttributeValue] = [
            "text": .string("model:\n  ch: 128\nGrüße ✓"),
            "empty_text": .string(""),
            "count": .int64(.min),
            "big": .int64(.max),
            "ratio": .double(-0.1),
            "shape": .int64Array([16, 4, 3, 3, 3]),
            "no_dims": .int64Array([]),
            "scales": .doubleArray([0.5, .infinity, -0.0]),
        ]
        do {
            let file = try HDF5File.create(atPath: path)
            try file.createGroup("/encoder/down")
            try file.writeDataset("/encoder/down/weight", shape: [2], values: [Float(1), 2])
            for objectPath in ["/", "/encoder/down", "/encoder/down/weight"] {
                for (name, value) in values { try file.setAttribute(name, value, on: objectPath) }
            }
        }
        let file = try HDF5File.open(atPath: path)
        for objectPath in ["/", "encoder/down", "/encoder/down/weight"] {
            #expect(try file.attributeNames(on: objectPath) == values.keys.sorted())
            for (name, value) in values {
                #expect(try file.attribute(name, on: objectPath) == value, "\(objectPath) \(name)")
            }
        }
        #expect(try file.stringAttribute("text") == "model:\n  ch: 128\nGrüße ✓")
        #expect(try file.int64Attribute("count") == .min)
        #expect(try file.doubleAttribute("ratio") == -0.1)
        #expect(try file.int64ArrayAttribute("shape") == [16, 4, 3, 3, 3])
        #expect(bitPatterns(try file.doubleArrayAttribute("scales")) == bitPatterns([0.5, .infinity, -0.0]))
        #expect(try file.hasAttribute("ratio", on: "/encoder/down"))
        #expect(try !file.hasAttribute("absent"))
    }

    @Test func fixedLengthStringsReadLikeVariableOnes() throws {
        let path = try TestFiles.scratchPath("fixed.h5")
        let file = try HDF5File.create(atPath: path)
        try file.setAttribute("format", .string("vvae-weights"), stringStorage: .fixedLength)
        try file.setAttribute("blank", .string(""), stringStorage: .fixedLength)
        try file.setAttribute("unicode", .string("ä→ß"), stringStorage: .fixedLength)
        #expect(try file.stringAttribute("format") == "vvae-weights")
        #expect(try file.stringAttribute("blank") == "")
        #expect(try file.stringAttribute("unicode") == "ä→ß")
    }

    @Test func settingAgainReplacesTheValueAndType() throws {
        let path = try TestFiles.scratchPath("replace.h5")
        let file = try HDF5File.create(atPath: path)
        try file.setAttribute("version", .string("1"))
        try file.setAttribute("version", .int64(2))
        #expect(try file.attribute("version") == .int64(2))
        #expect(try file.attributeNames() == ["version"])
    }

    @Test func wrongKindAndMissingAttributeAreTypedErrors() throws {
        let path = try TestFiles.scratchPath("attribute-errors.h5")
        let file = try HDF5File.create(atPath: path)
        try file.setAttribute("count", .int64(3))
        let wrong = #expect(throws: HDF5Error.self) { try file.stringAttribute("count") }
        #expect(wrong?.kind == .wrongType(requested: "string", stored: "int64"))
        let missing = #expect(throws: HDF5Error.self) { try file.attribute("nope", on: "/") }
        #expect(missing?.kind == .missingAttribute(name: "nope"))
        #expect(missing?.objectPath == "/")
        let noObject = #expect(throws: HDF5Error.self) { try file.setAttribute("x", .int64(1), on: "/no/such") }
        #expect(noObject?.kind == .missingObject)
        #expect(noObject?.objectPath == "/no/such")
    }

    /// Attributes written by h5py (variable UTF-8, fixed bytes, int32, float32 arrays) read back with the values the
    /// generator stored.
    @Test func readsH5pyAttributes() throws {
        let file = try HDF5File.open(atPath: TestFiles.h5pyTypes)
        #expect(try file.stringAttribute("vlen_utf8") == "Grüße, vvae")
        #expect(try file.stringAttribute("fixed_ascii") == "fixed text")
        #expect(try file.int64Attribute("int64") == -9_007_199_254_740_993)
        #expect(try file.int64Attribute("int32") == -7)
        #expect(try file.doubleAttribute("float64") == 0.1)
        #expect(try file.doubleArrayAttribute("float32_array") == [0.5, -1.25])
        #expect(try file.int64ArrayAttribute("int_array") == [3, 1, 4, 1, 5])
        #expect(try file.stringAttribute("unit", on: "/le/float32") == "none")
        let empty = #expect(throws: HDF5Error.self) { try file.attribute("nothing", on: "/le/float32") }
        #expect(empty?.kind == .unsupportedType("empty (null dataspace) attribute"))
        #expect(try file.attributeNames() ==
            ["fixed_ascii", "float32_array", "float64", "int32", "int64", "int_array", "vlen_utf8"])
    }
}
