import Testing
@testable import VideoIO

@Test func videoIOModuleBuilds() { #expect(Bool(true)) }
