import Foundation
import SafeTensors
import Testing
import TestSupport

/// Hostile or broken headers: each is refused with an error that names the file and what is wrong, before any
/// tensor is read and without allocating what the header claims.
struct MalformedHeaderTests {
    /// A file of `json` as header (length prefix included) followed by `data`.
    private func file(_ json: String, data: Int = 0, claimedLength: UInt64? = nil) throws -> String {
        let folder = try FixturePaths.temporaryDirectory("vvae-safetensors")
        let path = folder.appendingPathComponent("bad.safetensors").path
        let header = Array(json.utf8)
        let length = claimedLength ?? UInt64(header.count)
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
        bytes += header
        bytes += [UInt8](repeating: 0, count: data)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func refusal(_ json: String, data: Int = 0, claimedLength: UInt64? = nil) throws -> String {
        let path = try file(json, data: data, claimedLength: claimedLength)
        do {
            _ = try SafeTensorsFile(path: path)
        } catch let error as SafeTensorsError {
            #expect(error.path == path)
            #expect(error.description.hasPrefix(path))
            return error.description
        }
        Issue.record("\(json) was accepted")
        return ""
    }

    @Test func oversizedHeaderIsRefusedBeforeReading() throws {
        let message = try refusal("{}", claimedLength: UInt64(SafeTensorsHeader.maxHeaderBytes) + 1)
        #expect(message.contains("more than the 100000000 allowed"))
        #expect(try refusal("{}", claimedLength: UInt64.max).contains("more than"))
    }

    @Test func headerPastTheEndOfTheFile() throws {
        #expect(try refusal("{}", claimedLength: 1000).contains("the file ends after 2"))
    }

    @Test func offsetsPastTheEnd() throws {
        let message = try refusal(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: 8)
        #expect(message.contains("[a]") && message.contains("run past the end of the data (8 bytes)"))
    }

    @Test func overlappingRanges() throws {
        let message = try refusal(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: 12)
        #expect(message.contains("overlap"))
    }

    @Test func gapsBetweenTensors() throws {
        let message = try refusal(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: 8)
        #expect(message.contains("bytes 0..<4 of the data belong to no tensor"))
        #expect(try refusal(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: 8).contains("cover 4 bytes of data, the file holds 8"))
    }

    @Test func byteCountMustMatchDTypeAndShape() throws {
        let message = try refusal(#"{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}}"#, data: 8)
        #expect(message.contains("F16 of shape [3] needs 6 bytes, data_offsets give 8"))
        // A shape whose byte count overflows is refused, not trapped on.
        let huge = try refusal(#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, data: 8)
        #expect(huge.contains("overflows"))
        #expect(try refusal(#"{"a":{"dtype":"F64","shape":[1152921504606846976],"data_offsets":[0,8]}}"#, data: 8).contains("more than Int.max"))
    }

    @Test func badJSON() throws {
        #expect(try refusal(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#, data: 4).contains("not valid JSON"))
        #expect(try refusal("[1,2]").contains("not a JSON object"))
        #expect(try refusal(#"{"a": tru}"#).contains("not valid JSON: invalid literal at byte 14"))
        #expect(try refusal("{\"a\":\"\u{01}\"}").contains("control character"))
        #expect(try refusal(String(repeating: "[", count: 100)).contains("not a JSON object"))
        #expect(try refusal("{\"a\":" + String(repeating: "[", count: 100) + "}").contains("nested deeper than 64"))
    }

    @Test func duplicateKeysAreAmbiguous() throws {
        let json = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(try refusal(json, data: 8).contains("duplicate key \"a\""))
    }

    @Test func fieldsAreTyped() throws {
        #expect(try refusal(#"{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}"#, data: 4).contains("dtype F33 is not supported"))
        #expect(try refusal(#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: 4).contains("not a non-negative integer"))
        #expect(try refusal(#"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, data: 4).contains("not a non-negative integer"))
        #expect(try refusal(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: 4).contains("0 ≤ begin ≤ end"))
        #expect(try refusal(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}}"#, data: 4).contains("unknown field 'extra'"))
        #expect(try refusal(#"{"__metadata__":{"k":1}}"#).contains("value of 'k' is not a string"))
        #expect(try refusal(#"{"a":[1]}"#).contains("tensor entry is not an object"))
    }

    @Test func tooShortAndMissingFiles() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-safetensors")
        let short = folder.appendingPathComponent("short.safetensors").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: short))
        #expect(throws: SafeTensorsError(path: short, "3 bytes: too short for a safetensors file")) { try SafeTensorsFile(path: short) }
        let missing = folder.appendingPathComponent("missing.safetensors").path
        #expect(throws: SafeTensorsError(path: missing, "cannot open for reading")) { try SafeTensorsFile(path: missing) }
    }

    @Test func emptyHeaderObjectIsAValidEmptyFile() throws {
        let path = try file("{}  ")
        let opened = try SafeTensorsFile(path: path)
        #expect(opened.archivedTensors.isEmpty)
        #expect(opened.header.metadata.isEmpty)
    }
}
