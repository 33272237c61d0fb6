import Testing
import Foundation
import TestSupport
@testable import WeightConversion

@Test func WeightConversionFixturesFolderExists() {
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: FixturePaths.fixtures.path, isDirectory: &isDirectory) && isDirectory.boolValue)
}
