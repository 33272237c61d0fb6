import Testing
@testable import VideoIO

struct StderrCleanupTests {
    @Test func dropsAddressPrefixesAndRepeats() {
        #expect(OutputTail.clean("[mov,mp4,m4a @ 0x55e716444480] moov atom not found") == "moov atom not found")
        #expect(OutputTail.clean("file:/tmp/a.mp4: Invalid data") == "/tmp/a.mp4: Invalid data")
        #expect(OutputTail.clean("[out#0/mp4] kept") == "[out#0/mp4] kept")
    }
}
