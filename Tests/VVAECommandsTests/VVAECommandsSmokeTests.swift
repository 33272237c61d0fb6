import Testing
import Foundation
import TestSupport
@testable import VVAECommands

@Test func VVAECommandsFixturesFolderExists() {
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: FixturePaths.fixtures.path, isDirectory: &isDirectory) && isDirectory.boolValue)
}
