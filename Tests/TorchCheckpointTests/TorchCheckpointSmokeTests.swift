import Testing
import Foundation
import TestSupport
@testable import TorchCheckpoint

@Test func TorchCheckpointFixturesFolderExists() {
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: FixturePaths.fixtures.path, isDirectory: &isDirectory) && isDirectory.boolValue)
}
