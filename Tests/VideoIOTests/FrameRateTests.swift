import Testing
@testable import VideoIO

struct FrameRateTests {
    @Test func parsesAndReducesRationals() throws {
        let ntsc = try #require(FrameRate(parsing: "30000/1001"))
        #expect(ntsc.numerator == 30000 && ntsc.denominator == 1001)
        #expect(ntsc.description == "30000/1001")
        let reduced = try #require(FrameRate(parsing: "50/2"))
        #expect(reduced.numerator == 25 && reduced.denominator == 1 && reduced.description == "25")
        #expect(FrameRate(parsing: "24")?.framesPerSecond == 24)
        #expect(FrameRate(parsing: "0/0") == nil)
        #expect(FrameRate(parsing: "30/0") == nil)
        #expect(FrameRate(parsing: "abc") == nil)
    }

    @Test func prefersTheExactBaseRateWhenTheAverageAgrees() {
        let real = FrameRate(parsing: "30000/1001")
        #expect(VideoProbe.chooseRate(real: real, average: FrameRate(parsing: "2997/100")) == real)
        // Variable-rate file: r_frame_rate is a fine tick (90), the average (about 29.6) is the real rate.
        let average = FrameRate(parsing: "2960/100")
        #expect(VideoProbe.chooseRate(real: FrameRate(parsing: "90"), average: average) == average)
        #expect(VideoProbe.chooseRate(real: nil, average: average) == average)
    }
}
