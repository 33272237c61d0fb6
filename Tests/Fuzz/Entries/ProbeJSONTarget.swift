import Foundation
import VideoIO

extension FuzzTarget {
    /// ffprobe's JSON report as `VideoProbe` reads it: streams, rates, sizes, durations, audio.
    static let probeJSON = FuzzTarget(name: "probe-json", summary: "ffprobe's JSON report of a video (VideoProbe)", maxLength: 16 << 10) { input in
        let probe = try VideoProbe(path: "fuzz.mp4", ffprobeJSON: Data(input))
        _ = String(describing: probe)
    }
}
