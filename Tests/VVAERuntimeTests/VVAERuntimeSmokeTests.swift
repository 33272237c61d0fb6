import Testing
import Foundation
import TestSupport
@testable import VVAERuntime

@Test func VVAERuntimeFixturesFolderExists() {
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: FixturePaths.fixtures.path, isDirectory: &isDirectory) && isDirectory.boolValue)
}
