import Testing
import Foundation
import TestSupport
@testable import VideoVAEConfig

@Test func VideoVAEConfigFixturesFolderExists() {
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: FixturePaths.fixtures.path, isDirectory: &isDirectory) && isDirectory.boolValue)
}
