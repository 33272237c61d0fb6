import Testing
import Foundation
import TestSupport
@testable import HDF5Kit

@Test func HDF5KitFixturesFolderExists() {
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: FixturePaths.fixtures.path, isDirectory: &isDirectory) && isDirectory.boolValue)
}
