import Foundation
import Testing
@testable import VVAESupport

struct ProgressBarTests {
    @Test func showsTheRateAndTheTimeLeft() {
        // 8 of 20 frames in 6 s: 1.3 frames/s, 9 s to go at that pace.
        let line = ProgressBar.render(label: "reconstructing", current: 8, total: 20, elapsed: 6, unit: "frames", width: 10)
        #expect(line == "reconstructing  [####......]   40%  8/20 frames  1.3 frames/s  ETA 0:09")
    }

    @Test func beforeTheFirstUnitTheTimeLeftIsUnknown() {
        let line = ProgressBar.render(label: "encoding", current: 0, total: 16, elapsed: 2, unit: "frames", width: 4)
        #expect(line == "encoding  [....]    0%  0/16 frames  ETA --")
    }

    @Test func theLastLineSaysHowLongItTook() {
        let line = ProgressBar.render(label: "converting", current: 5, total: 5, elapsed: 3725, unit: nil, detail: "done", width: 4)
        #expect(line == "converting  [####]  100%  5/5  in 1:02:05  done")
    }

    @Test func clockFormats() {
        #expect(ProgressBar.clock(0) == "0:00")
        #expect(ProgressBar.clock(59.6) == "1:00")
        #expect(ProgressBar.clock(750) == "12:30")
        #expect(ProgressBar.clock(-3) == "0:00")
    }

    @Test func byteCountsShowSizesAndTheRate() {
        // 736 MB of 1.94 GB in 0.6 s.
        let line = ProgressBar.render(label: "converting", current: 736_000_000, total: 1_942_958_451, elapsed: 0.6,
                                      counting: .bytes, width: 10)
        #expect(line == "converting  [###.......]   38%  736 MB/1.9 GB  1.2 GB/s  ETA 0:01")
        #expect(ProgressBar.decimalBytes(999) == "999 B")
        #expect(ProgressBar.decimalBytes(1000) == "1.0 kB")
        #expect(ProgressBar.decimalBytes(12_345_678) == "12 MB")
    }

    /// Inside a unit (a chunk's frames while the model runs) the bar, the percentage and the rate move by the
    /// fraction; the count shows whole units only.
    @Test func aFractionOfAUnitMovesTheBarButNotTheCount() {
        let line = ProgressBar.render(label: "encoding", current: 7.5, total: 16, elapsed: 3, unit: "frames", width: 16)
        #expect(line == "encoding  [#######.........]   47%  7/16 frames  2.5 frames/s  ETA 0:03")
        let start = ProgressBar.render(label: "encoding", current: 0.5, total: 16, elapsed: 1, unit: "frames", width: 16)
        #expect(start == "encoding  [................]    3%  0/16 frames  0.5 frames/s  ETA 0:31")
        // Out of range or not a number: drawn as the nearest end, never a trap.
        #expect(ProgressBar.render(label: "x", current: .nan, total: 4, elapsed: 1, unit: nil, width: 4) == "x  [....]    0%  0/4  ETA --")
        #expect(ProgressBar.render(label: "x", current: 9, total: 4, elapsed: 1, unit: nil, width: 4) == "x  [####]  100%  4/4  in 0:01")
        // Almost done is not done.
        #expect(ProgressBar.render(label: "x", current: 15.95, total: 16, elapsed: 1, unit: nil, width: 4) == "x  [###.]   99%  15/16  ETA 0:00")
    }

    /// A bar that draws nothing gives a computation nothing to report to, so it can skip planning its progress.
    @Test func aQuietBarTakesNoReports() {
        let bar = ProgressBar(total: 16, label: "encoding", unit: "frames", quiet: true)
        #expect(bar.positionReport == nil)
        #expect(bar.shareReport == nil)
    }
}
